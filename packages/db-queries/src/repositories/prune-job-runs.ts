import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Executor, SqlParam } from '@itinerary/db-core';
import { TERMINAL_RUN_STATUSES, ValidationError, validate } from '@itinerary/db-schema';
import { z } from 'zod';
import { listPlaceholders } from '../values-placeholders.js';

/** The retention rules of `pruneJobRuns`, as a CronJob's history limits plus an age. */
export interface PruneJobRunsOptions {
  /** Keep each job's newest N successful runs (a CronJob's `successfulJobsHistoryLimit`). */
  keepSuccessful?: number;
  /** Keep each job's newest N failed or cancelled runs (`failedJobsHistoryLimit`). */
  keepFailed?: number;
  /** Delete every finished run scheduled before this instant, whatever the limits keep. */
  olderThan?: Date;
  /** Runs deleted per statement, each its own short transaction (default 1000, at most 10000). */
  batchSize?: number;
  /** Stop after the batch in progress when this signal aborts (the result says `stopped`). */
  signal?: AbortSignal;
  /** Called after each batch with the running total. */
  onBatch?: (progress: PruneProgress) => void;
}

/** How far a prune has got. */
export interface PruneProgress {
  /** Rows deleted so far. */
  deleted: number;
}

/** What a prune did. */
export interface PruneResult {
  /** Rows deleted (for `pruneJobRuns`, runs; their violations went with them). */
  deleted: number;
  /** True when `signal` stopped it before it was done; run it again to finish. */
  stopped: boolean;
}

/** The rules, validated, with what each one resolves to per job. */
interface Rules {
  keepSuccessful: number | undefined;
  keepFailed: number | undefined;
  olderThan: Date | undefined;
  batchSize: number;
}

// int32, as a CronJob's history limits are: OFFSET takes it on every dialect.
const keepSchema = z.number().int().min(0).max(2_147_483_647).optional();
const rulesSchema = z.object({
  keepSuccessful: keepSchema,
  keepFailed: keepSchema,
  olderThan: z.date().optional(),
  batchSize: z.number().int().min(1).max(10_000).optional(),
});

const JOB_PAGE = 500;
const TERMINAL = `status IN (${listPlaceholders(TERMINAL_RUN_STATUSES.length)})`;
// success = TRUE is the one successful class; NULL or false in a terminal run is a failure.
const SUCCESSFUL = 'success = ?';
const NOT_SUCCESSFUL = '(success IS NULL OR success <> ?)';

/** Validates the retention options before any SQL runs; refuses a call with no rule at all. */
export function checkPruneJobRunsOptions(options: PruneJobRunsOptions): Rules {
  const { keepSuccessful, keepFailed, olderThan, batchSize } = validate(
    rulesSchema,
    {
      keepSuccessful: options?.keepSuccessful,
      keepFailed: options?.keepFailed,
      olderThan: options?.olderThan,
      batchSize: options?.batchSize,
    },
    'prune options',
  );
  if (keepSuccessful === undefined && keepFailed === undefined && olderThan === undefined) {
    throw new ValidationError('prune options', [
      {
        path: '',
        message:
          'no retention rule given: set keepSuccessful, keepFailed or olderThan (with none, every run is kept)',
      },
    ]);
  }
  return { keepSuccessful, keepFailed, olderThan, batchSize: batchSize ?? 1000 };
}

/**
 * Deletes finished runs outside each job's newest `keepSuccessful` successful and `keepFailed`
 * failed runs (by `scheduledAt`), and those scheduled before `olderThan`; pending and running
 * runs are never deleted, and a run's constraint violations go with it. Works job by job in
 * batches of `batchSize`, each one statement (its own transaction), so it never holds locks
 * for long or memory in proportion to the table, and can be stopped and run again.
 */
export async function pruneJobRuns(db: Executor, options: PruneJobRunsOptions): Promise<PruneResult> {
  const rules = checkPruneJobRunsOptions(options);
  let deleted = 0;
  for await (const jobId of jobIds(db, options.signal)) {
    const predicate = await jobPredicate(db, jobId, rules);
    if (predicate === undefined) continue;
    // Oldest first, each batch after the last one's newest: rows this job already lost are
    // never walked again (on PostgreSQL they stay in the index until vacuum).
    let after: Date | undefined;
    for (;;) {
      if (options.signal?.aborted) return { deleted, stopped: true };
      const victims = await db.query<{ run_id: string; scheduled_at: Date }>(
        `SELECT run_id, scheduled_at FROM job_runs WHERE ${predicate.sql}${after ? ' AND scheduled_at > ?' : ''}
         ORDER BY scheduled_at LIMIT ?`,
        after ? [...predicate.params, after, rules.batchSize] : [...predicate.params, rules.batchSize],
      );
      if (victims.length === 0) break;
      // The DELETE checks the rule again, so a run that changed since the SELECT (a manual
      // re-run reopened it) stays. New runs only push older ones out of the kept set, so the
      // cut-offs found at the start stay right while the job is pruned.
      const ids = victims.map((v) => v.run_id);
      const { rowsAffected } = await db.exec(
        `DELETE FROM job_runs WHERE run_id IN (${listPlaceholders(ids.length)}) AND ${predicate.sql}`,
        [...ids, ...predicate.params],
      );
      deleted += rowsAffected;
      options.onBatch?.({ deleted });
      await betweenBatches();
      if (victims.length < rules.batchSize) break;
      after = victims[victims.length - 1]?.scheduled_at;
    }
  }
  return { deleted, stopped: options.signal?.aborted === true };
}

/** Counts the runs `pruneJobRuns` would delete with these options now (its dry run). */
export async function countPrunableJobRuns(
  db: Executor,
  options: Omit<PruneJobRunsOptions, 'batchSize' | 'onBatch'>,
): Promise<PruneResult> {
  const rules = checkPruneJobRunsOptions(options);
  let deleted = 0;
  for await (const jobId of jobIds(db, options.signal)) {
    const predicate = await jobPredicate(db, jobId, rules);
    if (predicate === undefined) continue;
    const [row] = await db.query<{ c: number | bigint | string }>(
      `SELECT COUNT(*) AS c FROM job_runs WHERE ${predicate.sql}`,
      predicate.params,
    );
    deleted += Number(row?.c ?? 0);
  }
  return { deleted, stopped: options.signal?.aborted === true };
}

/**
 * Lets the event loop run between batches. SQLite answers synchronously, so without this a
 * whole prune is one long run of microtasks: a signal handler (SIGTERM aborting `signal`)
 * or a timer would not run until it ended.
 */
export function betweenBatches(): Promise<void> {
  return nextTurn();
}

/** Every job id, a page at a time (keyset on the primary key), stopping when `signal` aborts. */
async function* jobIds(db: Executor, signal: AbortSignal | undefined): AsyncGenerator<string> {
  let after: string | undefined;
  for (;;) {
    if (signal?.aborted) return;
    const rows = await db.query<{ id: string }>(
      after === undefined
        ? 'SELECT id FROM jobs ORDER BY id LIMIT ?'
        : 'SELECT id FROM jobs WHERE id > ? ORDER BY id LIMIT ?',
      after === undefined ? [JOB_PAGE] : [after, JOB_PAGE],
    );
    for (const row of rows) yield row.id;
    if (rows.length < JOB_PAGE) return;
    await betweenBatches();
    after = rows[rows.length - 1]?.id;
  }
}

/**
 * The WHERE clause selecting one job's prunable runs, or undefined when nothing of it can go.
 * A limit becomes a cut-off: the scheduled time of the newest run of that class beyond the
 * ones kept, found on the (job_id, scheduled_at) primary key, read backwards.
 */
async function jobPredicate(
  db: Executor,
  jobId: string,
  rules: Rules,
): Promise<{ sql: string; params: SqlParam[] } | undefined> {
  const arms: string[] = [];
  const armParams: SqlParam[] = [];
  if (rules.olderThan !== undefined) {
    arms.push('scheduled_at < ?');
    armParams.push(rules.olderThan);
  }
  if (rules.keepSuccessful !== undefined) {
    const cutoff = await cutoffOf(db, jobId, SUCCESSFUL, rules.keepSuccessful);
    if (cutoff !== undefined) {
      arms.push(`(${SUCCESSFUL} AND scheduled_at <= ?)`);
      armParams.push(true, cutoff);
    }
  }
  if (rules.keepFailed !== undefined) {
    const cutoff = await cutoffOf(db, jobId, NOT_SUCCESSFUL, rules.keepFailed);
    if (cutoff !== undefined) {
      arms.push(`(${NOT_SUCCESSFUL} AND scheduled_at <= ?)`);
      armParams.push(true, cutoff);
    }
  }
  if (arms.length === 0) return undefined;
  return {
    sql: `job_id = ? AND ${TERMINAL} AND (${arms.join(' OR ')})`,
    params: [jobId, ...TERMINAL_RUN_STATUSES, ...armParams],
  };
}

/** The scheduled time of the job's (keep + 1)-th newest finished run of a class, if it has one. */
async function cutoffOf(
  db: Executor,
  jobId: string,
  classSql: string,
  keep: number,
): Promise<Date | undefined> {
  const rows = await db.query<{ scheduled_at: Date }>(
    `SELECT scheduled_at FROM job_runs WHERE job_id = ? AND ${TERMINAL} AND ${classSql}
     ORDER BY scheduled_at DESC LIMIT 1 OFFSET ?`,
    [jobId, ...TERMINAL_RUN_STATUSES, true, keep],
  );
  return rows[0]?.scheduled_at;
}
