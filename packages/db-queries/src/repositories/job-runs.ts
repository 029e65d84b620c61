import type { Executor } from '@itinerary/db-core';
import {
  type JobRun,
  type JobRunInput,
  jobRunInputSchema,
  type RunStatus,
  runStatusSchema,
  textColumnSchema,
  validate,
} from '@itinerary/db-schema';
import { z } from 'zod';
import { checkId, checkLimit, checkTimestamp, MAX_LIMIT } from '../arguments.js';
import { layerNow } from '../clock.js';
import { notFound } from '../not-found.js';

/** A `job_runs` row as the driver returns it. */
export interface JobRunRow {
  job_id: string;
  run_id: string;
  scheduled_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  status: RunStatus;
  success: boolean | null;
  error: string | null;
}

/** The SELECT list of every job-run query. */
export const SELECT_RUNS =
  'SELECT job_id, run_id, scheduled_at, started_at, completed_at, status, success, error FROM job_runs';

/** Maps a `job_runs` row to a `JobRun`. */
export function toJobRun(row: JobRunRow): JobRun {
  return {
    jobId: row.job_id,
    runId: row.run_id,
    scheduledAt: row.scheduled_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    status: row.status,
    success: row.success,
    error: row.error,
  };
}

type Row = JobRunRow & Record<string, unknown>;

/** Reads the run of a job at one scheduled time; throws `NotFoundError` when there is none. */
export async function getJobRun(db: Executor, jobId: string, scheduledAt: Date): Promise<JobRun> {
  const [row] = await db.query<Row>(`${SELECT_RUNS} WHERE job_id = ? AND scheduled_at = ?`, [
    checkId(jobId, 'job id'),
    checkTimestamp(scheduledAt, 'scheduledAt'),
  ]);
  if (!row) throw notFound('job run', { jobId, scheduledAt });
  return toJobRun(row);
}

/** Reads a run by its run id; throws `NotFoundError` when there is none. */
export async function getJobRunByRunId(db: Executor, runId: string): Promise<JobRun> {
  const [row] = await db.query<Row>(`${SELECT_RUNS} WHERE run_id = ?`, [checkId(runId, 'run id')]);
  if (!row) throw notFound('job run', { runId });
  return toJobRun(row);
}

/** Reads a job's most recent runs, newest `scheduledAt` first, at most `limit` of them. */
export async function getJobRuns(db: Executor, jobId: string, limit: number): Promise<JobRun[]> {
  const rows = await db.query<Row>(`${SELECT_RUNS} WHERE job_id = ? ORDER BY scheduled_at DESC LIMIT ?`, [
    checkId(jobId, 'job id'),
    checkLimit(limit),
  ]);
  return rows.map(toJobRun);
}

/** Validates and inserts a run; a second run with the same run id, or job and time, is a `DuplicateError`. */
export async function createJobRun(db: Executor, input: JobRunInput): Promise<JobRun> {
  const run = validate(jobRunInputSchema, input, 'job run');
  await db.exec(
    'INSERT INTO job_runs (job_id, run_id, scheduled_at, started_at, completed_at, status, success, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      run.jobId,
      run.runId,
      run.scheduledAt,
      run.startedAt,
      run.completedAt,
      run.status,
      run.success,
      run.error,
    ],
  );
  return run;
}

/** Changes only a run's status; throws `NotFoundError` when the run does not exist. */
export async function updateJobRunStatus(db: Executor, runId: string, status: RunStatus): Promise<void> {
  const { rowsAffected } = await db.exec('UPDATE job_runs SET status = ? WHERE run_id = ?', [
    validate(runStatusSchema, status, 'status'),
    checkId(runId, 'run id'),
  ]);
  if (rowsAffected === 0) throw notFound('job run', { runId });
}

// Built once: constructing a zod schema costs more than validating with it.
const successSchema = z.boolean();
const runErrorSchema = textColumnSchema.nullable();

/**
 * Marks a run finished: status `completed` when it succeeded and `failed` when it did not,
 * the completion time, the success flag and the error text (null when none).
 */
export async function completeJobRun(
  db: Executor,
  runId: string,
  success: boolean,
  error: string | null = null,
): Promise<void> {
  const ok = validate(successSchema, success, 'success');
  const { rowsAffected } = await db.exec(
    'UPDATE job_runs SET status = ?, completed_at = ?, success = ?, error = ? WHERE run_id = ?',
    [
      ok ? 'completed' : 'failed',
      layerNow(),
      ok,
      validate(runErrorSchema, error ?? null, 'error'),
      checkId(runId, 'run id'),
    ],
  );
  if (rowsAffected === 0) throw notFound('job run', { runId });
}

/** Statuses of a run that has not finished: it counts against `maxConcurrentRuns`. */
const ACTIVE_STATUSES = ['pending', 'running'] as const;

/** How many runs of a job are pending or running (for `maxConcurrentRuns`); served by idx_job_runs_job_id_status. */
export async function countActiveRuns(db: Executor, jobId: string): Promise<number> {
  const [row] = await db.query<{ c: number }>(
    'SELECT COUNT(*) AS c FROM job_runs WHERE job_id = ? AND status IN (?, ?)',
    [checkId(jobId, 'job id'), ...ACTIVE_STATUSES],
  );
  return Number(row?.c ?? 0);
}

/**
 * The most recent successful run of a job, or null when it never succeeded (for
 * `requirePreviousSuccess`); served by the (job_id, scheduled_at) primary key, read backwards.
 */
export async function getLatestSuccessfulRun(db: Executor, jobId: string): Promise<JobRun | null> {
  const [row] = await db.query<Row>(
    `${SELECT_RUNS} WHERE job_id = ? AND success = ? ORDER BY scheduled_at DESC LIMIT 1`,
    [checkId(jobId, 'job id'), true],
  );
  return row ? toJobRun(row) : null;
}

/**
 * A job's runs scheduled in [from, to), oldest first (for `catchUp`: which instants already
 * have a run); served by the (job_id, scheduled_at) primary key. At most MAX_LIMIT rows.
 */
export async function getJobRunsBetween(
  db: Executor,
  jobId: string,
  from: Date,
  to: Date,
): Promise<JobRun[]> {
  const rows = await db.query<Row>(
    `${SELECT_RUNS} WHERE job_id = ? AND scheduled_at >= ? AND scheduled_at < ? ORDER BY scheduled_at LIMIT ?`,
    [checkId(jobId, 'job id'), checkTimestamp(from, 'from'), checkTimestamp(to, 'to'), MAX_LIMIT],
  );
  return rows.map(toJobRun);
}
