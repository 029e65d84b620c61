import type { Executor } from '@itinerary/db-core';
import { flag, int, optionalText, tableGroups, text } from './catalog-rows.js';
import { sqliteColumnType } from './column-type.js';
import { sqliteReferentialAction } from './referential-action.js';
import type { ColumnSnapshot, TableSnapshot } from './schema-snapshot.js';

// pragma_table_list (SQLite 3.37+) tells ordinary tables from virtual and shadow ones and
// says which are WITHOUT ROWID. The pragma functions take the table name from the outer row,
// so each query covers every table without building SQL from names.
const IS_MAIN_TABLE = `t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

const TABLES = `
  SELECT t.name AS table_name, t.wr AS without_rowid
  FROM pragma_table_list AS t
  WHERE ${IS_MAIN_TABLE}`;

// xinfo rather than info so generated columns are listed; hidden = 1 marks a virtual table's
// hidden column, which is not part of the table's shape.
const COLUMNS = `
  SELECT t.name AS table_name, c.name AS column_name, c.type AS declared_type,
         c."notnull" AS not_null, c.pk AS pk_position
  FROM pragma_table_list AS t, pragma_table_xinfo(t.name) AS c
  WHERE ${IS_MAIN_TABLE} AND c.hidden <> 1`;

// An expression key part has cid -2 and no name.
const INDEX_COLUMNS = `
  SELECT t.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin AS origin,
         ii.seqno AS position, ii.name AS column_name
  FROM pragma_table_list AS t, pragma_index_list(t.name) AS il, pragma_index_info(il.name) AS ii
  WHERE ${IS_MAIN_TABLE}`;

const FOREIGN_KEY_COLUMNS = `
  SELECT t.name AS table_name, f.id AS fk_id, f.seq AS position, f."from" AS column_name,
         f."table" AS referenced_table, f."to" AS referenced_column,
         f.on_delete AS on_delete, f.on_update AS on_update
  FROM pragma_table_list AS t, pragma_foreign_key_list(t.name) AS f
  WHERE ${IS_MAIN_TABLE}`;

/** Reads the tables of the main database from SQLite's schema table and pragmas. */
export async function readSqliteSchema(db: Executor): Promise<TableSnapshot[]> {
  const tables = new Map<string, TableSnapshot>();
  const withoutRowid = new Set<string>();
  for (const row of await db.query(TABLES)) {
    const name = text(row, 'table_name');
    tables.set(name, { name, columns: [], primaryKey: [], foreignKeys: [], indexes: [] });
    if (flag(row, 'without_rowid')) withoutRowid.add(name);
  }

  for (const { table, rows } of tableGroups(await db.query(COLUMNS), tables)) {
    const keyRows = rows.filter((row) => int(row, 'pk_position') > 0);
    keyRows.sort((a, b) => int(a, 'pk_position') - int(b, 'pk_position'));
    table.primaryKey = keyRows.map((row) => text(row, 'column_name'));
    // SQLite lets a primary key column hold NULL unless it is declared NOT NULL, and reports it
    // so; the exceptions are an INTEGER PRIMARY KEY (the rowid, never NULL) and WITHOUT ROWID
    // tables, whose keys SQLite does enforce. Anywhere else the catalogue's answer is the truth.
    const [onlyKey, ...moreKeys] = keyRows;
    const rowidAlias =
      onlyKey &&
      moreKeys.length === 0 &&
      (optionalText(onlyKey, 'declared_type') ?? '').toUpperCase() === 'INTEGER'
        ? text(onlyKey, 'column_name')
        : undefined;
    for (const row of rows) {
      const name = text(row, 'column_name');
      const type = sqliteColumnType(optionalText(row, 'declared_type') ?? '');
      const enforcedKey =
        int(row, 'pk_position') > 0 && (withoutRowid.has(table.name) || name === rowidAlias);
      const column: ColumnSnapshot = { name, type, nullable: !flag(row, 'not_null') && !enforcedKey };
      if (type === 'other') column.nativeType = optionalText(row, 'declared_type') ?? '';
      table.columns.push(column);
    }
  }

  for (const { table, first, rows } of tableGroups(await db.query(INDEX_COLUMNS), tables, 'index_name')) {
    // origin 'pk' is the automatic index of a non-rowid primary key (sqlite_autoindex_<t>_N).
    if (text(first, 'origin') === 'pk') continue;
    table.indexes.push({
      name: text(first, 'index_name'),
      columns: rows.map((row) => optionalText(row, 'column_name') ?? '(expression)'),
      unique: flag(first, 'is_unique'),
    });
  }

  for (const { table, first, rows } of tableGroups(await db.query(FOREIGN_KEY_COLUMNS), tables, 'fk_id')) {
    const referencedTable = text(first, 'referenced_table');
    // `REFERENCES parent` without columns means the parent's primary key; SQLite reports NULL.
    const parentKey = tables.get(referencedTable)?.primaryKey ?? [];
    table.foreignKeys.push({
      columns: rows.map((row) => text(row, 'column_name')),
      referencedTable,
      referencedColumns: rows.map((row, i) => optionalText(row, 'referenced_column') ?? parentKey[i] ?? ''),
      onDelete: sqliteReferentialAction(text(first, 'on_delete')),
      onUpdate: sqliteReferentialAction(text(first, 'on_update')),
    });
  }
  return [...tables.values()];
}
