import { type Database, openWithConfig, UsageError } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  loadMigrations,
  MIGRATION_HISTORY_TABLE,
  MigrationCancelledError,
  type MigrationEvent,
  MigrationFailedError,
  MigrationPartialError,
  migrate,
  status,
} from './index.js';
import { createTable, removeMigrationsDirs, writeMigrationsDir } from './test-support/migration-dirs.js';
import { dropTables, listTables, SCHEMA_TABLES } from './test-support/schema-inspection.js';

const SYNTHETIC_TABLES = [MIGRATION_HISTORY_TABLE, 'mt_a', 'mt_b', 'mt_c'];

afterAll(removeMigrationsDirs);

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] migrate`, () => {
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

    describe('the package migrations on a fresh database', () => {
      it('status lists every file as pending and nothing applied', async () => {
        const files = await loadMigrations(target.driver);
        const report = await status(db);
        expect(report).toMatchObject({
          driver: target.driver,
          currentVersion: null,
          applied: [],
          problems: [],
          locked: false,
        });
        expect(report.pending.map((m) => m.version)).toEqual(files.map((m) => m.version));
      });

      it('a dry run lists the SQL it would run and changes nothing, not even the history table', async () => {
        const events: MigrationEvent[] = [];
        const result = await migrate(db, { dryRun: true, onEvent: (e) => events.push(e) });
        expect(result.dryRun).toBe(true);
        expect(result.applied).toEqual([]);
        expect(result.planned[0]).toMatchObject({ version: 1, label: '0001_initial_schema' });
        expect(result.planned[0]?.sql).toContain('CREATE TABLE jobs');
        expect(events.map((e) => e.type)).toEqual(['done']);
        expect(await listTables(db)).toEqual([]);
      });

      it('applies every migration in order and creates the eight tables', async () => {
        const files = await loadMigrations(target.driver);
        const events: MigrationEvent[] = [];
        const result = await migrate(db, { onEvent: (e) => events.push(e) });
        expect(result.applied.map((m) => m.version)).toEqual(files.map((m) => m.version));
        expect(result.currentVersion).toBe(files.at(-1)?.version);
        expect(await listTables(db)).toEqual([...SCHEMA_TABLES, MIGRATION_HISTORY_TABLE].sort());
        expect(events.map((e) => e.type)).toEqual([
          'lock-acquired',
          ...files.flatMap(() => ['migration-start', 'migration-applied']),
          'done',
        ]);
        const applied = events.find((e) => e.type === 'migration-applied');
        expect(applied).toMatchObject({ version: 1, durationMs: expect.any(Number) });
      });

      it('a second run applies nothing', async () => {
        const events: MigrationEvent[] = [];
        const result = await migrate(db, { onEvent: (e) => events.push(e) });
        expect(result.applied).toEqual([]);
        expect(result.planned).toEqual([]);
        expect(events.map((e) => e.type)).toEqual(['lock-acquired', 'done']);
      });

      it('status lists each applied migration with its checksum, time and duration', async () => {
        const files = await loadMigrations(target.driver);
        const before = Date.now();
        const report = await status(db);
        expect(report.pending).toEqual([]);
        expect(report.problems).toEqual([]);
        expect(report.currentVersion).toBe(files.at(-1)?.version);
        expect(report.applied).toHaveLength(files.length);
        for (const [i, row] of report.applied.entries()) {
          const file = files[i];
          expect(row).toMatchObject({
            version: file?.version,
            name: file?.name,
            checksum: file?.checksum,
            status: 'applied',
            statementsTotal: file?.statements.length,
            statementsApplied: file?.statements.length,
          });
          expect(row.appliedAt).toBeInstanceOf(Date);
          expect(row.appliedAt.getTime()).toBeGreaterThan(before - 60_000);
          expect(row.appliedAt.getTime()).toBeLessThanOrEqual(before + 1_000);
          expect(row.durationMs).toBeGreaterThanOrEqual(0);
        }
      });
    });

    describe('synthetic migrations', () => {
      // These share the database with the package schema above, so each starts from an
      // empty history and drops only the tables the synthetic files create.
      beforeEach(async () => {
        await dropTables(db, SYNTHETIC_TABLES);
      });

      it('stops at the target version, and a later run applies the rest', async () => {
        const dir = await writeMigrationsDir({
          '0001_create_a.sql': createTable('mt_a'),
          '0002_create_b.sql': createTable('mt_b'),
          '0003_create_c.sql': createTable('mt_c'),
        });
        const first = await migrate(db, { migrationsDir: dir, target: 2 });
        expect(first.applied.map((m) => m.version)).toEqual([1, 2]);
        expect(first.currentVersion).toBe(2);
        expect(await listTables(db)).not.toContain('mt_c');
        expect((await status(db, { migrationsDir: dir })).pending.map((m) => m.version)).toEqual([3]);

        const behind = await migrate(db, { migrationsDir: dir, target: 1 });
        expect(behind.applied).toEqual([]);

        const rest = await migrate(db, { migrationsDir: dir });
        expect(rest.applied.map((m) => m.version)).toEqual([3]);
        expect(await listTables(db)).toContain('mt_c');
      });

      it('refuses a target that no file has, and bad options, before touching the database', async () => {
        const dir = await writeMigrationsDir({ '0001_create_a.sql': createTable('mt_a') });
        await expect(migrate(db, { migrationsDir: dir, target: 7 })).rejects.toThrow(UsageError);
        await expect(migrate(db, { migrationsDir: dir, target: 7 })).rejects.toThrow(
          /target version 7.*0001_create_a/,
        );
        await expect(migrate(db, { migrationsDir: dir, lockTimeoutMs: -1 })).rejects.toThrow(/lockTimeoutMs/);
        expect(await listTables(db)).not.toContain(MIGRATION_HISTORY_TABLE);
      });

      it('a dry run on a partly migrated database lists only the pending files', async () => {
        const dir = await writeMigrationsDir({
          '0001_create_a.sql': createTable('mt_a'),
          '0002_create_b.sql': createTable('mt_b'),
        });
        await migrate(db, { migrationsDir: dir, target: 1 });
        const dry = await migrate(db, { migrationsDir: dir, dryRun: true });
        expect(dry.planned.map((m) => m.label)).toEqual(['0002_create_b']);
        expect(dry.planned[0]?.statements).toEqual([createTable('mt_b').trim().replace(/;$/, '')]);
        expect(dry.currentVersion).toBe(1);
        expect(await listTables(db)).not.toContain('mt_b');
      });

      it('cancellation stops between migrations and releases the lock', async () => {
        const dir = await writeMigrationsDir({
          '0001_create_a.sql': createTable('mt_a'),
          '0002_create_b.sql': createTable('mt_b'),
          '0003_create_c.sql': createTable('mt_c'),
        });
        const controller = new AbortController();
        const error = await migrate(db, {
          migrationsDir: dir,
          signal: controller.signal,
          onEvent: (e) => {
            // Aborting as the first migration starts must still let it finish.
            if (e.type === 'migration-start') controller.abort();
          },
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationCancelledError);
        expect((error as MigrationCancelledError).applied).toEqual([1]);
        expect((error as Error).message).toMatch(
          /after applying 0001_create_a; 2 pending migration\(s\) were not started/,
        );
        expect((await status(db, { migrationsDir: dir })).applied.map((m) => m.version)).toEqual([1]);

        // No wait at all: the lock must be free the moment the cancelled run returned.
        const rest = await migrate(db, { migrationsDir: dir, lockTimeoutMs: 0 });
        expect(rest.applied.map((m) => m.version)).toEqual([2, 3]);
      });

      it('an already aborted signal applies nothing', async () => {
        const dir = await writeMigrationsDir({ '0001_create_a.sql': createTable('mt_a') });
        const error = await migrate(db, { migrationsDir: dir, signal: AbortSignal.abort() }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(MigrationCancelledError);
        expect(await listTables(db)).not.toContain('mt_a');
      });

      if (target.driver !== 'mysql') {
        it('a failing migration is rolled back whole; the ones before it stay applied', async () => {
          const dir = await writeMigrationsDir({
            '0001_create_a.sql': createTable('mt_a'),
            '0002_broken.sql': `${createTable('mt_b')}\nCREATE TABLE mt_a (id INTEGER);\n`,
            '0003_create_c.sql': createTable('mt_c'),
          });
          const error = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(MigrationFailedError);
          expect((error as MigrationFailedError).version).toBe(2);
          expect((error as Error).message).toMatch(/0002_broken failed at statement 2 of 2/);
          expect((error as Error).message).toContain('CREATE TABLE mt_a (id INTEGER)');
          expect((error as Error).message).toContain('rolled back');
          const tables = await listTables(db);
          expect(tables).toContain('mt_a');
          expect(tables).not.toContain('mt_b');
          expect(tables).not.toContain('mt_c');
          const report = await status(db, { migrationsDir: dir });
          expect(report.applied.map((m) => m.version)).toEqual([1]);
          expect(report.problems).toEqual([]);
        });
      }

      if (target.driver === 'mysql') {
        it('a file that fails half-way is recorded as partial, and the next run refuses with recovery steps', async () => {
          const broken = `${createTable('mt_a')}\nCREATE TABLE mt_a (id INTEGER);\n\n${createTable('mt_c')}`;
          const dir = await writeMigrationsDir({ '0001_three_steps.sql': broken });
          const failure = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
          expect(failure).toBeInstanceOf(MigrationFailedError);
          expect((failure as Error).message).toMatch(/failed at statement 2 of 3/);
          expect((failure as Error).message).toMatch(/1 of 3 statement\(s\) were applied and committed/);

          const rows = await db.query(
            `SELECT status, statements_applied, statements_total FROM ${MIGRATION_HISTORY_TABLE}`,
          );
          expect(rows).toEqual([{ status: 'partial', statements_applied: 1, statements_total: 3 }]);
          expect(await listTables(db)).toContain('mt_a');

          const refusal = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
          expect(refusal).toBeInstanceOf(MigrationPartialError);
          const message = (refusal as Error).message;
          expect(message).toContain('migration 0001_three_steps was left half-applied');
          expect(message).toContain('1 of 3 statement(s) were applied');
          expect(message).toMatch(
            /first statement not recorded as applied is statement 2:\s+CREATE TABLE mt_a \(id INTEGER\)/,
          );
          expect(message).toContain(`DELETE FROM ${MIGRATION_HISTORY_TABLE} WHERE version = 1`);
          expect(message).toContain(`UPDATE ${MIGRATION_HISTORY_TABLE} SET status = 'applied'`);
          await expect(migrate(db, { migrationsDir: dir, dryRun: true })).rejects.toThrow(
            MigrationPartialError,
          );
          expect((await status(db, { migrationsDir: dir })).problems).toMatchObject([
            { code: 'MIGRATION_PARTIAL', version: 1 },
          ]);
          expect(await listTables(db)).not.toContain('mt_c');

          // The recovery the message describes: undo, delete the row, fix the file, rerun.
          await dropTables(db, ['mt_a']);
          await db.exec(`DELETE FROM ${MIGRATION_HISTORY_TABLE} WHERE version = 1`);
          const fixed = await writeMigrationsDir({
            '0001_three_steps.sql': `${createTable('mt_a')}\n${createTable('mt_b')}\n${createTable('mt_c')}`,
          });
          const rerun = await migrate(db, { migrationsDir: fixed });
          expect(rerun.applied.map((m) => m.version)).toEqual([1]);
          expect(await listTables(db)).toEqual(expect.arrayContaining(['mt_a', 'mt_b', 'mt_c']));
        });

        it('a file whose first statement fails leaves no history row, so fixing it is enough', async () => {
          const dir = await writeMigrationsDir({
            '0001_bad_start.sql': `CREATE TABLE mt_a (id INTEGER, id INTEGER);\n${createTable('mt_b')}`,
          });
          const failure = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
          expect(failure).toBeInstanceOf(MigrationFailedError);
          expect((failure as Error).message).toMatch(
            /failed at statement 1 of 2.*\n[\s\S]*history row was removed/,
          );
          expect(await db.query(`SELECT version FROM ${MIGRATION_HISTORY_TABLE}`)).toEqual([]);
          const fixed = await writeMigrationsDir({
            '0001_bad_start.sql': `${createTable('mt_a')}${createTable('mt_b')}`,
          });
          expect((await migrate(db, { migrationsDir: fixed })).applied).toHaveLength(1);
        });
      }
    });
  });
}
