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

/**
 * Groups rows that each describe one element of an ordered list (an index column, a key column)
 * by the list they belong to, each group in position order. Groups keep the order in which
 * their first row came.
 */
export function groupOrdered(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  positionOf: (row: Row) => number,
): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => positionOf(a) - positionOf(b)));
}
