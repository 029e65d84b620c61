import type { ForeignKeySnapshot, SchemaSnapshot, TableSnapshot } from './schema-snapshot.js';

// Code-point order rather than localeCompare, so the order never depends on the process's locale.
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function foreignKeyOrder(fk: ForeignKeySnapshot): string {
  return `${fk.columns.join(',')}\u0000${fk.referencedTable}\u0000${fk.referencedColumns.join(',')}`;
}

/**
 * Puts the tables a dialect reader found into the snapshot's canonical order, leaving out the
 * named tables. Key column lists (primary key, index and foreign key columns) keep their order,
 * which is meaningful; everything else is sorted by name.
 */
export function sortSnapshot(tables: readonly TableSnapshot[], excluded: readonly string[]): SchemaSnapshot {
  const skip = new Set(excluded);
  return {
    tables: tables
      .filter((table) => !skip.has(table.name))
      .map((table) => ({
        name: table.name,
        columns: [...table.columns].sort((a, b) => byText(a.name, b.name)),
        primaryKey: [...table.primaryKey],
        foreignKeys: [...table.foreignKeys].sort((a, b) => byText(foreignKeyOrder(a), foreignKeyOrder(b))),
        indexes: [...table.indexes].sort((a, b) => byText(a.name, b.name)),
      }))
      .sort((a, b) => byText(a.name, b.name)),
  };
}
