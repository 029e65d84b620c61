import type { Executor } from '@itinerary/db-core';
import {
  isTerminalRunStatus,
  type JobRun,
  type JobRunUpdate,
  jobRunUpdateSchema,
  type RunStatus,
  validate,
} from '@itinerary/db-schema';
import { z } from 'zod';
import { listPlaceholders } from '../values-placeholders.js';
import {
  insertRuns,
  insertRunsSkippingDuplicates,
  type JobRunRow,
  SELECT_RUNS,
  slotCondition,
  toJobRun,
} from './job-runs.js';

/** Options of `applyJobRunUpdates`. */
export interface ApplyJobRunUpdatesOptions {
  /** Updates written per transaction (default 500). */
  chunkSize?: number;
  /**
   * Let a run leave a terminal status (completed, failed, cancelled), as a manual re-run
   * does. Off by default, so a replayed, older update can never reopen a finished run.
   */
  reopenTerminal?: boolean;
}

/** Why an update changed nothing. */
export type SkipReason =
  | 'unchanged'
  | 'stale'
  | 'terminal'
  | 'unknown-run'
  | 'identity-mismatch'
  /** The update would create a run in a slot `(jobId, scheduledAt)` another run id owns (`owner`). */
  | 'slot-taken';

/** What `applyJobRunUpdates` did with each update, by run id, in the order given. */
export interface JobRunUpdateResult {
  inserted: string[];
  updated: string[];
  /** `owner` is set for `slot-taken`: the run id that owns the slot. */
  skipped: Array<{ index: number; runId: string; reason: SkipReason; owner?: string }>;
}

const FIELDS = ['status', 'startedAt', 'completedAt', 'success', 'error'] as const;
const STATUS_RANK: Record<RunStatus, number> = {
  pending: 0,
  running: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
};
const updatesSchema = z.array(jobRunUpdateSchema).max(1_000_000);

const chunkSizeSchema = z.number().int().min(1).max(5000);

/**
 * Writes a batch of job-run updates keyed by run id, one transaction per chunk. The first
 * update of a run creates it; later ones change only the fields they carry. Replaying a
 * batch, whole or in part, leaves the same rows: an update whose status would move the run
 * backwards (or out of a terminal status, unless `reopenTerminal`) only fills fields that
 * are still empty. Validates the whole batch before any SQL runs. A conflict never fails a
 * chunk: an update that would create a run in a slot `(jobId, scheduledAt)` another run id owns
 * is skipped as `slot-taken` naming the owner (later updates of that run id as `unknown-run`),
 * and every other update is written; replicas writing the same new run id at once end with one
 * row holding both's updates. A chunk that deadlocks with another writer is retried (up to 5
 * attempts) unless `db` is already a transaction.
 */
export async function applyJobRunUpdates(
  db: Executor,
  updates: readonly JobRunUpdate[],
  options: ApplyJobRunUpdatesOptions = {},
): Promise<JobRunUpdateResult> {
  const valid = validate(updatesSchema, updates, 'job run updates');
  const chunkSize = validate(chunkSizeSchema, options.chunkSize ?? 500, 'chunkSize');
  const result: JobRunUpdateResult = { inserted: [], updated: [], skipped: [] };
  // A chunk is safe to run again (that is what keying by run id buys), so one that loses a
  // deadlock to a concurrent writer (InnoDB's gap locks make that common) simply runs again.
  // Inside the caller's own transaction it cannot: that whole transaction is what must re-run.
  const retry = 'commit' in db ? undefined : { maxAttempts: 5 };
  for (let start = 0; start < valid.length; start += chunkSize) {
    const chunk = valid.slice(start, start + chunkSize);
    const outcome = await db.withTransaction(
      (tx) => applyChunk(tx, chunk, start, options.reopenTerminal === true),
      retry ? { retry } : {},
    );
    result.inserted.push(...outcome.inserted);
    result.updated.push(...outcome.updated);
    result.skipped.push(...outcome.skipped);
  }
  return result;
}

type StoredRow = JobRunRow & Record<string, unknown>;

/** What merging a chunk into the rows it touches decided: the outcome and the rows to write. */
interface ChunkPlan {
  result: JobRunUpdateResult;
  /** Runs that did not exist before the chunk, in their merged state. */
  created: JobRun[];
  /** Runs that existed before the chunk and changed. */
  changed: JobRun[];
}

/**
 * One chunk, inside its transaction. Reads (and locks) the rows the chunk names by run id,
 * merges the updates in memory, and writes new runs with an INSERT that skips any row whose run
 * id or slot is taken: by another run, or by a concurrent writer since the read (PostgreSQL's
 * FOR UPDATE cannot lock a row that does not exist yet). Only when one was skipped are the rows
 * that hold those keys read, and the chunk merged again on top of them: the update that lost its
 * slot is skipped as `slot-taken`, a run id another writer created first gets this chunk's
 * updates merged into it, and runs this chunk already inserted stay (rewritten only if the new
 * merge changed them). Each pass learns at least one key, so passes are bounded by the chunk
 * size; a chunk without conflicts costs one read and one INSERT, as before.
 */
async function applyChunk(
  tx: Executor,
  chunk: readonly JobRunUpdate[],
  offset: number,
  reopenTerminal: boolean,
): Promise<JobRunUpdateResult> {
  // Rows as they were before this chunk wrote anything, by run id.
  const before = new Map<string, JobRun>();
  const runIds = [...new Set(chunk.map((u) => u.runId))];
  for (const row of await tx.query<StoredRow>(
    `${SELECT_RUNS} WHERE run_id IN (${listPlaceholders(runIds.length)}) ${tx.dialect.lockRowsClause}`,
    runIds,
  )) {
    before.set(row.run_id, toJobRun(row));
  }

  // Runs this chunk inserted, as written: in the table now, absent before it.
  const inserted = new Map<string, JobRun>();
  for (let pass = 0; ; pass++) {
    const plan = mergeChunk(chunk, offset, before, reopenTerminal);
    const fresh = plan.created.filter((r) => !inserted.has(r.runId));
    const rewrite = [
      ...plan.changed,
      ...plan.created.filter((r) => {
        const written = inserted.get(r.runId);
        return written !== undefined && !sameRun(written, r);
      }),
    ];
    const skipped = fresh.length > 0 ? await insertFresh(tx, fresh, inserted) : [];
    if (skipped.length === 0) {
      if (rewrite.length > 0) {
        const upsert = tx.dialect.onConflictUpdate(
          ['run_id'],
          ['started_at', 'completed_at', 'status', 'success', 'error'],
        );
        await insertRuns(tx, rewrite, upsert);
      }
      return plan.result;
    }
    if (pass > chunk.length) {
      // Unreachable while rows are only added: every pass learns a key the previous one lacked.
      throw new Error(`job run updates: chunk at ${offset} kept colliding with concurrent writers`);
    }
    const found = await lockHolders(tx, skipped);
    const unexplained = skipped.filter(
      (run) => !found.some((row) => row.runId === run.runId || sameSlot(row, run)),
    );
    // Skipped, yet nothing holds its keys: MySQL's INSERT IGNORE also skips a row refused for
    // another reason (a missing job). The plain INSERT raises that reason as its own error, or
    // writes the run if the colliding row has been deleted since.
    if (unexplained.length > 0) {
      await insertRuns(tx, unexplained);
      for (const run of unexplained) inserted.set(run.runId, run);
    }
    for (const run of found) if (!inserted.has(run.runId)) before.set(run.runId, run);
  }
}

/**
 * Slots looked up per statement: SQLite refuses an expression deeper than 1,000 and each
 * `OR` adds a level, so a chunk of up to 5,000 runs is read in pieces.
 */
const SLOTS_PER_LOOKUP = 200;

/**
 * The rows that hold the run ids or slots of `runs`, locked. By run id and by slot in statements
 * of their own, so each is an index lookup: an OR of both could scan, and lock, the whole table.
 */
async function lockHolders(tx: Executor, runs: readonly JobRun[]): Promise<JobRun[]> {
  const found = new Map<string, JobRun>();
  const ids = runs.map((r) => r.runId);
  for (const row of await tx.query<StoredRow>(
    `${SELECT_RUNS} WHERE run_id IN (${listPlaceholders(ids.length)}) ${tx.dialect.lockRowsClause}`,
    ids,
  )) {
    found.set(row.run_id, toJobRun(row));
  }
  for (let i = 0; i < runs.length; i += SLOTS_PER_LOOKUP) {
    const part = runs.slice(i, i + SLOTS_PER_LOOKUP);
    for (const row of await tx.query<StoredRow>(
      `${SELECT_RUNS} WHERE ${slotCondition(part.length)} ${tx.dialect.lockRowsClause}`,
      part.flatMap((r) => [r.jobId, r.scheduledAt]),
    )) {
      found.set(row.run_id, toJobRun(row));
    }
  }
  return [...found.values()];
}

/**
 * Inserts new runs, skipping any whose run id or slot is taken; adds the run ids written to
 * `inserted` and returns the runs skipped. Without RETURNING (MySQL) a shortfall in the count is
 * resolved by reading back which of them are there as written. Under InnoDB's REPEATABLE READ
 * the chunk's locking read of each run id holds its gap, so no other writer can have inserted
 * it; at READ COMMITTED one could, and a row that differs from this chunk's is treated as
 * another writer's and merged into (one that happens to match is reported inserted by both).
 */
async function insertFresh(tx: Executor, fresh: JobRun[], inserted: Map<string, JobRun>): Promise<JobRun[]> {
  // One order for every writer, so concurrent chunks take the slots' locks in the same order.
  fresh.sort(compareSlots);
  const outcome = await insertRunsSkippingDuplicates(tx, fresh);
  let written: Set<string>;
  if ('written' in outcome) {
    written = outcome.written;
  } else if (outcome.count === fresh.length) {
    written = new Set(fresh.map((r) => r.runId));
  } else {
    const rows = await tx.query<StoredRow>(
      `${SELECT_RUNS} WHERE run_id IN (${listPlaceholders(fresh.length)}) ${tx.dialect.lockRowsClause}`,
      fresh.map((r) => r.runId),
    );
    const byId = new Map(rows.map((row) => [row.run_id, toJobRun(row)]));
    written = new Set(
      fresh
        .filter((r) => {
          const row = byId.get(r.runId);
          return row !== undefined && sameRun(row, r);
        })
        .map((r) => r.runId),
    );
  }
  for (const run of fresh) if (written.has(run.runId)) inserted.set(run.runId, { ...run });
  return fresh.filter((r) => !written.has(r.runId));
}

/**
 * Merges a chunk's updates, in order, into the rows as they were before it (`before`): the
 * outcome of every update and the runs to write. Pure: run again when `before` learns more.
 */
function mergeChunk(
  chunk: readonly JobRunUpdate[],
  offset: number,
  before: ReadonlyMap<string, JobRun>,
  reopenTerminal: boolean,
): ChunkPlan {
  const runs = new Map<string, JobRun>();
  const slotOwner = new Map<string, string>();
  for (const run of before.values()) {
    runs.set(run.runId, { ...run });
    slotOwner.set(slotKey(run.jobId, run.scheduledAt), run.runId);
  }
  // Run ids whose first update lost its slot: their later updates name no run.
  const lost = new Set<string>();
  const dirty = new Set<string>();
  const result: JobRunUpdateResult = { inserted: [], updated: [], skipped: [] };

  chunk.forEach((update, i) => {
    const index = offset + i;
    const current = runs.get(update.runId);
    if (!current) {
      if (
        lost.has(update.runId) ||
        update.jobId === undefined ||
        update.scheduledAt === undefined ||
        update.status === undefined
      ) {
        result.skipped.push({ index, runId: update.runId, reason: 'unknown-run' });
        return;
      }
      const slot = slotKey(update.jobId, update.scheduledAt);
      const owner = slotOwner.get(slot);
      if (owner !== undefined) {
        result.skipped.push({ index, runId: update.runId, reason: 'slot-taken', owner });
        lost.add(update.runId);
        return;
      }
      slotOwner.set(slot, update.runId);
      runs.set(update.runId, {
        jobId: update.jobId,
        runId: update.runId,
        scheduledAt: update.scheduledAt,
        startedAt: update.startedAt ?? null,
        completedAt: update.completedAt ?? null,
        status: update.status,
        success: update.success ?? null,
        error: update.error ?? null,
      });
      dirty.add(update.runId);
      result.inserted.push(update.runId);
      return;
    }
    if (
      (update.jobId !== undefined && update.jobId !== current.jobId) ||
      (update.scheduledAt !== undefined && update.scheduledAt.getTime() !== current.scheduledAt.getTime())
    ) {
      result.skipped.push({ index, runId: update.runId, reason: 'identity-mismatch' });
      return;
    }
    const blocked = statusBlock(current.status, update.status, reopenTerminal);
    let changed = false;
    for (const field of FIELDS) {
      const value = update[field];
      if (value === undefined || sameValue(current[field], value)) continue;
      // A blocked (stale) update may still fill what is empty, but never overwrites.
      if (blocked && (field === 'status' || current[field] !== null)) continue;
      (current as Record<string, unknown>)[field] = value;
      changed = true;
    }
    if (changed) {
      dirty.add(update.runId);
      result.updated.push(update.runId);
    } else {
      result.skipped.push({ index, runId: update.runId, reason: blocked ?? 'unchanged' });
    }
  });

  const created: JobRun[] = [];
  const changed: JobRun[] = [];
  for (const id of dirty) (before.has(id) ? changed : created).push(runs.get(id) as JobRun);
  return { result, created, changed };
}

function slotKey(jobId: string, scheduledAt: Date): string {
  return `${jobId}\u0000${scheduledAt.getTime()}`;
}

function sameRun(a: JobRun, b: JobRun): boolean {
  return sameSlot(a, b) && FIELDS.every((field) => sameValue(a[field], b[field]));
}

function sameSlot(a: JobRun, b: JobRun): boolean {
  return a.jobId === b.jobId && a.scheduledAt.getTime() === b.scheduledAt.getTime();
}

function compareSlots(a: JobRun, b: JobRun): number {
  if (a.jobId !== b.jobId) return a.jobId < b.jobId ? -1 : 1;
  return a.scheduledAt.getTime() - b.scheduledAt.getTime();
}

/** Why a status change is refused: moving back is stale, leaving a terminal status needs consent. */
function statusBlock(
  current: RunStatus,
  next: RunStatus | undefined,
  reopenTerminal: boolean,
): SkipReason | undefined {
  if (next === undefined || next === current) return undefined;
  if (isTerminalRunStatus(current)) return reopenTerminal ? undefined : 'terminal';
  return STATUS_RANK[next] < STATUS_RANK[current] ? 'stale' : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
