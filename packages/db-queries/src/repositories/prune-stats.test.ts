import { dialectTargets } from '@itinerary/db-core/testing';
import { ValidationError } from '@itinerary/db-schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { createOrchestratorStats, getOrchestratorStats } from './orchestrator-stats.js';
import { countPrunableStats, type PruneStatsOptions, pruneStats } from './prune-stats.js';
import { createSchedulerStats, getSchedulerStats } from './scheduler-stats.js';

const t = (minute: number) => new Date(Date.UTC(2026, 6, 1, 0, minute));

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] pruneStats`, () => {
    const db = useMigratedDatabase(target);

    /** A 30-second period ending at `t(minute)`, with `runs` orchestrator rows. */
    async function period(id: string, minute: number, runs: number): Promise<void> {
      await createSchedulerStats(db(), {
        statsPeriodId: id,
        startTime: new Date(t(minute).getTime() - 30_000),
        endTime: t(minute),
        iterations: 30,
        runJobs: runs,
        lateJobs: 0,
        timePassedRunTime: 0,
        missedJobs: 0,
        timePassedGracePeriod: 0,
        jobsCancelled: 0,
      });
      for (let i = 0; i < runs; i++) {
        await createOrchestratorStats(db(), {
          runId: `${id}-r${i}`,
          statsPeriodId: id,
          runtime: 1000 + i,
          constraintsChecked: 0,
          actionsTaken: 0,
        });
      }
    }
    const periods = async () => (await getSchedulerStats(db(), t(-60), t(600))).map((s) => s.statsPeriodId);

    beforeEach(async () => {
      await db().exec('DELETE FROM scheduler_stats');
    });

    it('deletes the periods that ended before olderThan with their orchestrator stats, in batches; a period ending at the instant stays', async () => {
      await period('p-1', 1, 5);
      await period('p-2', 2, 0);
      await period('p-3', 3, 3);
      await period('p-4', 4, 2);
      expect(await countPrunableStats(db(), { olderThan: t(4) })).toEqual({
        deleted: 3,
        orchestratorStatsDeleted: 8,
        stopped: false,
      });
      const progress: number[] = [];
      const result = await pruneStats(db(), {
        olderThan: t(4),
        batchSize: 2,
        onBatch: ({ deleted }) => progress.push(deleted),
      });
      expect(result).toEqual({ deleted: 3, orchestratorStatsDeleted: 8, stopped: false });
      expect(progress).toEqual([2, 3]);
      expect(await periods()).toEqual(['p-4']);
      expect(await getOrchestratorStats(db(), 'p-1')).toEqual([]);
      expect(await getOrchestratorStats(db(), 'p-4')).toHaveLength(2);
      expect(await pruneStats(db(), { olderThan: t(4) })).toEqual({
        deleted: 0,
        orchestratorStatsDeleted: 0,
        stopped: false,
      });
    });

    it('stops after the batch in progress when the signal aborts, and a second run finishes', async () => {
      await period('p-1', 1, 1);
      await period('p-2', 2, 1);
      await period('p-3', 3, 1);
      const controller = new AbortController();
      const first = await pruneStats(db(), {
        olderThan: t(10),
        batchSize: 1,
        signal: controller.signal,
        onBatch: () => controller.abort(),
      });
      expect(first).toEqual({ deleted: 1, orchestratorStatsDeleted: 1, stopped: true });
      expect(await periods()).toEqual(['p-2', 'p-3']);
      expect(await pruneStats(db(), { olderThan: t(10) })).toEqual({
        deleted: 2,
        orchestratorStatsDeleted: 2,
        stopped: false,
      });
    });

    it('validates its options before deleting anything, naming the option', async () => {
      await period('p-1', 1, 1);
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{}, /olderThan: is required/],
        [{ olderThan: new Date('nope') }, /olderThan/],
        [{ olderThan: t(10), batchSize: 0 }, /batchSize: 0 is less than 1/],
      ];
      for (const [options, message] of bad) {
        const err = await pruneStats(db(), options as unknown as PruneStatsOptions).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as Error).message).toMatch(/^invalid prune stats options: /);
        expect((err as Error).message).toMatch(message);
      }
      expect(await periods()).toEqual(['p-1']);
    });
  });
}
