import { dialectTargets } from '@itinerary/db-core/testing';
import { type JobRunUpdate, ValidationError } from '@itinerary/db-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { applyJobRunUpdates } from './job-run-updates.js';
import { getJobRunByRunId, getJobRuns } from './job-runs.js';
import { createJob } from './jobs.js';

const t = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 1, 12, minute, second, 250));

/** A run's whole life as the scheduler reports it: created, started, finished. */
function lifecycle(runId: string, minute: number, ok: boolean): JobRunUpdate[] {
  return [
    { runId, jobId: 'job-batch', scheduledAt: t(minute), status: 'pending' },
    { runId, status: 'running', startedAt: t(minute, 1) },
    ok
      ? { runId, status: 'completed', completedAt: t(minute, 30), success: true }
      : { runId, status: 'failed', completedAt: t(minute, 40), success: false, error: 'OOMKilled' },
  ];
}

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] applyJobRunUpdates`, () => {
    const db = useMigratedDatabase(target);
    const snapshot = async () =>
      (await getJobRuns(db(), 'job-batch', 10_000)).sort((a, b) => a.runId.localeCompare(b.runId));

    beforeAll(async () => {
      await createJob(db(), { id: 'job-batch', name: 'Batch', schedule: '* * * * *' });
    });

    it('creates runs from their first update and applies later ones in order, in chunks', async () => {
      const batch = [
        ...lifecycle('r-1', 1, true),
        ...lifecycle('r-2', 2, false),
        ...lifecycle('r-3', 3, true),
      ];
      const result = await applyJobRunUpdates(db(), batch, { chunkSize: 4 });
      expect(result.inserted).toEqual(['r-1', 'r-2', 'r-3']);
      expect(result.updated).toEqual(['r-1', 'r-1', 'r-2', 'r-2', 'r-3', 'r-3']);
      expect(result.skipped).toEqual([]);
      expect(await getJobRunByRunId(db(), 'r-2')).toEqual({
        jobId: 'job-batch',
        runId: 'r-2',
        scheduledAt: t(2),
        startedAt: t(2, 1),
        completedAt: t(2, 40),
        status: 'failed',
        success: false,
        error: 'OOMKilled',
      });
    });

    it('is idempotent: replaying the batch, whole or in part, leaves the same rows', async () => {
      const batch = [
        ...lifecycle('r-1', 1, true),
        ...lifecycle('r-2', 2, false),
        ...lifecycle('r-3', 3, true),
      ];
      const before = await snapshot();
      const whole = await applyJobRunUpdates(db(), batch);
      expect(whole.inserted).toEqual([]);
      expect(whole.updated).toEqual([]);
      expect(whole.skipped).toHaveLength(batch.length);
      // A partial replay, out of order: the older "running" update comes after the finish.
      const partial = await applyJobRunUpdates(db(), [batch[2], batch[1], batch[4]] as JobRunUpdate[]);
      expect(partial.updated).toEqual([]);
      expect(partial.skipped.map((s) => s.reason)).toEqual(['unchanged', 'terminal', 'terminal']);
      expect(await snapshot()).toEqual(before);
    });

    it('changes only the fields an update carries, never nulling the others', async () => {
      await applyJobRunUpdates(db(), lifecycle('r-4', 4, true).slice(0, 2));
      await applyJobRunUpdates(db(), [{ runId: 'r-4', error: 'transient: image pull slow' }]);
      expect(await getJobRunByRunId(db(), 'r-4')).toMatchObject({
        status: 'running',
        startedAt: t(4, 1),
        error: 'transient: image pull slow',
        completedAt: null,
      });
      // A carried null does clear that one field.
      await applyJobRunUpdates(db(), [{ runId: 'r-4', error: null }]);
      expect(await getJobRunByRunId(db(), 'r-4')).toMatchObject({
        status: 'running',
        startedAt: t(4, 1),
        error: null,
      });
    });

    it('never moves a status back; a stale update only fills empty fields', async () => {
      await applyJobRunUpdates(db(), [
        { runId: 'r-5', jobId: 'job-batch', scheduledAt: t(5), status: 'running' },
      ]);
      // The "pending" report arrives late, carrying a start time the row does not have yet.
      const late = await applyJobRunUpdates(db(), [{ runId: 'r-5', status: 'pending', startedAt: t(5, 2) }]);
      expect(late.updated).toEqual(['r-5']);
      expect(await getJobRunByRunId(db(), 'r-5')).toMatchObject({ status: 'running', startedAt: t(5, 2) });
      const stale = await applyJobRunUpdates(db(), [{ runId: 'r-5', status: 'pending', startedAt: t(5, 9) }]);
      expect(stale.skipped).toEqual([{ index: 0, runId: 'r-5', reason: 'stale' }]);
      expect((await getJobRunByRunId(db(), 'r-5')).startedAt).toEqual(t(5, 2));
    });

    it('leaves a terminal status only when the caller says so', async () => {
      await applyJobRunUpdates(db(), lifecycle('r-6', 6, false));
      const refused = await applyJobRunUpdates(db(), [{ runId: 'r-6', status: 'running' }]);
      expect(refused.skipped).toEqual([{ index: 0, runId: 'r-6', reason: 'terminal' }]);
      expect((await getJobRunByRunId(db(), 'r-6')).status).toBe('failed');
      const reopened = await applyJobRunUpdates(
        db(),
        [{ runId: 'r-6', status: 'running', completedAt: null }],
        {
          reopenTerminal: true,
        },
      );
      expect(reopened.updated).toEqual(['r-6']);
      expect(await getJobRunByRunId(db(), 'r-6')).toMatchObject({ status: 'running', completedAt: null });
    });

    it('skips updates of unknown runs that cannot create them, and identity mismatches', async () => {
      const result = await applyJobRunUpdates(db(), [
        { runId: 'r-ghost', status: 'running' },
        { runId: 'r-1', jobId: 'job-batch', scheduledAt: t(59), status: 'completed' },
      ]);
      expect(result.skipped).toEqual([
        { index: 0, runId: 'r-ghost', reason: 'unknown-run' },
        { index: 1, runId: 'r-1', reason: 'identity-mismatch' },
      ]);
      expect(await getJobRuns(db(), 'job-batch', 100)).not.toContainEqual(
        expect.objectContaining({ runId: 'r-ghost' }),
      );
    });

    it('validates the whole batch before writing anything', async () => {
      const before = await snapshot();
      const err = await applyJobRunUpdates(db(), [
        { runId: 'r-new', jobId: 'job-batch', scheduledAt: t(30), status: 'pending' },
        { runId: 'r-new', status: 'exploded' } as never,
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(/\[1\]\.status/);
      expect(await snapshot()).toEqual(before);
    });
  });
}
