import type { SqlParam } from '@itinerary/db-core';
import { jsonParam, SCHEDULER_STATS_COLUMNS, schedulerStatsParams } from '@itinerary/db-queries';
import type { SeedRows, SeedTable } from '../generator/seed-tables.js';

/** How the rows of one table become bound values: column list, values in that order, typical size. */
export interface TableColumns<T extends SeedTable> {
  columns: readonly string[];
  /** Appends the row's values to `out`, in `columns` order. */
  push(row: SeedRows[T], out: SqlParam[]): void;
  /** About how many bytes a row takes on the wire; keeps a statement below the servers' packet limits. */
  approxRowBytes: number;
}

const json = jsonParam;

/** The column mapping of every table the seed writes. `trigger` is quoted: it is a keyword in every dialect. */
export const TABLE_COLUMNS: { [T in SeedTable]: TableColumns<T> } = {
  constraints: {
    columns: [
      'id',
      'max_concurrent_runs',
      'catch_up',
      'catch_up_window',
      'max_expected_run_time',
      'max_allowed_run_time',
      'pre_run_hook',
      'post_run_hook',
      'require_previous_success',
      'created_at',
      'updated_at',
    ],
    push: (r, out) => {
      out.push(
        r.id,
        r.maxConcurrentRuns,
        r.catchUp,
        r.catchUpWindow,
        r.maxExpectedRunTime,
        r.maxAllowedRunTime,
        json(r.preRunHook),
        json(r.postRunHook),
        json(r.requirePreviousSuccess),
        r.createdAt,
        r.updatedAt,
      );
    },
    approxRowBytes: 400,
  },
  actions: {
    columns: ['id', 'name', 'action_type', 'config', 'created_at'],
    push: (r, out) => {
      out.push(r.id, r.name, r.actionType, json(r.config), r.createdAt);
    },
    approxRowBytes: 250,
  },
  jobs: {
    columns: ['id', 'name', 'schedule', 'time_zone', 'pod_spec', 'constraint_id', 'created_at', 'updated_at'],
    push: (r, out) => {
      out.push(
        r.id,
        r.name,
        r.schedule,
        r.timeZone,
        json(r.podSpec),
        r.constraintId,
        r.createdAt,
        r.updatedAt,
      );
    },
    approxRowBytes: 2_000,
  },
  job_actions: {
    columns: ['job_id', 'action_id', '"trigger"', 'constraint_id'],
    push: (r, out) => {
      out.push(r.jobId, r.actionId, r.trigger, r.constraintId);
    },
    approxRowBytes: 80,
  },
  job_runs: {
    columns: ['job_id', 'run_id', 'scheduled_at', 'started_at', 'completed_at', 'status', 'success', 'error'],
    push: (r, out) => {
      out.push(r.jobId, r.runId, r.scheduledAt, r.startedAt, r.completedAt, r.status, r.success, r.error);
    },
    approxRowBytes: 160,
  },
  constraint_violations: {
    columns: ['id', 'run_id', 'constraint_id', 'violation_time', 'action_taken', 'details'],
    push: (r, out) => {
      out.push(r.id, r.runId, r.constraintId, r.violationTime, r.actionTaken, json(r.details));
    },
    approxRowBytes: 250,
  },
  scheduler_stats: {
    columns: SCHEDULER_STATS_COLUMNS,
    push: (r, out) => {
      out.push(...schedulerStatsParams(r));
    },
    approxRowBytes: 200,
  },
  orchestrator_stats: {
    columns: ['run_id', 'stats_period_id', 'runtime', 'constraints_checked', 'actions_taken'],
    push: (r, out) => {
      out.push(r.runId, r.statsPeriodId, r.runtime, r.constraintsChecked, r.actionsTaken);
    },
    approxRowBytes: 90,
  },
};
