import { createHash } from 'node:crypto';
import type { Executor } from '@itinerary/db-core';
import { SCHEMA_TABLES, type SchemaTable } from '@itinerary/db-schema';

/** The key each table's rows are ordered by; typed so a new table cannot be left out. */
const TABLE_KEYS: Record<SchemaTable, string> = {
  constraints: 'id',
  actions: 'id',
  jobs: 'id',
  job_actions: 'job_id, action_id',
  job_runs: 'run_id',
  constraint_violations: 'id',
  scheduler_stats: 'stats_period_id',
  orchestrator_stats: 'run_id',
};

/** A table of the schema. */
export type TableName = SchemaTable;

/** The names of every table of the schema. */
export const TABLES: readonly TableName[] = SCHEMA_TABLES;

/** How many rows each table holds, read in one statement. */
export async function tableCounts(db: Executor): Promise<Record<TableName, number>> {
  const columns = TABLES.map((table) => `(SELECT COUNT(*) FROM ${table}) AS ${table}`).join(', ');
  const [row] = await db.query<Record<TableName, number>>(`SELECT ${columns}`);
  return row as Record<TableName, number>;
}

/**
 * A hash of every row of every table, in key order: equal digests mean nothing was inserted,
 * changed or deleted anywhere in between.
 */
export async function databaseDigest(db: Executor): Promise<string> {
  const hash = createHash('sha256');
  for (const [table, key] of Object.entries(TABLE_KEYS)) {
    const rows = await db.query(`SELECT * FROM ${table} ORDER BY ${key}`);
    hash.update(`${table}\n${JSON.stringify(rows)}\n`);
  }
  return hash.digest('hex');
}
