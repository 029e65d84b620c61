import { dialectTargets } from '@itinerary/db-core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { getAllJobs } from './jobs.js';

const JOBS = 10_000;
const RELOADS = 15;
// A realistic pod spec of about 1 KB, so leaked job arrays would show as megabytes.
const podSpec = {
  containers: [
    {
      name: 'worker',
      image: 'registry.example.com/itinerary/worker:2026.11.1',
      args: ['--mode=batch', '--verbose'],
      env: Array.from({ length: 12 }, (_, i) => ({
        name: `SETTING_${i}`,
        value: `value-${i}-${'x'.repeat(30)}`,
      })),
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    },
  ],
  restartPolicy: 'Never',
};

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] getAllJobs memory`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      const now = new Date();
      const spec = JSON.stringify(podSpec);
      await db().withTransaction(async (tx) => {
        for (let i = 0; i < JOBS; i++) {
          await tx.exec(
            'INSERT INTO jobs (id, name, schedule, pod_spec, constraint_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [`job-${String(i).padStart(6, '0')}`, `Job ${i}`, '*/5 * * * *', spec, null, now, now],
          );
        }
      });
    }, 120_000);

    it(`reloads ${JOBS} jobs ${RELOADS} times without the heap growing`, { timeout: 120_000 }, async () => {
      const gc = globalThis.gc;
      if (!gc) throw new Error('run vitest with --expose-gc (the package vitest config does)');
      // The scheduler's rebuild: each reload replaces the previous array, which becomes garbage.
      let jobs = await getAllJobs(db());
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let held = 0;
      for (let i = 0; i < RELOADS; i++) {
        jobs = await getAllJobs(db());
        held = jobs.length;
      }
      gc();
      const growth = process.memoryUsage().heapUsed - baseline;
      expect(held).toBe(JOBS);
      expect(jobs[0]?.podSpec).toEqual(podSpec);
      // One array of 10,000 jobs is ~15 MB; keeping earlier reloads would add that per reload.
      expect(growth).toBeLessThan(5 * 1024 * 1024);
    });
  });
}
