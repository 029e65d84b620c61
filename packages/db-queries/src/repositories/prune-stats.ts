import type { Executor } from '@itinerary/db-core';
import { validate } from '@itinerary/db-schema';
import { z } from 'zod';
import { listPlaceholders } from '../values-placeholders.js';
import { betweenBatches, type PruneProgress } from './prune-job-runs.js';

/** Options of `pruneStats`. */
export interface PruneStatsOptions {
  /** Delete the scheduler-stats periods that ended before this instant. */
  olderThan: Date;
  /** Rows deleted per statement, each its own short transaction (default 1000, at most 10000). */
  batchSize?: number;
  /** Stop after the batch in progress when this signal aborts. */
  signal?: AbortSignal;
  /** Called after each batch with the running total of periods deleted. */
  onBatch?: (progress: PruneProgress) => void;
}

/** What `pruneStats` did. */
export interface PruneStatsResult {
  /** Scheduler-stats periods deleted. */
  deleted: number;
  /** Orchestrator-stats rows deleted with them. */
  orchestratorStatsDeleted: number;
  /** True when `signal` stopped it before it was done; run it again to finish. */
  stopped: boolean;
}

const optionsSchema = z.object({
  olderThan: z.date(),
  batchSize: z.number().int().min(1).max(10_000).optional(),
});

/** Validates `pruneStats`'s options before any SQL runs. */
export function checkPruneStatsOptions(options: PruneStatsOptions): { olderThan: Date; batchSize: number } {
  const valid = validate(
    optionsSchema,
    { olderThan: options?.olderThan, batchSize: options?.batchSize },
    'prune stats options',
  );
  return { olderThan: valid.olderThan, batchSize: valid.batchSize ?? 1000 };
}

/**
 * Deletes the scheduler-stats periods that ended before `olderThan`, oldest first, with their
 * orchestrator stats. A period holds one orchestrator row per run (thousands), so those go
 * first, `batchSize` at a time, and the period row last: no single statement's cascade grows
 * with the number of runs. Stopped half-way, a period may have lost some of its orchestrator
 * rows but not its own; running it again finishes it.
 */
export async function pruneStats(db: Executor, options: PruneStatsOptions): Promise<PruneStatsResult> {
  const { olderThan, batchSize } = checkPruneStatsOptions(options);
  const result: PruneStatsResult = { deleted: 0, orchestratorStatsDeleted: 0, stopped: false };
  const stopped = () => {
    result.stopped = options.signal?.aborted === true;
    return result.stopped;
  };
  for (;;) {
    if (stopped()) return result;
    const periods = await db.query<{ stats_period_id: string }>(
      'SELECT stats_period_id FROM scheduler_stats WHERE end_time < ? ORDER BY end_time LIMIT ?',
      [olderThan, batchSize],
    );
    if (periods.length === 0) return result;
    const ids = periods.map((p) => p.stats_period_id);
    for (const id of ids) {
      for (;;) {
        if (stopped()) return result;
        const runs = await db.query<{ run_id: string }>(
          'SELECT run_id FROM orchestrator_stats WHERE stats_period_id = ? LIMIT ?',
          [id, batchSize],
        );
        if (runs.length === 0) break;
        const { rowsAffected } = await db.exec(
          `DELETE FROM orchestrator_stats WHERE stats_period_id = ? AND run_id IN (${listPlaceholders(runs.length)})`,
          [id, ...runs.map((r) => r.run_id)],
        );
        result.orchestratorStatsDeleted += rowsAffected;
        await betweenBatches();
        if (runs.length < batchSize) break;
      }
    }
    // The rule again, so this statement on its own never deletes a period the rule keeps.
    const { rowsAffected } = await db.exec(
      `DELETE FROM scheduler_stats WHERE stats_period_id IN (${listPlaceholders(ids.length)}) AND end_time < ?`,
      [...ids, olderThan],
    );
    result.deleted += rowsAffected;
    options.onBatch?.({ deleted: result.deleted });
    await betweenBatches();
    if (periods.length < batchSize) return result;
  }
}

/** Counts what `pruneStats` would delete now (its dry run). */
export async function countPrunableStats(
  db: Executor,
  options: Pick<PruneStatsOptions, 'olderThan'>,
): Promise<PruneStatsResult> {
  const { olderThan } = checkPruneStatsOptions(options);
  const [periods] = await db.query<{ c: number | bigint | string }>(
    'SELECT COUNT(*) AS c FROM scheduler_stats WHERE end_time < ?',
    [olderThan],
  );
  const [orchestrator] = await db.query<{ c: number | bigint | string }>(
    `SELECT COUNT(*) AS c FROM orchestrator_stats o
     JOIN scheduler_stats s ON s.stats_period_id = o.stats_period_id WHERE s.end_time < ?`,
    [olderThan],
  );
  return {
    deleted: Number(periods?.c ?? 0),
    orchestratorStatsDeleted: Number(orchestrator?.c ?? 0),
    stopped: false,
  };
}
