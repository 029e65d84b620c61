/**
 * The dialect-neutral picture of a live schema that `introspectSchema` returns. Everything is
 * sorted (tables, columns, indexes by name; foreign keys by their columns) so two snapshots of
 * the same schema are deep-equal whatever the catalogue's order. Only what every dialect can
 * express and report identically is in it; see `introspect-schema.ts` for what is left out.
 */

/**
 * What the data layer reads a column as. A native type that fits none of the six (BLOB, BYTEA,
 * DECIMAL, DATE, arrays...) is `other` and keeps its native spelling in `nativeType`, since
 * such a column has no meaning the three dialects could share.
 */
export type ColumnType = 'text' | 'integer' | 'float' | 'boolean' | 'timestamp' | 'json' | 'other';

/**
 * A foreign key's referential action. `set default` is not one the schema uses, but PostgreSQL
 * and SQLite can report it and mislabelling it as another rule would hide a real difference.
 */
export type ReferentialAction = 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action';

/** One column of a table. */
export interface ColumnSnapshot {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** The catalogue's spelling of the type, present only when `type` is `other`. */
  nativeType?: string;
}

/** A foreign key, identified by its columns: SQLite does not report constraint names. */
export interface ForeignKeySnapshot {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

/** A secondary index (never the primary key's), with its key columns in order. */
export interface IndexSnapshot {
  name: string;
  /** Column names in key order; an expression is shown as `(expression)`. */
  columns: string[];
  unique: boolean;
}

/** One base table. */
export interface TableSnapshot {
  name: string;
  columns: ColumnSnapshot[];
  /** The primary key's columns in key order; empty when the table has none. */
  primaryKey: string[];
  foreignKeys: ForeignKeySnapshot[];
  indexes: IndexSnapshot[];
}

/** The tables of the current database (PostgreSQL: current schema), history table excluded. */
export interface SchemaSnapshot {
  tables: TableSnapshot[];
}
