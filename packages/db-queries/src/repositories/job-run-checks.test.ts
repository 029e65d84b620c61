import { dialectTargets } from '@itinerary/db-core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { applyJobRunUpdates } from './job-run-updates.js';
import { countActiveRuns, getJobRunsBetween, getLatestSuccessfulRun } from './job-runs.js';
import { createJob } from './jobs.js';

const JOBS = 5;
const RUNS_PER_JOB = 2000;
const minute = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000);

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] constraint-check queries`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      for (let j = 0; j < JOBS; j++)
        await createJob(db(), { id: `job-${j}`, name: `Job ${j}`, schedule: '* * * * *' });
      // Mostly finished history, a few failures, and the last runs still active.
      const updates = [];
      for (let j = 0; j < JOBS; j++) {
        for (let i = 0; i < RUNS_PER_JOB; i++) {
          const active = i >= RUNS_PER_JOB - 3;
          const ok = i % 10 !== 0 && i < RUNS_PER_JOB - 10;
          updates.push({
            runId: `run-${j}-${i}`,
            jobId: `job-${j}`,
            scheduledAt: minute(i),
            status: active ? (i === RUNS_PER_JOB - 1 ? 'pending' : 'running') : ok ? 'completed' : 'failed',
            success: active ? null : ok,
          } as const);
        }
      }
      await applyJobRunUpdates(db(), updates, { chunkSize: 2000 });
      if (target.driver === 'postgres') await db().exec('ANALYZE job_runs');
    }, 120_000);

    it('counts a job’s pending and running runs', async () => {
      expect(await countActiveRuns(db(), 'job-0')).toBe(3);
      expect(await countActiveRuns(db(), 'job-none')).toBe(0);
    });

    it('finds the latest successful run, or null', async () => {
      const latest = await getLatestSuccessfulRun(db(), 'job-1');
      // Runs from RUNS_PER_JOB - 10 on failed or are active; the one before them succeeded.
      expect(latest?.runId).toBe(`run-1-${RUNS_PER_JOB - 11}`);
      expect(latest?.success).toBe(true);
      expect(await getLatestSuccessfulRun(db(), 'job-none')).toBeNull();
    });

    it('lists runs scheduled in a window, oldest first, end excluded', async () => {
      const runs = await getJobRunsBetween(db(), 'job-2', minute(100), minute(105));
      expect(runs.map((r) => r.runId)).toEqual([
        'run-2-100',
        'run-2-101',
        'run-2-102',
        'run-2-103',
        'run-2-104',
      ]);
      expect(await getJobRunsBetween(db(), 'job-2', minute(5000), minute(6000))).toEqual([]);
    });

    if (target.driver === 'postgres') {
      it('serves each check from an index (EXPLAIN)', async () => {
        const plan = async (sql: string, params: unknown[]) => {
          const [row] = await db().query<{ 'QUERY PLAN': unknown }>(
            `EXPLAIN (FORMAT JSON) ${sql}`,
            params as never,
          );
          return JSON.stringify(row?.['QUERY PLAN']);
        };
        const active = await plan(
          "SELECT COUNT(*) FROM job_runs WHERE job_id = ? AND status IN ('pending', 'running')",
          ['job-3'],
        );
        expect(active).toMatch(/"Index Name":"idx_job_runs_job_id_status"/);
        expect(active).not.toMatch(/"Seq Scan"/);
        const latest = await plan(
          'SELECT run_id FROM job_runs WHERE job_id = ? AND success = TRUE ORDER BY scheduled_at DESC LIMIT 1',
          ['job-3'],
        );
        expect(latest).toMatch(/"Index Name":"job_runs_pkey"/);
        expect(latest).toMatch(/"Scan Direction":"Backward"/);
        const between = await plan(
          'SELECT run_id FROM job_runs WHERE job_id = ? AND scheduled_at >= ? AND scheduled_at < ? ORDER BY scheduled_at',
          ['job-3', minute(10), minute(20)],
        );
        expect(between).toMatch(/"Index Name":"job_runs_pkey"/);
        expect(between).not.toMatch(/"Seq Scan"/);
      });
    }
  });
}
