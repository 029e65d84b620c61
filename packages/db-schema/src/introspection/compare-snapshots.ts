import type {
  ColumnSnapshot,
  ForeignKeySnapshot,
  IndexSnapshot,
  ReferentialAction,
  SchemaSnapshot,
  TableSnapshot,
} from './schema-snapshot.js';

/** How an actual schema differs from the expected one. */
export interface SnapshotComparison {
  /** Every way the expected tables differ, one human-readable sentence each; empty when none. */
  differences: string[];
  /** Tables the actual schema has and the expected one does not, sorted. */
  extraTables: string[];
}

/** Options of `compareSnapshots`. */
export interface CompareSnapshotsOptions {
  /**
   * Count `restrict` and `no action` as the same rule. Set it when one snapshot was read from
   * MySQL/MariaDB, whose catalogue cannot tell the two apart (InnoDB enforces them alike).
   */
  restrictIsNoAction?: boolean;
}

const list = (names: readonly string[]) => `(${names.join(', ')})`;
const columnShape = (c: ColumnSnapshot) =>
  `${c.nativeType ?? c.type}, ${c.nullable ? 'nullable' : 'NOT NULL'}`;
const indexShape = (i: IndexSnapshot) => `${i.unique ? 'unique ' : ''}index ${i.name} ${list(i.columns)}`;
const fkTarget = (fk: ForeignKeySnapshot) => `${fk.referencedTable} ${list(fk.referencedColumns)}`;
const fkShape = (table: string, fk: ForeignKeySnapshot) =>
  `foreign key ${table} ${list(fk.columns)} references ${fkTarget(fk)} ON DELETE ${fk.onDelete.toUpperCase()}`;
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

/**
 * Lists how `actual` differs from `expected`: missing tables, and in the expected tables every
 * missing or extra column, index and foreign key, and every changed type category, nullability,
 * primary key, index column list or uniqueness, and referential action. Tables only `actual`
 * has are returned apart as `extraTables`, since other applications may share the database.
 */
export function compareSnapshots(
  expected: SchemaSnapshot,
  actual: SchemaSnapshot,
  options: CompareSnapshotsOptions = {},
): SnapshotComparison {
  const differences: string[] = [];
  const actualTables = byName(actual.tables);
  const expectedNames = new Set(expected.tables.map((t) => t.name));
  for (const want of expected.tables) {
    const have = actualTables.get(want.name);
    if (have) compareTable(want, have, options, differences);
    else differences.push(`missing table ${want.name}`);
  }
  const extraTables = actual.tables.map((t) => t.name).filter((name) => !expectedNames.has(name));
  return { differences, extraTables };
}

function compareTable(
  want: TableSnapshot,
  have: TableSnapshot,
  options: CompareSnapshotsOptions,
  out: string[],
): void {
  const table = want.name;
  const haveColumns = byName(have.columns);
  for (const column of want.columns) {
    const found = haveColumns.get(column.name);
    if (!found) {
      out.push(`table ${table}: missing column ${column.name} (${columnShape(column)})`);
      continue;
    }
    if (found.type !== column.type || found.nativeType !== column.nativeType) {
      out.push(
        `column ${table}.${column.name}: type is ${found.nativeType ?? found.type}, expected ${column.nativeType ?? column.type}`,
      );
    }
    if (found.nullable !== column.nullable) {
      const state = (nullable: boolean) => (nullable ? 'nullable' : 'NOT NULL');
      out.push(
        `column ${table}.${column.name}: ${state(found.nullable)}, expected ${state(column.nullable)}`,
      );
    }
  }
  const wantColumns = byName(want.columns);
  for (const column of have.columns) {
    if (!wantColumns.has(column.name))
      out.push(`table ${table}: extra column ${column.name} (${columnShape(column)})`);
  }

  if (!sameList(want.primaryKey, have.primaryKey)) {
    const key = (columns: readonly string[]) => (columns.length ? list(columns) : 'none');
    out.push(`table ${table}: primary key is ${key(have.primaryKey)}, expected ${key(want.primaryKey)}`);
  }

  const haveIndexes = byName(have.indexes);
  for (const index of want.indexes) {
    const found = haveIndexes.get(index.name);
    if (!found) out.push(`table ${table}: missing ${indexShape(index)}`);
    else if (!sameList(found.columns, index.columns) || found.unique !== index.unique) {
      out.push(`table ${table}: ${indexShape(found)}, expected ${indexShape(index)}`);
    }
  }
  const wantIndexes = byName(want.indexes);
  for (const index of have.indexes) {
    if (!wantIndexes.has(index.name)) out.push(`table ${table}: extra ${indexShape(index)}`);
  }

  compareForeignKeys(want, have, options, out);
}

// A foreign key has no name SQLite reports, so keys are matched by their column lists.
function compareForeignKeys(
  want: TableSnapshot,
  have: TableSnapshot,
  options: CompareSnapshotsOptions,
  out: string[],
): void {
  const table = want.name;
  const keyOf = (fk: ForeignKeySnapshot) => fk.columns.join('\u0000');
  const haveKeys = new Map(have.foreignKeys.map((fk) => [keyOf(fk), fk]));
  const wantKeys = new Set(want.foreignKeys.map(keyOf));
  const rule = (action: ReferentialAction) =>
    options.restrictIsNoAction && action === 'restrict' ? 'no action' : action;
  for (const fk of want.foreignKeys) {
    const found = haveKeys.get(keyOf(fk));
    if (!found) {
      out.push(`table ${table}: missing ${fkShape(table, fk)}`);
      continue;
    }
    const name = `foreign key ${table} ${list(fk.columns)}`;
    if (
      found.referencedTable !== fk.referencedTable ||
      !sameList(found.referencedColumns, fk.referencedColumns)
    ) {
      out.push(`${name}: references ${fkTarget(found)}, expected ${fkTarget(fk)}`);
    }
    if (rule(found.onDelete) !== rule(fk.onDelete)) {
      out.push(`${name}: ON DELETE ${found.onDelete.toUpperCase()}, expected ${fk.onDelete.toUpperCase()}`);
    }
    if (rule(found.onUpdate) !== rule(fk.onUpdate)) {
      out.push(`${name}: ON UPDATE ${found.onUpdate.toUpperCase()}, expected ${fk.onUpdate.toUpperCase()}`);
    }
  }
  for (const fk of have.foreignKeys) {
    if (!wantKeys.has(keyOf(fk))) out.push(`table ${table}: extra ${fkShape(table, fk)}`);
  }
}
