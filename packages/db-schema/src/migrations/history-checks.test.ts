import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Database, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATION_HISTORY_TABLE,
  MigrationChecksumError,
  MigrationMissingError,
  MigrationOrderError,
  MigrationUnknownVersionError,
  migrate,
  status,
} from './index.js';
import { createTable, removeMigrationsDirs, writeMigrationsDir } from './test-support/migration-dirs.js';
import { dropTables, listTables } from './test-support/schema-inspection.js';

afterAll(removeMigrationsDirs);

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] history checks`, () => {
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

    beforeEach(async () => {
      await dropTables(db, [MIGRATION_HISTORY_TABLE, 'mt_a', 'mt_b', 'mt_c', 'mt_d']);
    });

    it('refuses an applied file that was edited, naming it and the fix', async () => {
      const dir = await writeMigrationsDir({ '0001_create_a.sql': createTable('mt_a') });
      await migrate(db, { migrationsDir: dir });
      await writeFile(
        join(dir, '0001_create_a.sql'),
        `${createTable('mt_a')}CREATE INDEX idx_mt_a ON mt_a (id);\n`,
      );
      await writeFile(join(dir, '0002_create_b.sql'), createTable('mt_b'));

      const error = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationChecksumError);
      expect((error as MigrationChecksumError).version).toBe(1);
      expect((error as Error).message).toContain('migration 0001_create_a was applied on');
      expect((error as Error).message).toContain(join(dir, '0001_create_a.sql'));
      expect((error as Error).message).toContain('new migration with a higher number');
      await expect(migrate(db, { migrationsDir: dir, dryRun: true })).rejects.toThrow(MigrationChecksumError);
      const report = await status(db, { migrationsDir: dir });
      expect(report.problems).toMatchObject([{ code: 'MIGRATION_CHECKSUM_MISMATCH', version: 1 }]);
      expect(report.pending.map((m) => m.version)).toEqual([2]);
      expect(await listTables(db)).not.toContain('mt_b');
    });

    it('refuses an applied migration whose file is missing', async () => {
      const dir = await writeMigrationsDir({
        '0001_create_a.sql': createTable('mt_a'),
        '0002_create_b.sql': createTable('mt_b'),
      });
      await migrate(db, { migrationsDir: dir });
      await rm(join(dir, '0001_create_a.sql'));
      await writeFile(join(dir, '0003_create_c.sql'), createTable('mt_c'));

      const error = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationMissingError);
      expect((error as Error).message).toContain(
        `migration 0001_create_a was applied to this database, but ${dir} has no file for version 1`,
      );
      expect((error as Error).message).toContain('restore 0001_create_a.sql');
      expect((await status(db, { migrationsDir: dir })).problems).toMatchObject([
        { code: 'MIGRATION_FILE_MISSING', version: 1 },
      ]);
      expect(await listTables(db)).not.toContain('mt_c');
    });

    it('refuses a database that holds a version newer than every file', async () => {
      const newer = await writeMigrationsDir({
        '0001_create_a.sql': createTable('mt_a'),
        '0002_create_b.sql': createTable('mt_b'),
        '0003_create_c.sql': createTable('mt_c'),
      });
      await migrate(db, { migrationsDir: newer });
      const older = await writeMigrationsDir({
        '0001_create_a.sql': createTable('mt_a'),
        '0002_create_b.sql': createTable('mt_b'),
      });

      const error = await migrate(db, { migrationsDir: older }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationUnknownVersionError);
      expect((error as MigrationUnknownVersionError).version).toBe(3);
      expect((error as Error).message).toContain('the database holds migration 0003_create_c');
      expect((error as Error).message).toContain(`the newest file in ${older} is 0002_create_b`);
      expect((error as Error).message).toContain('migrated by a newer release');
      const report = await status(db, { migrationsDir: older });
      expect(report.problems).toMatchObject([{ code: 'MIGRATION_UNKNOWN_VERSION', version: 3 }]);
      expect(report.currentVersion).toBe(3);
    });

    it('refuses a new file numbered below a migration the database already has', async () => {
      const dir = await writeMigrationsDir({
        '0001_create_a.sql': createTable('mt_a'),
        '0003_create_c.sql': createTable('mt_c'),
      });
      await migrate(db, { migrationsDir: dir });
      await writeFile(join(dir, '0002_create_b.sql'), createTable('mt_b'));

      const error = await migrate(db, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationOrderError);
      expect((error as Error).message).toContain(
        '0002_create_b is not applied, but the database already has the later migration 0003_create_c',
      );
      expect((error as Error).message).toContain('as 0004_create_b.sql');
      expect(await listTables(db)).not.toContain('mt_b');
    });

    it('reports every problem in status, and migrate names the count of the others', async () => {
      const dir = await writeMigrationsDir({
        '0001_create_a.sql': createTable('mt_a'),
        '0002_create_b.sql': createTable('mt_b'),
        '0003_create_c.sql': createTable('mt_c'),
        '0004_create_d.sql': createTable('mt_d'),
      });
      await migrate(db, { migrationsDir: dir });
      await writeFile(join(dir, '0001_create_a.sql'), createTable('mt_a').replace('creates', 'makes'));
      await rm(join(dir, '0002_create_b.sql'));
      await rm(join(dir, '0004_create_d.sql'));

      const report = await status(db, { migrationsDir: dir });
      expect(report.problems.map((p) => p.code)).toEqual([
        'MIGRATION_CHECKSUM_MISMATCH',
        'MIGRATION_FILE_MISSING',
        'MIGRATION_UNKNOWN_VERSION',
      ]);
      await expect(migrate(db, { migrationsDir: dir })).rejects.toThrow(/2 more problem\(s\)/);
    });

    it('does not take the same file saved with CRLF and a BOM for an edit', async () => {
      const lf = `${createTable('mt_a')}\n-- a second statement\n${createTable('mt_b')}`;
      const dir = await writeMigrationsDir({ '0001_create_ab.sql': lf });
      const first = await migrate(db, { migrationsDir: dir });
      await writeFile(
        join(dir, '0001_create_ab.sql'),
        Buffer.from(`\uFEFF${lf.replace(/\n/g, '\r\n')}`, 'utf8'),
      );

      const report = await status(db, { migrationsDir: dir });
      expect(report.problems).toEqual([]);
      expect(report.applied[0]?.checksum).toBe(first.applied[0]?.checksum);
      const second = await migrate(db, { migrationsDir: dir });
      expect(second.applied).toEqual([]);
    });
  });
}
