import type { Driver, Executor } from '@itinerary/db-core';
import { MIGRATION_HISTORY_TABLE } from '../migrations/index.js';
import { readMysqlSchema } from './read-mysql-schema.js';
import { readPostgresSchema } from './read-postgres-schema.js';
import { readSqliteSchema } from './read-sqlite-schema.js';
import type { SchemaSnapshot, TableSnapshot } from './schema-snapshot.js';
import { sortSnapshot } from './snapshot-order.js';

const READERS: Record<Driver, (db: Executor) => Promise<TableSnapshot[]>> = {
  postgres: readPostgresSchema,
  mysql: readMysqlSchema,
  sqlite3: readSqliteSchema,
};

// What the snapshot holds is what all three dialects can state identically. Where they cannot:
// - Types are categories (the data layer's reading of a value), not native types: VARCHAR(255)
//   on MySQL and TEXT elsewhere are both `text`; TIMESTAMPTZ(3), DATETIME(3) and SQLite's
//   TIMESTAMP are `timestamp`; MariaDB's JSON (a LONGTEXT with an automatic `json_valid` check)
//   is `json`. So a drift within a category (TIMESTAMP instead of TIMESTAMPTZ on PostgreSQL,
//   a shorter VARCHAR) is not seen. A type outside the six categories is `other` with its
//   native spelling, which differs per dialect, so the schema uses none (the parity test checks).
// - Names of primary keys and foreign keys are left out: the primary key's index is
//   `<table>_pkey`, `PRIMARY` or an sqlite_autoindex, and SQLite keeps no foreign key names.
//   The primary key is its column list; a foreign key is identified by its columns.
// - The primary key's index is the key, not an index. InnoDB's own index for a foreign key that
//   no declared index covers is left out (PostgreSQL and SQLite create none).
// - A UNIQUE constraint is reported as the unique index that backs it, under that index's name.
//   SQLite names it sqlite_autoindex_<table>_N, which differs from the others, so the schema
//   declares uniqueness with a named CREATE UNIQUE INDEX (as the migrations do).
// - RESTRICT reads as `no action` on MySQL/MariaDB, which enforce both alike and cannot tell them
//   apart (MariaDB reports RESTRICT for a key that named no rule).
// - Not compared at all: CHECK constraints (the dialects need different ones: SQLite checks the
//   timestamp form, MariaDB adds its own JSON checks), defaults (each dialect spells `now`
//   differently), index predicates (MySQL has no partial indexes), the text of an expression key
//   (shown as `(expression)`), sort direction and prefix lengths, INCLUDE columns, column order (by name instead, since every query names its
//   columns), views, triggers and sequences.
// - SQLite primary key columns not declared NOT NULL do accept NULL there, and are reported
//   nullable; the migrations declare them NOT NULL.

/**
 * Reads the live schema from the database's catalogue as a dialect-neutral, sorted snapshot,
 * without the migration engine's history table.
 */
export async function introspectSchema(db: Executor): Promise<SchemaSnapshot> {
  const tables = await READERS[db.driver](db);
  return sortSnapshot(tables, [MIGRATION_HISTORY_TABLE]);
}
