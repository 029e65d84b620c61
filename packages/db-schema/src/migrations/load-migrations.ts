import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Driver, dialectFor, isDriver, type SqlLexer, UsageError } from '@itinerary/db-core';
import { migrationChecksum, normaliseSql } from './checksum.js';
import { MigrationFileError } from './migration-errors.js';
import type { Migration, MigrationsDirOptions } from './migration-types.js';
import { resolveMigrationsDir } from './migrations-dir.js';

const FILE_NAME = /^(\d{4,})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;
// The history table's version column is a 32-bit INTEGER on every database.
const MAX_VERSION = 2_147_483_647;
// The engine owns the transaction around each file; a file's own would commit it early.
const TRANSACTION_CONTROL = /^(begin|commit|rollback|start\s+transaction|end|savepoint|release)\b/i;

/**
 * Reads the migration files of `driver` (the package's own, or `options.migrationsDir`),
 * checks their names, versions and statements, and returns them in version order.
 */
export async function loadMigrations(
  driver: Driver,
  options: MigrationsDirOptions = {},
): Promise<Migration[]> {
  if (!isDriver(driver))
    throw new UsageError(`unknown driver ${JSON.stringify(driver)}: use postgres, mysql or sqlite3`);
  const dir = resolveMigrationsDir(driver, options.migrationsDir);
  let entries: { name: string; isFile(): boolean }[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new MigrationFileError(
      `cannot read the ${driver} migrations folder ${dir}: ${(err as Error).message}`,
      {
        driver,
        cause: err,
      },
    );
  }
  const lexer = dialectFor(driver).sqlLexer;
  const byVersion = new Map<number, Migration>();
  // Anything not ending in .sql (README, editor backups, dotfiles) is not a migration.
  const names = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => e.name)
    .sort();
  for (const fileName of names) {
    const migration = await readMigration(driver, dir, fileName, lexer);
    const clash = byVersion.get(migration.version);
    if (clash) {
      throw new MigrationFileError(
        `two migration files in ${dir} have version ${migration.version}: ${clash.fileName} and ${fileName}. Every file needs its own number; renumber the one that is not applied yet.`,
        { driver, version: migration.version },
      );
    }
    byVersion.set(migration.version, migration);
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

async function readMigration(
  driver: Driver,
  dir: string,
  fileName: string,
  lexer: SqlLexer,
): Promise<Migration> {
  const path = join(dir, fileName);
  const match = FILE_NAME.exec(fileName);
  if (!match) {
    throw new MigrationFileError(
      `migration file name ${JSON.stringify(fileName)} in ${dir} is malformed: name it NNNN_snake_case_name.sql (four or more digits, an underscore, then lower-case words joined by underscores), for example 0002_add_job_runs_index.sql.`,
      { driver },
    );
  }
  const version = Number(match[1]);
  const name = match[2] as string;
  if (version < 1 || version > MAX_VERSION) {
    throw new MigrationFileError(
      `migration ${path} has version ${version}; versions run from 1 to ${MAX_VERSION}.`,
      {
        driver,
      },
    );
  }
  let text: string;
  try {
    // A file that is not UTF-8 would checksum and run differently on another machine.
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch (err) {
    throw new MigrationFileError(`cannot read migration ${path} as UTF-8 text: ${(err as Error).message}`, {
      driver,
      version,
      cause: err,
    });
  }
  const sql = normaliseSql(text);
  const cut = lexer.split(sql);
  const statements = cut.map((s) => s.text);
  if (statements.length === 0) {
    throw new MigrationFileError(`migration ${path} contains no SQL statement.`, { driver, version });
  }
  cut.forEach((statement, i) => {
    const keyword = firstKeyword(statement.code);
    if (keyword !== undefined && TRANSACTION_CONTROL.test(keyword)) {
      throw new MigrationFileError(
        `migration ${path} controls transactions itself (statement ${i + 1} starts with ${keyword.toUpperCase()}): remove it; the engine runs each file in its own transaction where the database allows it.`,
        { driver, version },
      );
    }
  });
  return {
    version,
    name,
    label: fileName.slice(0, -'.sql'.length),
    fileName,
    path,
    sql,
    statements,
    checksum: migrationChecksum(sql),
  };
}

/** The statement's first word(s) (its code, past leading comments), enough to spot BEGIN or START TRANSACTION. */
function firstKeyword(statement: string): string | undefined {
  return /^\s*([A-Za-z]+(?:\s+transaction\b)?)/i.exec(statement)?.[1];
}
