import { basename } from 'node:path';
import { dialectTargets } from '@itinerary/db-core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, loadMigrations, MigrationFileError } from './index.js';
import { createTable, removeMigrationsDirs, writeMigrationsDir } from './test-support/migration-dirs.js';

const FOLDERS = { postgres: 'postgres', mysql: 'mysql', sqlite3: 'sqlite' } as const;

afterAll(removeMigrationsDirs);

for (const target of dialectTargets()) {
  const { driver } = target;

  describe.skipIf(!target.available)(`[${driver}] loadMigrations`, () => {
    it('reads the package migrations of its dialect folder in version order', async () => {
      const dir = defaultMigrationsDir(driver);
      expect(basename(dir)).toBe(FOLDERS[driver]);
      const migrations = await loadMigrations(driver);
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations[0]).toMatchObject({
        version: 1,
        name: 'initial_schema',
        label: '0001_initial_schema',
      });
      expect(migrations.map((m) => m.version)).toEqual(
        [...migrations.map((m) => m.version)].sort((a, b) => a - b),
      );
      for (const m of migrations) {
        expect(m.path.startsWith(dir)).toBe(true);
        expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(m.statements.length).toBeGreaterThan(0);
      }
    });

    it('gives the same file saved with LF, CRLF, CR or a BOM one checksum and one text', async () => {
      const lf =
        '-- a comment\nCREATE TABLE mt_a (\n    id INTEGER NOT NULL PRIMARY KEY\n);\n\nCREATE TABLE mt_b (id INTEGER);\n';
      const variants = [
        lf,
        lf.replace(/\n/g, '\r\n'),
        `\uFEFF${lf.replace(/\n/g, '\r\n')}`,
        `\uFEFF${lf}`,
        lf.replace(/\n/g, '\r'),
      ];
      const loaded = await Promise.all(
        variants.map(async (text) => {
          const dir = await writeMigrationsDir({ '0001_same_file.sql': Buffer.from(text, 'utf8') });
          return (await loadMigrations(driver, { migrationsDir: dir }))[0];
        }),
      );
      expect(new Set(loaded.map((m) => m?.checksum)).size).toBe(1);
      for (const m of loaded) {
        expect(m?.sql).toBe(lf);
        expect(m?.statements).toHaveLength(2);
      }
      const edited = await writeMigrationsDir({ '0001_same_file.sql': lf.replace('mt_b', 'mt_c') });
      expect((await loadMigrations(driver, { migrationsDir: edited }))[0]?.checksum).not.toBe(
        loaded[0]?.checksum,
      );
    });

    it('accepts a file URL as the folder and ignores files that are not .sql', async () => {
      const dir = await writeMigrationsDir({
        '0002_second.sql': createTable('mt_b'),
        '0001_first.sql': createTable('mt_a'),
        'README.md': '# notes',
        '.0003_hidden.sql': 'not a migration',
        '0003_backup.sql.orig': 'not a migration',
      });
      const migrations = await loadMigrations(driver, { migrationsDir: new URL(`file://${dir}/`) });
      expect(migrations.map((m) => m.label)).toEqual(['0001_first', '0002_second']);
    });

    for (const fileName of [
      '1_short_number.sql',
      '0001-dash.sql',
      '0001_Upper_Case.sql',
      '0001_.sql',
      '0001_two__underscores.sql',
      '0001_a b.sql',
      'initial.sql',
      '0001_name.SQL',
    ]) {
      it(`rejects the malformed file name ${JSON.stringify(fileName)}`, async () => {
        const dir = await writeMigrationsDir({ [fileName]: createTable('mt_a') });
        const error = await loadMigrations(driver, { migrationsDir: dir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationFileError);
        expect((error as Error).message).toContain(JSON.stringify(fileName));
        expect((error as Error).message).toContain('NNNN_snake_case_name.sql');
      });
    }

    it('rejects two files with the same version, naming both', async () => {
      const dir = await writeMigrationsDir({
        '0001_first.sql': createTable('mt_a'),
        '0002_one.sql': createTable('mt_b'),
        '00002_other.sql': createTable('mt_c'),
      });
      const error = await loadMigrations(driver, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFileError);
      expect((error as MigrationFileError).version).toBe(2);
      expect((error as Error).message).toMatch(
        /have version 2: 00002_other\.sql and 0002_one\.sql\. Every file needs its own number/,
      );
    });

    it('rejects a file without statements and a file that controls transactions itself', async () => {
      const empty = await writeMigrationsDir({ '0001_empty.sql': '-- nothing here yet\n' });
      await expect(loadMigrations(driver, { migrationsDir: empty })).rejects.toThrow(
        /contains no SQL statement/,
      );
      const withBegin = await writeMigrationsDir({
        '0001_begin.sql': `BEGIN;\n${createTable('mt_a')}COMMIT;\n`,
      });
      await expect(loadMigrations(driver, { migrationsDir: withBegin })).rejects.toThrow(
        /statement 1 starts with BEGIN/,
      );
    });

    it('rejects a migrations folder that does not exist, naming it', async () => {
      const missing = `${await writeMigrationsDir({})}/nowhere`;
      const error = await loadMigrations(driver, { migrationsDir: missing }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFileError);
      expect((error as Error).message).toContain(missing);
    });
  });
}
