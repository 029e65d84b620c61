import type { Database } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { SCHEMA_TABLES } from '@itinerary/db-schema';
import { afterEach, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { getAllActions } from '../repositories/actions.js';
import { getConstraintViolations } from '../repositories/constraint-violations.js';
import { getJobActions } from '../repositories/job-actions.js';
import { createJobRun, getJobRunByRunId, getJobRuns } from '../repositories/job-runs.js';
import { createJob, getAllJobs } from '../repositories/jobs.js';
import { getOrchestratorStats } from '../repositories/orchestrator-stats.js';
import { createTestDb } from './create-test-db.js';
import { resetDb } from './reset-db.js';
import { seedTestData } from './seed-test-data.js';

const TABLES = SCHEMA_TABLES;

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    counts[table] = (await db.query<{ c: number }>(`SELECT COUNT(*) AS c FROM ${table}`))[0]?.c as number;
  }
  return counts;
}

describe('createTestDb', () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
  });

  it('gives an in-memory SQLite database with the real schema, in milliseconds', async () => {
    const started = performance.now();
    db = await createTestDb();
    const elapsed = performance.now() - started;
    const tables = await db.query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...TABLES]));
    expect(db.driver).toBe('sqlite3');
    // Not a benchmark: a loose guard that set-up stays cheap enough to do per test.
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives each caller its own database', async () => {
    db = await createTestDb();
    const other = await createTestDb();
    try {
      await createJob(db, { id: 'only-here', name: 'x', schedule: '* * * * *' });
      expect(await getAllJobs(other)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(
    `[${target.name}] test data helpers and the spec's usage example`,
    () => {
      const db = useMigratedDatabase(target);

      it('seeds a coherent data set touching every table, and resets it', async () => {
        const written = await seedTestData(db());
        expect(await rowCounts(db())).toEqual(written);
        for (const count of Object.values(await rowCounts(db()))) expect(count).toBeGreaterThan(0);
        // Coherent: links, runs and violations point at rows that exist.
        expect((await getJobActions(db(), 'job-etl')).length).toBe(2);
        expect((await getConstraintViolations(db(), 'run-etl-2')).length).toBe(2);
        expect((await getOrchestratorStats(db(), 'period-2026-01-03T06:00:00Z')).length).toBe(2);
        expect((await getAllActions(db())).map((a) => a.actionType).sort()).toEqual([
          'kickOffJob',
          'retry',
          'webhook',
        ]);

        await resetDb(db());
        expect(Object.values(await rowCounts(db()))).toEqual(TABLES.map(() => 0));
        // The migration history survives a reset, so the schema stays recognised.
        expect((await seedTestData(db())).jobs).toBe(3);
        await resetDb(db());
      });

      it("runs the spec's usage example", async () => {
        const database = db();
        await createJob(database, {
          id: 'job-123',
          name: 'Daily Report',
          schedule: '0 0 * * *',
          podSpec: { image: 'report-generator:latest' },
        });
        const jobs = await getAllJobs(database);
        expect(jobs).toHaveLength(1);
        await database.withTransaction(async (tx) => {
          await createJobRun(tx, {
            jobId: 'job-123',
            runId: 'run-456',
            scheduledAt: new Date(),
            status: 'pending',
          });
        });
        expect((await getJobRunByRunId(database, 'run-456')).status).toBe('pending');
        // A failing transaction leaves nothing behind.
        await database
          .withTransaction(async (tx) => {
            await createJobRun(tx, {
              jobId: 'job-123',
              runId: 'run-789',
              scheduledAt: new Date(0),
              status: 'pending',
            });
            throw new Error('scheduler crashed');
          })
          .catch(() => undefined);
        expect((await getJobRuns(database, 'job-123', 10)).map((r) => r.runId)).toEqual(['run-456']);
      });
    },
  );
}
