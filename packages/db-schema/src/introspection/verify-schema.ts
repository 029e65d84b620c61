import { type Database, open } from '@itinerary/db-core';
import { migrate, status } from '../migrations/index.js';
import { compareSnapshots } from './compare-snapshots.js';
import { introspectSchema } from './introspect-schema.js';

/** Options of `verifySchema`. */
export interface VerifySchemaOptions {
  /** The checked database's migration files, for its current version (default: the package's). */
  migrationsDir?: string | URL;
  /** The SQLite migration files the expected schema is built from (default: the package's). */
  referenceMigrationsDir?: string | URL;
}

/** What `verifySchema` found. */
export interface SchemaVerification {
  /** True when every table the migrations build is there exactly as they build it. */
  ok: boolean;
  /** The database's migration version, to which the expected schema was built; null when none. */
  version: number | null;
  /** Each way the live schema differs from the expected one, as a sentence; empty when ok. */
  differences: string[];
  /**
   * Tables the migrations do not build. They do not make `ok` false: the database may be shared
   * with other applications, and the migrator has no say over their tables.
   */
  extraTables: string[];
}

/**
 * Checks that the live schema is what the migration files build at the database's current
 * version, by building that version in an in-memory SQLite database and comparing snapshots.
 */
export async function verifySchema(
  db: Database,
  options: VerifySchemaOptions = {},
): Promise<SchemaVerification> {
  // status() reads the history only; whether the history itself matches the files (edited or
  // missing migrations) is its `problems`, which the caller reports beside this.
  const { currentVersion } = await status(db, { migrationsDir: options.migrationsDir });
  // SQLite is the reference for every dialect because it needs no server and the parity test
  // holds all three dialects' snapshots equal to it, so it stands for what every folder builds.
  const reference = await open('sqlite3', ':memory:');
  let expected: Awaited<ReturnType<typeof introspectSchema>>;
  try {
    if (currentVersion !== null) {
      await migrate(reference, { target: currentVersion, migrationsDir: options.referenceMigrationsDir });
    }
    expected = await introspectSchema(reference);
  } finally {
    await reference.close();
  }
  const actual = await introspectSchema(db);
  // The SQLite reference keeps RESTRICT apart from NO ACTION; MySQL's catalogue cannot.
  const { differences, extraTables } = compareSnapshots(expected, actual, {
    restrictIsNoAction: db.driver === 'mysql',
  });
  return { ok: differences.length === 0, version: currentVersion, differences, extraTables };
}
