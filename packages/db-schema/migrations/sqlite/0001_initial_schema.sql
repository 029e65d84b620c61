-- Initial schema (SQLite). Same tables, columns, keys, indexes and delete rules as the
-- postgres and mysql files.
-- The layer decodes values by declared type, so timestamps are declared TIMESTAMP and
-- booleans BOOLEAN exactly. That rules out STRICT tables, which only accept the five
-- storage class names.
-- Timestamps are ISO-8601 UTC text as Date.prototype.toISOString() writes it
-- (YYYY-MM-DDTHH:MM:SS.sssZ). One fixed form is what makes comparisons, ORDER BY and the
-- job_runs primary key on scheduled_at correct, so defaults produce it and CHECKs refuse
-- any other form (CURRENT_TIMESTAMP would give YYYY-MM-DD HH:MM:SS).
-- Foreign keys are enforced only when the connection sets PRAGMA foreign_keys = ON.

CREATE TABLE constraints (
    id                       TEXT      NOT NULL,
    max_concurrent_runs      INTEGER,
    catch_up                 BOOLEAN,
    catch_up_window          TEXT,
    max_expected_run_time    TEXT,
    max_allowed_run_time     TEXT,
    pre_run_hook             JSON,
    post_run_hook            JSON,
    require_previous_success JSON,
    created_at               TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at               TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (id),
    CONSTRAINT chk_constraints_catch_up CHECK (catch_up IS NULL OR catch_up IN (0, 1)),
    CONSTRAINT chk_constraints_pre_run_hook_json
        CHECK (pre_run_hook IS NULL OR json_valid(pre_run_hook)),
    CONSTRAINT chk_constraints_post_run_hook_json
        CHECK (post_run_hook IS NULL OR json_valid(post_run_hook)),
    CONSTRAINT chk_constraints_require_previous_success_json
        CHECK (require_previous_success IS NULL OR json_valid(require_previous_success)),
    CONSTRAINT chk_constraints_created_at_format
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    CONSTRAINT chk_constraints_updated_at_format
        CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

CREATE TABLE actions (
    id          TEXT      NOT NULL,
    name        TEXT      NOT NULL,
    action_type TEXT      NOT NULL,
    config      JSON,
    created_at  TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (id),
    CONSTRAINT chk_actions_action_type CHECK (action_type IN
        ('retry', 'kickOffJob', 'webhook', 'killAllInstances', 'killLatestInstance', 'skipNextInstance')),
    CONSTRAINT chk_actions_config_json
        CHECK (config IS NULL OR json_valid(config)),
    CONSTRAINT chk_actions_created_at_format
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

CREATE TABLE jobs (
    id            TEXT      NOT NULL,
    name          TEXT      NOT NULL,
    schedule      TEXT      NOT NULL,
    pod_spec      JSON,
    constraint_id TEXT,
    created_at    TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (id),
    FOREIGN KEY (constraint_id) REFERENCES constraints (id) ON DELETE SET NULL,
    CONSTRAINT chk_jobs_pod_spec_json
        CHECK (pod_spec IS NULL OR json_valid(pod_spec)),
    CONSTRAINT chk_jobs_created_at_format
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    CONSTRAINT chk_jobs_updated_at_format
        CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

CREATE INDEX idx_jobs_constraint_id ON jobs (constraint_id);

CREATE TABLE job_actions (
    job_id        TEXT NOT NULL,
    action_id     TEXT NOT NULL,
    "trigger"     TEXT NOT NULL,
    constraint_id TEXT,
    PRIMARY KEY (job_id, action_id),
    FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
    FOREIGN KEY (action_id) REFERENCES actions (id) ON DELETE CASCADE,
    FOREIGN KEY (constraint_id) REFERENCES constraints (id) ON DELETE CASCADE,
    CONSTRAINT chk_job_actions_trigger CHECK ("trigger" IN ('on_failure', 'on_violation', 'on_success', 'on_timeout'))
);

CREATE INDEX idx_job_actions_constraint_id ON job_actions (constraint_id);
-- Not in the spec's list, but the spec indexes every foreign key, and MySQL creates an
-- index on this one whatever we do, so all three dialects declare it under one name.
CREATE INDEX idx_job_actions_action_id ON job_actions (action_id);

CREATE TABLE job_runs (
    job_id       TEXT      NOT NULL,
    run_id       TEXT      NOT NULL,
    scheduled_at TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    completed_at TIMESTAMP,
    status       TEXT      NOT NULL,
    success      BOOLEAN,
    error        TEXT,
    PRIMARY KEY (job_id, scheduled_at),
    FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT chk_job_runs_status CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT chk_job_runs_success CHECK (success IS NULL OR success IN (0, 1)),
    CONSTRAINT chk_job_runs_scheduled_at_format
        CHECK (scheduled_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    CONSTRAINT chk_job_runs_started_at_format
        CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    CONSTRAINT chk_job_runs_completed_at_format
        CHECK (completed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

-- constraint_violations.run_id references this unique index.
CREATE UNIQUE INDEX idx_job_runs_run_id ON job_runs (run_id);
CREATE INDEX idx_job_runs_job_id ON job_runs (job_id);

CREATE TABLE constraint_violations (
    id             TEXT      NOT NULL,
    run_id         TEXT      NOT NULL,
    constraint_id  TEXT      NOT NULL,
    violation_time TIMESTAMP NOT NULL,
    action_taken   TEXT,
    details        JSON,
    PRIMARY KEY (id),
    FOREIGN KEY (run_id) REFERENCES job_runs (run_id) ON DELETE CASCADE,
    FOREIGN KEY (constraint_id) REFERENCES constraints (id) ON DELETE CASCADE,
    CONSTRAINT chk_constraint_violations_details_json
        CHECK (details IS NULL OR json_valid(details)),
    CONSTRAINT chk_constraint_violations_violation_time_format
        CHECK (violation_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

CREATE INDEX idx_constraint_violations_run_id ON constraint_violations (run_id);
CREATE INDEX idx_constraint_violations_constraint_id ON constraint_violations (constraint_id);

CREATE TABLE scheduler_stats (
    stats_period_id          TEXT      NOT NULL,
    start_time               TIMESTAMP NOT NULL,
    end_time                 TIMESTAMP NOT NULL,
    iterations               INTEGER   NOT NULL DEFAULT 0,
    run_jobs                 INTEGER   NOT NULL DEFAULT 0,
    late_jobs                INTEGER   NOT NULL DEFAULT 0,
    time_passed_run_time     INTEGER   NOT NULL DEFAULT 0,
    missed_jobs              INTEGER   NOT NULL DEFAULT 0,
    time_passed_grace_period INTEGER   NOT NULL DEFAULT 0,
    jobs_cancelled           INTEGER   NOT NULL DEFAULT 0,
    min_inbox_length         INTEGER,
    max_inbox_length         INTEGER,
    avg_inbox_length         REAL,
    empty_inbox_time         INTEGER,
    avg_time_in_inbox        REAL,
    min_time_in_inbox        INTEGER,
    max_time_in_inbox        INTEGER,
    PRIMARY KEY (stats_period_id),
    CONSTRAINT chk_scheduler_stats_start_time_format
        CHECK (start_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    CONSTRAINT chk_scheduler_stats_end_time_format
        CHECK (end_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

CREATE TABLE orchestrator_stats (
    run_id              TEXT    NOT NULL,
    stats_period_id     TEXT    NOT NULL,
    runtime             INTEGER NOT NULL,
    constraints_checked INTEGER NOT NULL DEFAULT 0,
    actions_taken       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id),
    FOREIGN KEY (stats_period_id) REFERENCES scheduler_stats (stats_period_id) ON DELETE CASCADE
);

CREATE INDEX idx_orchestrator_stats_stats_period_id ON orchestrator_stats (stats_period_id);
