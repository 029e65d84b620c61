import type { Database, Driver } from '@itinerary/db-core';

const LIST_TABLES: Record<Driver, string> = {
  postgres:
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  mysql:
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
  sqlite3: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
};

/** The names of the tables in the database, sorted. */
export async function listTables(db: Database): Promise<string[]> {
  const rows = await db.query(LIST_TABLES[db.driver]);
  return rows.map((r) => String(r.name)).sort();
}

/** Drops the named tables if they exist, in the order given (children before parents). */
export async function dropTables(db: Database, names: readonly string[]): Promise<void> {
  // Table names are the tests' own constants; identifiers cannot be bound as parameters.
  for (const name of names) await db.exec(`DROP TABLE IF EXISTS ${name}`);
}

/** The eight tables of the spec's schema. */
export const SCHEMA_TABLES = [
  'actions',
  'constraint_violations',
  'constraints',
  'job_actions',
  'job_runs',
  'jobs',
  'orchestrator_stats',
  'scheduler_stats',
];
