import { ForeignKeyError } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { ValidationError } from '@itinerary/db-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { applyJobRunUpdates } from './job-run-updates.js';
import { claimJobRun, getJobRun, getJobRunByRunId } from './job-runs.js';
import { createJob } from './jobs.js';

const t = (iso: string) => new Date(iso);

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] a run's slot (job, scheduled time)`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      await createJob(db(), { id: 'slot-job', name: 'Slots', schedule: '* * * * *' });
    });

    it('claimJobRun: the first claim of a slot wins, a second run id is told the owner, a replay still owns it', async () => {
      const at = t('2026-05-01T10:00:00Z');
      const first = await claimJobRun(db(), {
        jobId: 'slot-job',
        runId: 'claim-a',
        scheduledAt: at,
        status: 'pending',
      });
      expect(first).toMatchObject({ claimed: true, run: { runId: 'claim-a', status: 'pending' } });

      const second = await claimJobRun(db(), {
        jobId: 'slot-job',
        runId: 'claim-b',
        scheduledAt: at,
        status: 'running',
      });
      expect(second).toMatchObject({
        claimed: false,
        key: 'slot',
        existing: { runId: 'claim-a', status: 'pending' },
      });

      expect(
        await claimJobRun(db(), { jobId: 'slot-job', runId: 'claim-a', scheduledAt: at, status: 'pending' }),
      ).toMatchObject({ claimed: true, run: { runId: 'claim-a' } });

      // The run id is taken at another slot: not claimed, and the run holding it is named.
      const elsewhere = await claimJobRun(db(), {
        jobId: 'slot-job',
        runId: 'claim-a',
        scheduledAt: t('2026-05-01T10:01:00Z'),
        status: 'pending',
      });
      expect(elsewhere).toMatchObject({
        claimed: false,
        key: 'run-id',
        existing: { runId: 'claim-a', scheduledAt: at },
      });

      // Nothing of the losers was written.
      expect(await getJobRun(db(), 'slot-job', at)).toMatchObject({ runId: 'claim-a', status: 'pending' });
      await expect(getJobRunByRunId(db(), 'claim-b')).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('claimJobRun refuses bad input before any SQL and a missing job with ForeignKeyError', async () => {
      await expect(
        claimJobRun(db(), {
          jobId: 'slot-job',
          runId: '',
          scheduledAt: t('2026-05-02T00:00:00Z'),
          status: 'pending',
        }),
      ).rejects.toBeInstanceOf(ValidationError);
      // On MySQL the INSERT that skips duplicates also skips this row; the refusal must still surface.
      await expect(
        claimJobRun(db(), {
          jobId: 'no-such-job',
          runId: 'claim-ghost',
          scheduledAt: t('2026-05-02T00:00:00Z'),
          status: 'pending',
        }),
      ).rejects.toBeInstanceOf(ForeignKeyError);
      await expect(getJobRunByRunId(db(), 'claim-ghost')).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('applyJobRunUpdates skips a run whose slot another run id owns, names the owner, and writes the rest of the chunk', async () => {
      const at = t('2026-05-03T08:00:00Z');
      await claimJobRun(db(), { jobId: 'slot-job', runId: 'owner-1', scheduledAt: at, status: 'running' });
      const result = await applyJobRunUpdates(db(), [
        { runId: 'other-1', jobId: 'slot-job', scheduledAt: at, status: 'pending' },
        { runId: 'fresh-1', jobId: 'slot-job', scheduledAt: t('2026-05-03T08:01:00Z'), status: 'pending' },
        { runId: 'other-1', status: 'running', startedAt: t('2026-05-03T08:00:01Z') },
        // Two new run ids for one slot in the same chunk: the first wins it.
        { runId: 'twin-a', jobId: 'slot-job', scheduledAt: t('2026-05-03T08:02:00Z'), status: 'pending' },
        { runId: 'twin-b', jobId: 'slot-job', scheduledAt: t('2026-05-03T08:02:00Z'), status: 'pending' },
        { runId: 'owner-1', status: 'completed', success: true, completedAt: t('2026-05-03T08:00:09Z') },
        { runId: 'fresh-1', status: 'running', startedAt: t('2026-05-03T08:01:02Z') },
      ]);
      expect(result).toEqual({
        inserted: ['fresh-1', 'twin-a'],
        updated: ['owner-1', 'fresh-1'],
        skipped: [
          { index: 0, runId: 'other-1', reason: 'slot-taken', owner: 'owner-1' },
          { index: 2, runId: 'other-1', reason: 'unknown-run' },
          { index: 4, runId: 'twin-b', reason: 'slot-taken', owner: 'twin-a' },
        ],
      });
      expect(await getJobRun(db(), 'slot-job', at)).toMatchObject({
        runId: 'owner-1',
        status: 'completed',
        success: true,
      });
      expect(await getJobRunByRunId(db(), 'fresh-1')).toMatchObject({
        status: 'running',
        startedAt: t('2026-05-03T08:01:02Z'),
      });
      expect(await getJobRunByRunId(db(), 'twin-a')).toMatchObject({ status: 'pending' });
      for (const lost of ['other-1', 'twin-b']) {
        await expect(getJobRunByRunId(db(), lost)).rejects.toMatchObject({ name: 'NotFoundError' });
      }
    });

    it('applyJobRunUpdates looks up the slots of a large chunk of new runs (SQLite caps an expression at depth 1,000)', async () => {
      const base = Date.UTC(2026, 6, 1);
      const updates = Array.from({ length: 1200 }, (_, i) => ({
        runId: `big-${i}`,
        jobId: 'slot-job',
        scheduledAt: new Date(base + i * 60_000),
        status: 'pending' as const,
      }));
      const result = await applyJobRunUpdates(db(), updates, { chunkSize: 1200 });
      expect(result.inserted).toHaveLength(1200);
      expect(result.skipped).toEqual([]);
      expect(await getJobRunByRunId(db(), 'big-1199')).toMatchObject({
        scheduledAt: new Date(base + 1199 * 60_000),
      });
    });

    it('applyJobRunUpdates with a run of an unknown job still fails that chunk with ForeignKeyError and keeps none of it', async () => {
      await expect(
        applyJobRunUpdates(db(), [
          { runId: 'fk-ok', jobId: 'slot-job', scheduledAt: t('2026-05-04T00:00:00Z'), status: 'pending' },
          {
            runId: 'fk-ghost',
            jobId: 'no-such-job',
            scheduledAt: t('2026-05-04T00:00:00Z'),
            status: 'pending',
          },
        ]),
      ).rejects.toBeInstanceOf(ForeignKeyError);
      await expect(getJobRunByRunId(db(), 'fk-ok')).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });
}
