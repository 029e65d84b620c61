-- A job's IANA time zone, as a Kubernetes CronJob's .spec.timeZone; NULL means UTC.
-- The layer validates the name against the runtime's zone database before writing it.
ALTER TABLE jobs ADD COLUMN time_zone TEXT NULL AFTER schedule;
