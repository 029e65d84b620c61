import type { Executor } from '@itinerary/db-core';
import { flag, optionalText, tableGroups, text } from './catalog-rows.js';
import { mysqlColumnType } from './column-type.js';
import { mysqlReferentialAction } from './referential-action.js';
import type { ColumnSnapshot, ForeignKeySnapshot, IndexSnapshot, TableSnapshot } from './schema-snapshot.js';

// Every column is aliased in lower case: MySQL 8 reports information_schema columns in upper
// case unless told otherwise, MariaDB in the case the query wrote.
const TABLES = `
  SELECT table_name AS table_name
  FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`;

const COLUMNS = `
  SELECT table_name AS table_name, column_name AS column_name, data_type AS data_type,
         column_type AS column_type, is_nullable AS is_nullable
  FROM information_schema.columns
  WHERE table_schema = DATABASE()`;

// A prefix length (sub_part) is MySQL's way of indexing long text and has no counterpart on
// the other dialects, so it is not reported. MySQL 8's functional key parts have no column name.
const INDEX_COLUMNS = `
  SELECT table_name AS table_name, index_name AS index_name, non_unique AS non_unique,
         seq_in_index AS position, column_name AS column_name
  FROM information_schema.statistics
  WHERE table_schema = DATABASE()`;

const FOREIGN_KEY_COLUMNS = `
  SELECT k.table_name AS table_name, k.constraint_name AS constraint_name,
         k.ordinal_position AS position, k.column_name AS column_name,
         k.referenced_table_name AS referenced_table, k.referenced_column_name AS referenced_column,
         r.delete_rule AS on_delete, r.update_rule AS on_update
  FROM information_schema.key_column_usage k
  JOIN information_schema.referential_constraints r
    ON r.constraint_schema = k.constraint_schema AND r.table_name = k.table_name
   AND r.constraint_name = k.constraint_name
  WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL`;

// MariaDB only: MySQL 8's check_constraints has no table_name, and MySQL 8 reports JSON as json.
const JSON_CHECKS = `
  SELECT table_name AS table_name, check_clause AS check_clause
  FROM information_schema.check_constraints
  WHERE constraint_schema = DATABASE()`;

// MariaDB writes the check it adds to a JSON column as json_valid(`col`), or json_valid("col")
// under ANSI_QUOTES.
const JSON_VALID_CLAUSE = /^\s*json_valid\(\s*[`"]?([^`"()\s]+)[`"]?\s*\)\s*$/i;

/** The MySQL primary key's index name, fixed by the server. */
const PRIMARY_INDEX = 'PRIMARY';

/**
 * Reads the tables of the connection's database (`DATABASE()`) from MySQL's or MariaDB's
 * information_schema.
 */
export async function readMysqlSchema(db: Executor): Promise<TableSnapshot[]> {
  const tables = new Map<string, TableSnapshot>();
  for (const row of await db.query(TABLES)) {
    const name = text(row, 'table_name');
    tables.set(name, { name, columns: [], primaryKey: [], foreignKeys: [], indexes: [] });
  }

  const jsonColumns = await readMariadbJsonColumns(db);
  for (const row of await db.query(COLUMNS)) {
    const tableName = text(row, 'table_name');
    const name = text(row, 'column_name');
    const columnType = text(row, 'column_type');
    const type = mysqlColumnType(text(row, 'data_type'), columnType, jsonColumns.has(`${tableName}.${name}`));
    const column: ColumnSnapshot = { name, type, nullable: flag(row, 'is_nullable') };
    if (type === 'other') column.nativeType = columnType;
    tables.get(tableName)?.columns.push(column);
  }

  const foreignKeys = tableGroups(await db.query(FOREIGN_KEY_COLUMNS), tables, 'constraint_name');
  // Constraint names are kept here only to recognise InnoDB's own indexes below.
  const constraintNames = new Map<ForeignKeySnapshot, string>();
  for (const { table, first, rows } of foreignKeys) {
    const fk: ForeignKeySnapshot = {
      columns: rows.map((row) => text(row, 'column_name')),
      referencedTable: text(first, 'referenced_table'),
      referencedColumns: rows.map((row) => text(row, 'referenced_column')),
      onDelete: mysqlReferentialAction(text(first, 'on_delete')),
      onUpdate: mysqlReferentialAction(text(first, 'on_update')),
    };
    table.foreignKeys.push(fk);
    constraintNames.set(fk, text(first, 'constraint_name'));
  }

  for (const { table, first, rows } of tableGroups(await db.query(INDEX_COLUMNS), tables, 'index_name')) {
    const name = text(first, 'index_name');
    const columns = rows.map((row) => optionalText(row, 'column_name') ?? '(expression)');
    if (name === PRIMARY_INDEX) {
      table.primaryKey = columns;
      continue;
    }
    const index: IndexSnapshot = { name, columns, unique: !flag(first, 'non_unique') };
    if (!isInnodbForeignKeyIndex(table, index, constraintNames)) table.indexes.push(index);
  }
  return [...tables.values()];
}

/**
 * InnoDB needs an index on every foreign key and creates one when no index starts with the
 * key's columns: named after the constraint, or after the first column when the constraint is
 * unnamed (`<table>_ibfk_N`). PostgreSQL and SQLite create none, so such an index is left out
 * here; a key the migrations meant to index then shows up as its declared index missing. An
 * index someone declared under exactly that name on exactly those columns is indistinguishable
 * from InnoDB's and is left out too.
 */
function isInnodbForeignKeyIndex(
  table: TableSnapshot,
  index: IndexSnapshot,
  constraintNames: ReadonlyMap<ForeignKeySnapshot, string>,
): boolean {
  if (index.unique) return false;
  return table.foreignKeys.some((fk) => {
    if (fk.columns.join('\u0000') !== index.columns.join('\u0000')) return false;
    const constraint = constraintNames.get(fk) ?? '';
    const unnamed = constraint.startsWith(`${table.name}_ibfk_`);
    return index.name === constraint || (unnamed && index.name === fk.columns[0]);
  });
}

/** `table.column` of every MariaDB LONGTEXT column guarded by exactly `json_valid(column)`. */
async function readMariadbJsonColumns(db: Executor): Promise<Set<string>> {
  const columns = new Set<string>();
  const [version] = await db.query('SELECT VERSION() AS version');
  if (!version || !text(version, 'version').includes('MariaDB')) return columns;
  for (const row of await db.query(JSON_CHECKS)) {
    const column = JSON_VALID_CLAUSE.exec(text(row, 'check_clause'))?.[1];
    if (column) columns.add(`${text(row, 'table_name')}.${column}`);
  }
  return columns;
}
