import { DuplicateError, type Executor, type SqlParam } from '@itinerary/db-core';
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
import { valuesPlaceholders } from '../values-placeholders.js';

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

/** The columns of a `job_runs` INSERT, in the order `runParams` binds them. */
const INSERT_COLUMNS = 'job_id, run_id, scheduled_at, started_at, completed_at, status, success, error';
const INSERT_WIDTH = 8;

/** The bound values of runs, in `INSERT_COLUMNS` order. */
export function runParams(runs: readonly JobRun[]): SqlParam[] {
  const params: SqlParam[] = [];
  for (const r of runs) {
    params.push(r.jobId, r.runId, r.scheduledAt, r.startedAt, r.completedAt, r.status, r.success, r.error);
  }
  return params;
}

/** Inserts runs as they are, optionally followed by a conflict clause (an upsert). */
export async function insertRuns(db: Executor, runs: readonly JobRun[], conflictClause = ''): Promise<void> {
  await db.exec(
    `INSERT INTO job_runs (${INSERT_COLUMNS}) VALUES ${valuesPlaceholders(runs.length, INSERT_WIDTH)} ${conflictClause}`,
    runParams(runs),
  );
}

/**
 * Inserts runs, skipping each one whose run id or slot `(job_id, scheduled_at)` is already taken.
 * Where the dialect has RETURNING, the result is the set of run ids written; otherwise only how
 * many were written (see `Dialect.insertSkippingDuplicates` for what a shortfall can mean there).
 */
export async function insertRunsSkippingDuplicates(
  db: Executor,
  runs: readonly JobRun[],
): Promise<{ written: Set<string> } | { count: number }> {
  const { verb, tail } = db.dialect.insertSkippingDuplicates;
  const sql = `${verb} job_runs (${INSERT_COLUMNS}) VALUES ${valuesPlaceholders(runs.length, INSERT_WIDTH)} ${tail}`;
  if (db.dialect.supportsReturning) {
    const rows = await db.query<{ run_id: string }>(`${sql} RETURNING run_id`, runParams(runs));
    return { written: new Set(rows.map((r) => r.run_id)) };
  }
  const { rowsAffected } = await db.exec(sql, runParams(runs));
  return { count: rowsAffected };
}

/** `(job_id = ? AND scheduled_at = ?) OR …` for `count` slots: a primary-key lookup on every dialect. */
export function slotCondition(count: number): string {
  return Array.from({ length: count }, () => '(job_id = ? AND scheduled_at = ?)').join(' OR ');
}

/** What a run collided with: the run already in its slot, or the run already carrying its run id. */
export interface RunCollision {
  /** `slot` when another run owns `(jobId, scheduledAt)`; `run-id` when the run id is taken at another slot. */
  key: 'slot' | 'run-id';
  existing: JobRun;
}

/** The stored run that holds `run`'s slot or run id, the slot's owner first; undefined when neither is taken. */
async function findCollision(db: Executor, run: JobRun): Promise<RunCollision | undefined> {
  const rows = await db.query<Row>(`${SELECT_RUNS} WHERE ${slotCondition(1)} OR run_id = ?`, [
    run.jobId,
    run.scheduledAt,
    run.runId,
  ]);
  const inSlot = rows.find(
    (r) => r.job_id === run.jobId && r.scheduled_at.getTime() === run.scheduledAt.getTime(),
  );
  if (inSlot) return { key: 'slot', existing: toJobRun(inSlot) };
  const sameId = rows.find((r) => r.run_id === run.runId);
  return sameId ? { key: 'run-id', existing: toJobRun(sameId) } : undefined;
}

/** The answer of `claimJobRun`. */
export type ClaimResult =
  | { claimed: true; run: JobRun }
  | { claimed: false; key: 'slot' | 'run-id'; existing: JobRun };

/**
 * Claims a run's slot `(jobId, scheduledAt)` for its run id, atomically: of several replicas
 * claiming one slot at once exactly one gets `claimed: true`; the others get `claimed: false`
 * with the run that owns it (`key: 'slot'`), or the run that already carries this run id at
 * another slot (`key: 'run-id'`). Claiming again a slot this run id already owns (a replay, or
 * replicas sharing run ids) is `claimed: true` with the stored run. A winner costs one INSERT;
 * a loser a second statement to read the owner. Never throws for a conflict.
 */
export async function claimJobRun(db: Executor, input: JobRunInput): Promise<ClaimResult> {
  const run = validate(jobRunInputSchema, input, 'job run');
  const outcome = await insertRunsSkippingDuplicates(db, [run]);
  const won = 'written' in outcome ? outcome.written.has(run.runId) : outcome.count === 1;
  if (won) return { claimed: true, run };
  const collision = await findCollision(db, run);
  if (collision === undefined) {
    // Skipped for a reason other than a duplicate (MySQL's INSERT IGNORE also skips a missing
    // job): the plain INSERT raises that reason as its own error, or writes the run if the
    // colliding row has been deleted since.
    await insertRuns(db, [run]);
    return { claimed: true, run };
  }
  if (collision.key === 'slot' && collision.existing.runId === run.runId)
    return { claimed: true, run: collision.existing };
  return { claimed: false, key: collision.key, existing: collision.existing };
}

/**
 * Validates and inserts a run. A second run with the same run id, or for the same job and
 * scheduled time, is a `DuplicateError` whose `key` names the columns that collided and whose
 * `existing.runId` is the run that holds them.
 */
export async function createJobRun(db: Executor, input: JobRunInput): Promise<JobRun> {
  const run = validate(jobRunInputSchema, input, 'job run');
  const outcome = await insertRunsSkippingDuplicates(db, [run]);
  const written = 'written' in outcome ? outcome.written.has(run.runId) : outcome.count === 1;
  if (written) return run;
  const collision = await findCollision(db, run);
  if (collision === undefined) {
    // Not a duplicate (see claimJobRun): let the plain INSERT raise what it was.
    await insertRuns(db, [run]);
    return run;
  }
  const key = collision.key === 'slot' ? ['job_id', 'scheduled_at'] : ['run_id'];
  const what =
    collision.key === 'slot'
      ? `job ${JSON.stringify(run.jobId)} at ${run.scheduledAt.toISOString()} already has run ${JSON.stringify(collision.existing.runId)}`
      : `run id ${JSON.stringify(run.runId)} is already the run of job ${JSON.stringify(collision.existing.jobId)} at ${collision.existing.scheduledAt.toISOString()}`;
  throw new DuplicateError(`duplicate job run: ${what}`, {
    code: 'DUPLICATE',
    key,
    existing: {
      runId: collision.existing.runId,
      jobId: collision.existing.jobId,
      scheduledAt: collision.existing.scheduledAt,
    },
    table: 'job_runs',
    driver: db.driver,
  });
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
