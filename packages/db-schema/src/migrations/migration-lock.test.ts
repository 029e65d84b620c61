import { type Database, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  loadMigrations,
  MIGRATION_HISTORY_TABLE,
  MigrationCancelledError,
  type MigrationEvent,
  MigrationLockTimeoutError,
  migrate,
  status,
} from './index.js';
import { assertBuilt, killDeployers, runDeployer, startLockHolder } from './test-support/migrate-process.js';
import { createTable, removeMigrationsDirs, writeMigrationsDir } from './test-support/migration-dirs.js';
import { dropTables, listTables, SCHEMA_TABLES } from './test-support/schema-inspection.js';

const DEPLOYERS = 8;

afterAll(removeMigrationsDirs);

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] migration lock`, () => {
    let scratch: ScratchDatabase;
    let db: Database;

    beforeAll(async () => {
      assertBuilt();
      scratch = await createScratchDatabase(target);
      // Opening it first also puts a SQLite file in WAL mode before the deployers race to open it.
      db = await openWithConfig(scratch.config);
    });

    afterEach(killDeployers);

    afterAll(async () => {
      await killDeployers();
      await db?.close();
      await scratch?.drop();
    });

    it(`${DEPLOYERS} processes migrating one fresh database at once: each migration applied exactly once, no errors`, async () => {
      const files = await loadMigrations(target.driver);
      // Node start-up on two cores takes about a second for eight processes.
      const startAt = Date.now() + 1_500;
      const results = await Promise.all(
        Array.from({ length: DEPLOYERS }, () => runDeployer(scratch.config, { startAt })),
      );
      for (const result of results) {
        expect(result.report, `a deployer failed: ${result.stdout}${result.stderr}`).toMatchObject({
          ok: true,
        });
        expect(result.exitCode).toBe(0);
      }
      const applied = results.flatMap((r) => r.report?.applied ?? []).sort((a, b) => a - b);
      expect(applied).toEqual(files.map((m) => m.version));
      const rows = await db.query(`SELECT version, status FROM ${MIGRATION_HISTORY_TABLE} ORDER BY version`);
      expect(rows).toEqual(files.map((m) => ({ version: m.version, status: 'applied' })));
      expect(await listTables(db)).toEqual(expect.arrayContaining(SCHEMA_TABLES));
    });

    describe('with another deployer holding the lock', () => {
      let dir: string;

      beforeEach(async () => {
        await dropTables(db, [MIGRATION_HISTORY_TABLE, 'mt_a', 'mt_b']);
        dir = await writeMigrationsDir({
          '0001_create_a.sql': createTable('mt_a'),
          '0002_create_b.sql': createTable('mt_b'),
        });
      });

      it('gives up after lockTimeoutMs with a lock-timeout error, applying nothing', async () => {
        const holder = await startLockHolder(scratch.config, dir);
        const events: MigrationEvent[] = [];
        const started = performance.now();
        const error = await migrate(db, {
          migrationsDir: dir,
          lockTimeoutMs: 300,
          onEvent: (e) => events.push(e),
        }).catch((e: unknown) => e);
        const waited = performance.now() - started;
        expect(error).toBeInstanceOf(MigrationLockTimeoutError);
        expect((error as Error).message).toMatch(/could not take the migration lock .* within 300 ms/);
        expect(waited).toBeGreaterThanOrEqual(290);
        expect(waited).toBeLessThan(5_000);
        expect(events.map((e) => e.type)).toEqual(['lock-wait']);
        // A MySQL partial row seen now would be the holder's progress; status knows the lock is taken.
        expect((await status(db, { migrationsDir: dir })).locked).toBe(target.driver !== 'sqlite3');
        await holder.kill();
        expect(await listTables(db)).not.toContain('mt_a');
        if (target.driver === 'sqlite3') {
          // The lock is polled with a short busy timeout; the connection must get its own back.
          expect(await db.query('PRAGMA busy_timeout')).toEqual([{ timeout: db.config.busyTimeoutMs }]);
        }
      });

      it('a holder killed with SIGKILL does not keep the lock: the next run proceeds', async () => {
        const holder = await startLockHolder(scratch.config, dir);
        await holder.kill();
        const started = performance.now();
        const result = await migrate(db, { migrationsDir: dir, lockTimeoutMs: 10_000 });
        expect(result.applied.map((m) => m.version)).toEqual([1, 2]);
        // The server (or, for SQLite, the OS) frees the lock when the connection or process dies,
        // not after some lease expires.
        expect(performance.now() - started).toBeLessThan(3_000);
        expect((await status(db, { migrationsDir: dir })).locked).toBe(false);
      });

      it('cancelling while waiting for the lock stops the wait at once', async () => {
        const holder = await startLockHolder(scratch.config, dir);
        const controller = new AbortController();
        const error = await migrate(db, {
          migrationsDir: dir,
          lockTimeoutMs: 20_000,
          signal: controller.signal,
          onEvent: (e) => {
            if (e.type === 'lock-wait') setTimeout(() => controller.abort(), 50);
          },
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationCancelledError);
        expect((error as Error).message).toContain(
          'while waiting for the migration lock; nothing was applied',
        );
        await holder.kill();
      });
    });
  });
}
