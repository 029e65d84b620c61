import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { Driver } from './driver.js';
import { openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

const ROWS = 1_000_000;
// A million rows of ~220 bytes each: several hundred MB as JavaScript objects if held at once.
const MILLION_ROWS: Record<Driver, string> = {
  postgres: `SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, ${ROWS}) AS g`,
  mysql: `WITH d AS (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
            UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)
          SELECT a.n + 10 * b.n + 100 * c.n + 1000 * e.n + 10000 * f.n + 100000 * g.n + 1 AS id, REPEAT('x', 200) AS pad
          FROM d a, d b, d c, d e, d f, d g`,
  sqlite3: `WITH RECURSIVE c(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM c WHERE id < ${ROWS})
            SELECT id, printf('%.200c', 'x') AS pad FROM c`,
};
const HEAP_BOUND = 64 * 1024 * 1024;

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] iterate`, () => {
    let scratch: ScratchDatabase;
    let db: Database;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig(scratch.config);
    });
    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    it(`reads ${ROWS} rows with bounded memory`, { timeout: 120_000 }, async () => {
      const gc = globalThis.gc;
      if (!gc) throw new Error('run vitest with --expose-gc (the package vitest config does)');
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peak = 0;
      let count = 0;
      let sum = 0;
      for await (const row of db.iterate<{ id: number; pad: string }>(MILLION_ROWS[target.driver], [], {
        batchSize: 1000,
      })) {
        count++;
        sum += Number(row.id);
        if (row.pad.length !== 200) throw new Error(`row ${row.id} has a pad of ${row.pad.length}`);
        if (count % 100_000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
      }
      expect(count).toBe(ROWS);
      expect(sum).toBe((ROWS * (ROWS + 1)) / 2);
      expect(peak).toBeLessThan(HEAP_BOUND);
    });
  });
}
