-- The scheduler counts a job's pending and running runs before each start
-- (maxConcurrentRuns): job_id alone would read every past run of the job.
CREATE INDEX idx_job_runs_job_id_status ON job_runs (job_id, status);
