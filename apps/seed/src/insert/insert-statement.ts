import type { SeedTable } from '../generator/seed-tables.js';
import { TABLE_COLUMNS } from './table-columns.js';

/** Most values bound to one statement: under PostgreSQL's 65,535 and SQLite's 32,766 limits. */
export const MAX_PARAMS_PER_STATEMENT = 30_000;
/** Most bytes of values per statement: well inside MariaDB's default 16 MB max_allowed_packet. */
export const MAX_BYTES_PER_STATEMENT = 4_000_000;

/** How many rows of `table` one multi-row INSERT carries. */
export function rowsPerStatement(table: SeedTable): number {
  const { columns, approxRowBytes } = TABLE_COLUMNS[table];
  return Math.max(
    1,
    Math.min(
      Math.floor(MAX_PARAMS_PER_STATEMENT / columns.length),
      Math.floor(MAX_BYTES_PER_STATEMENT / approxRowBytes),
    ),
  );
}

const cache = new Map<string, string>();

/**
 * `INSERT INTO table (cols) VALUES (?, …), (?, …)` for `rows` rows: only placeholder groups
 * are generated, every value is bound. Cached, since a load uses one or two sizes per table.
 */
export function insertStatement(table: SeedTable, rows: number): string {
  const key = `${table}:${rows}`;
  let sql = cache.get(key);
  if (sql === undefined) {
    const { columns } = TABLE_COLUMNS[table];
    const group = `(${columns.map(() => '?').join(', ')})`;
    sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => group).join(', ')}`;
    cache.set(key, sql);
  }
  return sql;
}
