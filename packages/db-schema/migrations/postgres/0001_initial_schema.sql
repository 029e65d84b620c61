-- Initial schema (PostgreSQL). Same tables, columns, keys, indexes and delete rules as the
-- mysql and sqlite files, after the spec's "Schema Definition" and "Indexing Strategy".
-- Timestamps are TIMESTAMPTZ because pg reads plain TIMESTAMP as local time, and precision 3
-- because the layer's values are JavaScript Dates (milliseconds), as on MySQL DATETIME(3)
-- and SQLite, so a default now() reads back as exactly the value stored and compares equal.
-- JSON columns are JSONB. The engine wraps this file in a transaction.

CREATE TABLE constraints (
    id                       TEXT           NOT NULL,
    max_concurrent_runs      INTEGER,
    catch_up                 BOOLEAN,
    catch_up_window          TEXT,
    max_expected_run_time    TEXT,
    max_allowed_run_time     TEXT,
    pre_run_hook             JSONB,
    post_run_hook            JSONB,
    require_previous_success JSONB,
    created_at               TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    updated_at               TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT constraints_pkey PRIMARY KEY (id)
);

CREATE TABLE actions (
    id          TEXT           NOT NULL,
    name        TEXT           NOT NULL,
    action_type TEXT           NOT NULL,
    config      JSONB,
    created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT actions_pkey PRIMARY KEY (id),
    CONSTRAINT chk_actions_action_type CHECK (action_type IN
        ('retry', 'kickOffJob', 'webhook', 'killAllInstances', 'killLatestInstance', 'skipNextInstance'))
);

CREATE TABLE jobs (
    id            TEXT           NOT NULL,
    name          TEXT           NOT NULL,
    schedule      TEXT           NOT NULL,
    pod_spec      JSONB,
    constraint_id TEXT,
    created_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT fk_jobs_constraint_id FOREIGN KEY (constraint_id)
        REFERENCES constraints (id) ON DELETE SET NULL
);

CREATE INDEX idx_jobs_constraint_id ON jobs (constraint_id);

CREATE TABLE job_actions (
    job_id        TEXT NOT NULL,
    action_id     TEXT NOT NULL,
    "trigger"     TEXT NOT NULL,
    constraint_id TEXT,
    CONSTRAINT job_actions_pkey PRIMARY KEY (job_id, action_id),
    CONSTRAINT fk_job_actions_job_id FOREIGN KEY (job_id)
        REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT fk_job_actions_action_id FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE CASCADE,
    CONSTRAINT fk_job_actions_constraint_id FOREIGN KEY (constraint_id)
        REFERENCES constraints (id) ON DELETE CASCADE,
    CONSTRAINT chk_job_actions_trigger CHECK ("trigger" IN
        ('on_failure', 'on_violation', 'on_success', 'on_timeout'))
);

CREATE INDEX idx_job_actions_constraint_id ON job_actions (constraint_id);
-- Not in the spec's list, but the spec indexes every foreign key, and MySQL creates an
-- index on this one whatever we do, so all three dialects declare it under one name.
CREATE INDEX idx_job_actions_action_id ON job_actions (action_id);

CREATE TABLE job_runs (
    job_id       TEXT           NOT NULL,
    run_id       TEXT           NOT NULL,
    scheduled_at TIMESTAMPTZ(3) NOT NULL,
    started_at   TIMESTAMPTZ(3),
    completed_at TIMESTAMPTZ(3),
    status       TEXT           NOT NULL,
    success      BOOLEAN,
    error        TEXT,
    CONSTRAINT job_runs_pkey PRIMARY KEY (job_id, scheduled_at),
    CONSTRAINT fk_job_runs_job_id FOREIGN KEY (job_id)
        REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT chk_job_runs_status CHECK (status IN
        ('pending', 'running', 'completed', 'failed', 'cancelled'))
);

-- A unique index (not a constraint) as the spec has it. It is also the referenced key of
-- constraint_violations.run_id, so it must exist before that table.
CREATE UNIQUE INDEX idx_job_runs_run_id ON job_runs (run_id);
CREATE INDEX idx_job_runs_job_id ON job_runs (job_id);

CREATE TABLE constraint_violations (
    id             TEXT           NOT NULL,
    run_id         TEXT           NOT NULL,
    constraint_id  TEXT           NOT NULL,
    violation_time TIMESTAMPTZ(3) NOT NULL,
    action_taken   TEXT,
    details        JSONB,
    CONSTRAINT constraint_violations_pkey PRIMARY KEY (id),
    CONSTRAINT fk_constraint_violations_run_id FOREIGN KEY (run_id)
        REFERENCES job_runs (run_id) ON DELETE CASCADE,
    CONSTRAINT fk_constraint_violations_constraint_id FOREIGN KEY (constraint_id)
        REFERENCES constraints (id) ON DELETE CASCADE
);

CREATE INDEX idx_constraint_violations_run_id ON constraint_violations (run_id);
CREATE INDEX idx_constraint_violations_constraint_id ON constraint_violations (constraint_id);

CREATE TABLE scheduler_stats (
    stats_period_id          TEXT             NOT NULL,
    start_time               TIMESTAMPTZ(3)   NOT NULL,
    end_time                 TIMESTAMPTZ(3)   NOT NULL,
    iterations               INTEGER          NOT NULL DEFAULT 0,
    run_jobs                 INTEGER          NOT NULL DEFAULT 0,
    late_jobs                INTEGER          NOT NULL DEFAULT 0,
    time_passed_run_time     INTEGER          NOT NULL DEFAULT 0,
    missed_jobs              INTEGER          NOT NULL DEFAULT 0,
    time_passed_grace_period INTEGER          NOT NULL DEFAULT 0,
    jobs_cancelled           INTEGER          NOT NULL DEFAULT 0,
    min_inbox_length         INTEGER,
    max_inbox_length         INTEGER,
    avg_inbox_length         DOUBLE PRECISION,
    empty_inbox_time         INTEGER,
    avg_time_in_inbox        DOUBLE PRECISION,
    min_time_in_inbox        INTEGER,
    max_time_in_inbox        INTEGER,
    CONSTRAINT scheduler_stats_pkey PRIMARY KEY (stats_period_id)
);

CREATE TABLE orchestrator_stats (
    run_id              TEXT    NOT NULL,
    stats_period_id     TEXT    NOT NULL,
    runtime             INTEGER NOT NULL,
    constraints_checked INTEGER NOT NULL DEFAULT 0,
    actions_taken       INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT orchestrator_stats_pkey PRIMARY KEY (run_id),
    CONSTRAINT fk_orchestrator_stats_stats_period_id FOREIGN KEY (stats_period_id)
        REFERENCES scheduler_stats (stats_period_id) ON DELETE CASCADE
);

CREATE INDEX idx_orchestrator_stats_stats_period_id ON orchestrator_stats (stats_period_id);
