import { createHash } from 'node:crypto';
import type { Executor, SqlParam } from '@itinerary/db-core';
import { SEED_TABLES, type SeedBatch, type SeedTable } from './generator/seed-tables.js';
import { TABLE_COLUMNS, type TableColumns } from './insert/table-columns.js';

const JSON_COLUMNS = new Set([
  'pre_run_hook',
  'post_run_hook',
  'require_previous_success',
  'config',
  'pod_spec',
  'details',
]);

// JSON with sorted keys, so PostgreSQL's JSONB key order does not count as a difference.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const columnName = (column: string) => column.replaceAll('"', '');

/** One row as comparable text: timestamps as ISO strings, JSON parsed with sorted keys. */
function rowText(table: SeedTable, values: readonly unknown[]): string {
  const columns = TABLE_COLUMNS[table].columns;
  return JSON.stringify(
    values.map((value, i) => {
      if (value instanceof Date) return value.toISOString();
      if (JSON_COLUMNS.has(columnName(columns[i] as string)) && value !== null) {
        return canonical(typeof value === 'string' ? JSON.parse(value) : value);
      }
      return typeof value === 'bigint' ? Number(value) : value;
    }),
  );
}

/** The rows of every table as sorted comparable lines, and their digest. */
export interface TableDigests {
  lines: Record<SeedTable, string[]>;
  digests: Record<SeedTable, string>;
}

function digestOf(lines: Record<SeedTable, string[]>): TableDigests {
  const digests = {} as Record<SeedTable, string>;
  for (const table of SEED_TABLES) {
    // Sorted here, not by ORDER BY: collations order text differently on each server.
    lines[table].sort();
    digests[table] = createHash('sha256').update(lines[table].join('\n')).digest('hex');
  }
  return { lines, digests };
}

/** Reads every seeded table of `db`. */
export async function databaseDigests(db: Executor): Promise<TableDigests> {
  const lines = {} as Record<SeedTable, string[]>;
  for (const table of SEED_TABLES) {
    const columns = TABLE_COLUMNS[table].columns;
    const rows = await db.query(`SELECT ${columns.join(', ')} FROM ${table}`);
    lines[table] = rows.map((row) =>
      rowText(
        table,
        columns.map((c) => row[columnName(c)]),
      ),
    );
  }
  return digestOf(lines);
}

/** The same for rows as the generator yields them, before any database. */
export function generatedDigests(batches: Iterable<SeedBatch>): TableDigests {
  const lines = Object.fromEntries(SEED_TABLES.map((t) => [t, [] as string[]])) as Record<
    SeedTable,
    string[]
  >;
  for (const batch of batches) {
    const mapping = TABLE_COLUMNS[batch.table] as TableColumns<SeedTable>;
    for (const row of batch.rows) {
      const values: SqlParam[] = [];
      mapping.push(row, values);
      lines[batch.table].push(rowText(batch.table, values));
    }
  }
  return digestOf(lines);
}
