-- Initial schema (MySQL 8 / MariaDB 10.11). Same tables, columns, keys, indexes and delete
-- rules as the postgres and sqlite files.
-- Keyed text is VARCHAR(255) since TEXT cannot be a key. utf8mb4_bin keeps ids case-sensitive
-- as on the other databases. DATETIME(3) holds UTC, the layer sets time_zone to +00:00.
-- Indexes are declared inside CREATE TABLE so InnoDB uses them for the foreign keys instead
-- of adding indexes of its own. DDL commits implicitly here, so the engine runs this file one
-- statement at a time and records progress: every statement ends at a line-final semicolon
-- and no comment or literal contains one.

CREATE TABLE constraints (
    id                       VARCHAR(255) NOT NULL,
    max_concurrent_runs      INT          NULL,
    catch_up                 BOOLEAN      NULL,
    catch_up_window          TEXT         NULL,
    max_expected_run_time    TEXT         NULL,
    max_allowed_run_time     TEXT         NULL,
    pre_run_hook             JSON         NULL,
    post_run_hook            JSON         NULL,
    require_previous_success JSON         NULL,
    created_at               DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at               DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    CONSTRAINT chk_constraints_catch_up CHECK (catch_up IN (0, 1))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE actions (
    id          VARCHAR(255) NOT NULL,
    name        TEXT         NOT NULL,
    action_type VARCHAR(32)  NOT NULL,
    config      JSON         NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    CONSTRAINT chk_actions_action_type CHECK (action_type IN
        ('retry', 'kickOffJob', 'webhook', 'killAllInstances', 'killLatestInstance', 'skipNextInstance'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE jobs (
    id            VARCHAR(255) NOT NULL,
    name          TEXT         NOT NULL,
    schedule      TEXT         NOT NULL,
    pod_spec      JSON         NULL,
    constraint_id VARCHAR(255) NULL,
    created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY idx_jobs_constraint_id (constraint_id),
    CONSTRAINT fk_jobs_constraint_id FOREIGN KEY (constraint_id)
        REFERENCES constraints (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- idx_job_actions_action_id is not in the spec's list, but InnoDB needs an index on every
-- foreign key and would otherwise invent one, so all three dialects declare it by this name.
CREATE TABLE job_actions (
    job_id        VARCHAR(255) NOT NULL,
    action_id     VARCHAR(255) NOT NULL,
    `trigger`     VARCHAR(32)  NOT NULL,
    constraint_id VARCHAR(255) NULL,
    PRIMARY KEY (job_id, action_id),
    KEY idx_job_actions_constraint_id (constraint_id),
    KEY idx_job_actions_action_id (action_id),
    CONSTRAINT fk_job_actions_job_id FOREIGN KEY (job_id)
        REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT fk_job_actions_action_id FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE CASCADE,
    CONSTRAINT fk_job_actions_constraint_id FOREIGN KEY (constraint_id)
        REFERENCES constraints (id) ON DELETE CASCADE,
    CONSTRAINT chk_job_actions_trigger CHECK (`trigger` IN
        ('on_failure', 'on_violation', 'on_success', 'on_timeout'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE job_runs (
    job_id       VARCHAR(255) NOT NULL,
    run_id       VARCHAR(255) NOT NULL,
    scheduled_at DATETIME(3)  NOT NULL,
    started_at   DATETIME(3)  NULL,
    completed_at DATETIME(3)  NULL,
    status       VARCHAR(32)  NOT NULL,
    success      BOOLEAN      NULL,
    error        TEXT         NULL,
    PRIMARY KEY (job_id, scheduled_at),
    UNIQUE KEY idx_job_runs_run_id (run_id),
    KEY idx_job_runs_job_id (job_id),
    CONSTRAINT fk_job_runs_job_id FOREIGN KEY (job_id)
        REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT chk_job_runs_status CHECK (status IN
        ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT chk_job_runs_success CHECK (success IN (0, 1))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE constraint_violations (
    id             VARCHAR(255) NOT NULL,
    run_id         VARCHAR(255) NOT NULL,
    constraint_id  VARCHAR(255) NOT NULL,
    violation_time DATETIME(3)  NOT NULL,
    action_taken   TEXT         NULL,
    details        JSON         NULL,
    PRIMARY KEY (id),
    KEY idx_constraint_violations_run_id (run_id),
    KEY idx_constraint_violations_constraint_id (constraint_id),
    CONSTRAINT fk_constraint_violations_run_id FOREIGN KEY (run_id)
        REFERENCES job_runs (run_id) ON DELETE CASCADE,
    CONSTRAINT fk_constraint_violations_constraint_id FOREIGN KEY (constraint_id)
        REFERENCES constraints (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE scheduler_stats (
    stats_period_id          VARCHAR(255) NOT NULL,
    start_time               DATETIME(3)  NOT NULL,
    end_time                 DATETIME(3)  NOT NULL,
    iterations               INT          NOT NULL DEFAULT 0,
    run_jobs                 INT          NOT NULL DEFAULT 0,
    late_jobs                INT          NOT NULL DEFAULT 0,
    time_passed_run_time     INT          NOT NULL DEFAULT 0,
    missed_jobs              INT          NOT NULL DEFAULT 0,
    time_passed_grace_period INT          NOT NULL DEFAULT 0,
    jobs_cancelled           INT          NOT NULL DEFAULT 0,
    min_inbox_length         INT          NULL,
    max_inbox_length         INT          NULL,
    avg_inbox_length         DOUBLE       NULL,
    empty_inbox_time         INT          NULL,
    avg_time_in_inbox        DOUBLE       NULL,
    min_time_in_inbox        INT          NULL,
    max_time_in_inbox        INT          NULL,
    PRIMARY KEY (stats_period_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE orchestrator_stats (
    run_id              VARCHAR(255) NOT NULL,
    stats_period_id     VARCHAR(255) NOT NULL,
    runtime             INT          NOT NULL,
    constraints_checked INT          NOT NULL DEFAULT 0,
    actions_taken       INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id),
    KEY idx_orchestrator_stats_stats_period_id (stats_period_id),
    CONSTRAINT fk_orchestrator_stats_stats_period_id FOREIGN KEY (stats_period_id)
        REFERENCES scheduler_stats (stats_period_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
