import { dialectTargets } from '@itinerary/db-core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { getAllJobs, iterateJobs } from './jobs.js';

const JOBS = 20_000;
// Each pod spec is ~2 KB, so holding every job at once would take tens of megabytes.
const podSpec = (i: number) => ({
  containers: [{ name: `c-${i}`, image: 'registry.example.com/worker:1.0', args: ['x'.repeat(1800)] }],
});
// The bound the scheduler can rely on while streaming: a few batches of jobs, not the table.
const HEAP_BOUND = 12 * 1024 * 1024;

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] iterateJobs`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      const now = new Date();
      await db().withTransaction(async (tx) => {
        for (let i = 0; i < JOBS; i++) {
          await tx.exec(
            'INSERT INTO jobs (id, name, schedule, pod_spec, constraint_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [
              `job-${String(i).padStart(6, '0')}`,
              `Job ${i}`,
              '*/5 * * * *',
              JSON.stringify(podSpec(i)),
              null,
              now,
              now,
            ],
          );
        }
      });
    }, 180_000);

    it('streams every job in id order, the same as getAllJobs', async () => {
      const streamed = [];
      for await (const job of iterateJobs(db(), { batchSize: 500 })) streamed.push(job);
      expect(streamed).toEqual(await getAllJobs(db()));
    });

    it(`reads ${JOBS} jobs with bounded heap, and only the schedule fields when asked`, {
      timeout: 120_000,
    }, async () => {
      const gc = globalThis.gc;
      if (!gc) throw new Error('run vitest with --expose-gc (the package vitest config does)');
      const measure = async (fields: 'all' | 'schedule') => {
        gc();
        const baseline = process.memoryUsage().heapUsed;
        let peak = 0;
        let count = 0;
        let keys: string[] = [];
        for await (const job of iterateJobs(db(), { fields: fields as 'all', batchSize: 500 })) {
          if (++count % 2000 === 0) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
          }
          keys = Object.keys(job);
        }
        return { peak, count, keys };
      };
      const full = await measure('all');
      expect(full.count).toBe(JOBS);
      expect(full.peak).toBeLessThan(HEAP_BOUND);
      const narrow = await measure('schedule');
      expect(narrow.count).toBe(JOBS);
      expect(narrow.keys).toEqual(['id', 'schedule', 'timeZone', 'constraintId']);
      expect(narrow.peak).toBeLessThan(HEAP_BOUND);
    });
  });
}
