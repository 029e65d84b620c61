import type { Row } from '@itinerary/db-core';

// Catalogue columns come back in driver-dependent shapes: MySQL 8 hands some information_schema
// text over as Buffers, counts may be bigint or numeric text, and flags may be booleans, 0/1 or
// YES/NO. These readers accept each shape so the dialect readers stay free of that noise.

/** A catalogue value as text; throws when it is missing, as that means the query is wrong. */
export function text(row: Row, key: string): string {
  const value = optionalText(row, key);
  if (value === null) throw new Error(`catalogue row has no value for "${key}": ${JSON.stringify(row)}`);
  return value;
}

/** A catalogue value as text, or null when the catalogue has none. */
export function optionalText(row: Row, key: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/** A catalogue number (position, count, flag stored as an integer). */
export function int(row: Row, key: string): number {
  const value = Number(optionalText(row, key) ?? Number.NaN);
  if (!Number.isInteger(value)) throw new Error(`catalogue value "${key}" is not an integer: ${row[key]}`);
  return value;
}

/** A catalogue flag given as a boolean, 0/1 or YES/NO. */
export function flag(row: Row, key: string): boolean {
  const value = row[key];
  if (typeof value === 'boolean') return value;
  const spelled = optionalText(row, key)?.toUpperCase();
  if (spelled === 'YES' || spelled === 'TRUE' || spelled === 'T') return true;
  if (spelled === 'NO' || spelled === 'FALSE' || spelled === 'F') return false;
  return int(row, key) !== 0;
}

/** The rows of one table's list (an index, a key, its columns), with the table they belong to. */
export interface TableGroup<T> {
  table: T;
  first: Row;
  rows: Row[];
}

/**
 * Groups catalogue rows by `table_name` and, with `listColumn`, by the list each row is one
 * element of (an index column, a key column), each such group in `position` order; without it,
 * one group per table in query order. Groups keep the order in which their first row came, and
 * rows of tables not in `tables` are dropped.
 */
export function tableGroups<T>(
  rows: readonly Row[],
  tables: ReadonlyMap<string, T>,
  listColumn?: string,
): TableGroup<T>[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = listColumn
      ? `${text(row, 'table_name')}\u0000${text(row, listColumn)}`
      : text(row, 'table_name');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const result: TableGroup<T>[] = [];
  for (const group of groups.values()) {
    if (listColumn) group.sort((a, b) => int(a, 'position') - int(b, 'position'));
    const first = group[0] as Row;
    const table = tables.get(text(first, 'table_name'));
    if (table) result.push({ table, first, rows: group });
  }
  return result;
}
