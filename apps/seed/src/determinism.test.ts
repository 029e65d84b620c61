import { type DialectTarget, dialectTargets } from '@itinerary/db-core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonEvents, runCli, ScratchDatabases } from './cli.test-support.js';
import { syntheticDataSet } from './generator/synthetic-data-set.js';
import { databaseDigests, generatedDigests } from './table-digest.test-support.js';

// Small, but every table gets rows: 2 days of history from the daily jobs.
const ARGS = ['--jobs', '120', '--runs-per-job', '2', '--seed', '42', '--json'];
const expected = generatedDigests(syntheticDataSet({ jobs: 120, runsPerJob: 2, seed: 42 }).batches());

const targets = dialectTargets().filter((t) => t.name !== 'pgbouncer');
const SQLITE = targets.find((t) => t.name === 'sqlite3') as DialectTarget;

for (const target of targets) {
  describe.skipIf(!target.available)(`[${target.name}] itinerary-seed determinism`, () => {
    const scratch = new ScratchDatabases();
    afterAll(() => scratch.dropAll());

    it('writes the same rows into two databases for the same seed: the rows the generator made', async () => {
      const first = await scratch.create(target);
      const second = await scratch.create(target);
      const runs = await Promise.all([
        runCli(['--database-url', first.url, ...ARGS]),
        runCli(['--database-url', second.url, ...ARGS]),
      ]);
      for (const run of runs) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      const a = await databaseDigests(first.db);
      const b = await databaseDigests(second.db);
      expect(a.digests).toEqual(b.digests);
      // Ids, names, schedules, timestamps (as ISO strings) and JSON (deep-equal) as generated.
      for (const table of Object.keys(expected.lines) as Array<keyof typeof expected.lines>) {
        expect(a.lines[table], table).toEqual(expected.lines[table]);
      }
      for (const count of Object.values(jsonEvents(runs[0]?.stdout ?? '').at(-1)?.tables as object)) {
        expect(count).toBeGreaterThan(0);
      }
    });

    if (target.driver !== 'sqlite3') {
      it('writes the same rows as on SQLite', async () => {
        const server = await scratch.create(target);
        const sqlite = await scratch.create(SQLITE);
        const [onServer, onSqlite] = await Promise.all([
          runCli(['--database-url', server.url, ...ARGS]),
          runCli(['--database-url', sqlite.url, ...ARGS]),
        ]);
        expect(onServer.code).toBe(0);
        expect(onSqlite.code).toBe(0);
        const [serverRows, sqliteRows] = [await databaseDigests(server.db), await databaseDigests(sqlite.db)];
        expect(serverRows.digests).toEqual(sqliteRows.digests);
      });
    }
  });
}
