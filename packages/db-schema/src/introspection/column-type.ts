import type { ColumnType } from './schema-snapshot.js';

// Each map names the native types the migrations use (and their close relatives) by the
// category the data layer decodes them as. Anything else is `other` rather than a guess, so a
// column of an unexpected type shows up as a difference instead of passing as text.

const POSTGRES_TYPES: Record<string, ColumnType> = {
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  citext: 'text',
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  float4: 'float',
  float8: 'float',
  bool: 'boolean',
  timestamptz: 'timestamp',
  timestamp: 'timestamp',
  json: 'json',
  jsonb: 'json',
};

const MYSQL_TYPES: Record<string, ColumnType> = {
  char: 'text',
  varchar: 'text',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  bigint: 'integer',
  float: 'float',
  double: 'float',
  datetime: 'timestamp',
  timestamp: 'timestamp',
  json: 'json',
};

/** The category of a PostgreSQL column from its `pg_type.typname` (a domain's base type). */
export function postgresColumnType(typeName: string): ColumnType {
  return POSTGRES_TYPES[typeName] ?? 'other';
}

/**
 * The category of a MySQL/MariaDB column. BOOLEAN is stored as `tinyint(1)`, which both servers
 * still spell with its width. MariaDB's JSON is a LONGTEXT that it guards with an automatic
 * `json_valid` column check, so `jsonChecked` says whether that check is present.
 */
export function mysqlColumnType(dataType: string, columnType: string, jsonChecked: boolean): ColumnType {
  const data = dataType.toLowerCase();
  if (data === 'tinyint' && /^tinyint\(1\)/i.test(columnType)) return 'boolean';
  if (data === 'longtext' && jsonChecked) return 'json';
  return MYSQL_TYPES[data] ?? 'other';
}

/**
 * The category of a SQLite column from its declared type. Timestamps and booleans are matched
 * by the exact names db-core's SQLite decoder recognises: a column declared `DATETIME(3)` would
 * come back as text, so calling it a timestamp would be a lie. The rest follow SQLite's own
 * affinity rules (INT anywhere means integer, and so on).
 */
export function sqliteColumnType(declared: string): ColumnType {
  const type = declared.trim().toUpperCase();
  if (type === 'TIMESTAMP' || type === 'DATETIME' || type === 'TIMESTAMPTZ') return 'timestamp';
  if (type === 'BOOLEAN' || type === 'BOOL') return 'boolean';
  if (type === 'JSON' || type === 'JSONB') return 'json';
  if (type.includes('INT')) return 'integer';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'text';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'float';
  return 'other';
}
