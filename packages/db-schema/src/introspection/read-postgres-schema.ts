import type { Executor } from '@itinerary/db-core';
import { flag, optionalText, tableGroups, text } from './catalog-rows.js';
import { postgresColumnType } from './column-type.js';
import { postgresReferentialAction } from './referential-action.js';
import type { ColumnSnapshot, TableSnapshot } from './schema-snapshot.js';

// pg_catalog rather than information_schema: it gives index columns in key order, the
// referenced columns of a foreign key paired with its own, and tables the session does not own.
// Partitions are left out; their partitioned parent (relkind 'p') stands for them.
const IN_CURRENT_SCHEMA = `n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;

const TABLES = `
  SELECT c.relname AS table_name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${IN_CURRENT_SCHEMA}`;

// A domain is read as its base type; its own NOT NULL makes the column not nullable.
const COLUMNS = `
  SELECT c.relname AS table_name, a.attname AS column_name,
         a.attnotnull OR t.typnotnull AS not_null,
         CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END AS type_name,
         format_type(a.atttypid, a.atttypmod) AS native_type
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
  WHERE ${IN_CURRENT_SCHEMA} AND a.attnum > 0 AND NOT a.attisdropped`;

// indnkeyatts leaves out INCLUDE columns, which no other dialect has. An expression key has
// attnum 0 and so no attribute row.
const INDEX_COLUMNS = `
  SELECT c.relname AS table_name, i.relname AS index_name, x.indisprimary AS is_primary,
         x.indisunique AS is_unique, k.ord AS position, a.attname AS column_name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_index x ON x.indrelid = c.oid
  JOIN pg_class i ON i.oid = x.indexrelid
  CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
  WHERE ${IN_CURRENT_SCHEMA} AND k.ord <= x.indnkeyatts`;

const FOREIGN_KEY_COLUMNS = `
  SELECT c.relname AS table_name, fk.conname AS constraint_name, rc.relname AS referenced_table,
         k.ord AS position, a.attname AS column_name, ra.attname AS referenced_column,
         fk.confdeltype AS on_delete, fk.confupdtype AS on_update
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_constraint fk ON fk.conrelid = c.oid AND fk.contype = 'f'
  JOIN pg_class rc ON rc.oid = fk.confrelid
  CROSS JOIN LATERAL unnest(fk.conkey, fk.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
  JOIN pg_attribute a ON a.attrelid = fk.conrelid AND a.attnum = k.attnum
  JOIN pg_attribute ra ON ra.attrelid = fk.confrelid AND ra.attnum = k.refattnum
  WHERE ${IN_CURRENT_SCHEMA}`;

/** Reads the tables of the session's current schema from PostgreSQL's catalogue. */
export async function readPostgresSchema(db: Executor): Promise<TableSnapshot[]> {
  const tables = new Map<string, TableSnapshot>();
  for (const row of await db.query(TABLES)) {
    const name = text(row, 'table_name');
    tables.set(name, { name, columns: [], primaryKey: [], foreignKeys: [], indexes: [] });
  }

  for (const row of await db.query(COLUMNS)) {
    const type = postgresColumnType(text(row, 'type_name'));
    const column: ColumnSnapshot = { name: text(row, 'column_name'), type, nullable: !flag(row, 'not_null') };
    if (type === 'other') column.nativeType = text(row, 'native_type');
    tables.get(text(row, 'table_name'))?.columns.push(column);
  }

  for (const { table, first, rows } of tableGroups(await db.query(INDEX_COLUMNS), tables, 'index_name')) {
    const columns = rows.map((row) => optionalText(row, 'column_name') ?? '(expression)');
    // The primary key's index is the key itself; its name (<table>_pkey) is PostgreSQL's own.
    if (flag(first, 'is_primary')) table.primaryKey = columns;
    else table.indexes.push({ name: text(first, 'index_name'), columns, unique: flag(first, 'is_unique') });
  }

  for (const { table, first, rows } of tableGroups(
    await db.query(FOREIGN_KEY_COLUMNS),
    tables,
    'constraint_name',
  )) {
    table.foreignKeys.push({
      columns: rows.map((row) => text(row, 'column_name')),
      referencedTable: text(first, 'referenced_table'),
      referencedColumns: rows.map((row) => text(row, 'referenced_column')),
      onDelete: postgresReferentialAction(text(first, 'on_delete')),
      onUpdate: postgresReferentialAction(text(first, 'on_update')),
    });
  }
  return [...tables.values()];
}
