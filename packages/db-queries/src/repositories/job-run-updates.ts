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
import { listPlaceholders, valuesPlaceholders } from '../values-placeholders.js';
import { type JobRunRow, SELECT_RUNS, toJobRun } from './job-runs.js';

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
export type SkipReason = 'unchanged' | 'stale' | 'terminal' | 'unknown-run' | 'identity-mismatch';

/** What `applyJobRunUpdates` did with each update, by run id, in the order given. */
export interface JobRunUpdateResult {
  inserted: string[];
  updated: string[];
  skipped: Array<{ index: number; runId: string; reason: SkipReason }>;
}

const FIELDS = ['status', 'startedAt', 'completedAt', 'success', 'error'] as const;
const COLUMNS = [
  'job_id',
  'run_id',
  'scheduled_at',
  'started_at',
  'completed_at',
  'status',
  'success',
  'error',
];
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
 * are still empty. Validates the whole batch before any SQL runs. A chunk that deadlocks with
 * another writer is retried (up to 5 attempts) unless `db` is already a transaction.
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

async function applyChunk(
  tx: Executor,
  chunk: readonly JobRunUpdate[],
  offset: number,
  reopenTerminal: boolean,
): Promise<JobRunUpdateResult> {
  const runIds = [...new Set(chunk.map((u) => u.runId))];
  // Lock the rows this chunk reads, so a concurrent writer cannot change them under the merge.
  const existing = await tx.query<JobRunRow & Record<string, unknown>>(
    `${SELECT_RUNS} WHERE run_id IN (${listPlaceholders(runIds.length)}) ${tx.dialect.lockRowsClause}`,
    runIds,
  );
  const stored = new Set(existing.map((row) => row.run_id));
  const runs = new Map<string, JobRun>(existing.map((row) => [row.run_id, toJobRun(row)]));
  const dirty = new Set<string>();
  const result: JobRunUpdateResult = { inserted: [], updated: [], skipped: [] };

  chunk.forEach((update, i) => {
    const index = offset + i;
    const current = runs.get(update.runId);
    if (!current) {
      if (update.jobId === undefined || update.scheduledAt === undefined || update.status === undefined) {
        result.skipped.push({ index, runId: update.runId, reason: 'unknown-run' });
        return;
      }
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

  const toInsert = [...dirty].filter((id) => !stored.has(id)).map((id) => runs.get(id) as JobRun);
  const toUpdate = [...dirty].filter((id) => stored.has(id)).map((id) => runs.get(id) as JobRun);
  if (toInsert.length > 0) await writeRuns(tx, toInsert, '');
  if (toUpdate.length > 0) {
    const upsert = tx.dialect.onConflictUpdate(
      ['run_id'],
      ['started_at', 'completed_at', 'status', 'success', 'error'],
    );
    await writeRuns(tx, toUpdate, upsert);
  }
  return result;
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

async function writeRuns(tx: Executor, runs: readonly JobRun[], conflictClause: string): Promise<void> {
  const params = runs.flatMap((r) => [
    r.jobId,
    r.runId,
    r.scheduledAt,
    r.startedAt,
    r.completedAt,
    r.status,
    r.success,
    r.error,
  ]);
  await tx.exec(
    `INSERT INTO job_runs (${COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(runs.length, COLUMNS.length)} ${conflictClause}`,
    params,
  );
}
