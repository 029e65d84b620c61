import type { SqlParam } from '@itinerary/db-core';
import type { SeedBatch, SeedRows, SeedTable } from '../generator/seed-tables.js';
import { insertStatement, rowsPerStatement } from './insert-statement.js';
import { TABLE_COLUMNS, type TableColumns } from './table-columns.js';

/** One multi-row INSERT, ready to run. */
export interface InsertStatement {
  table: SeedTable;
  rows: number;
  sql: string;
  params: SqlParam[];
}

/**
 * Turns batches of any size into INSERT statements of a fixed number of rows per table (the
 * last one of a table may be shorter), so each table needs at most two statement texts and
 * drivers that prepare statements prepare each once.
 */
export class StatementSource {
  readonly #batches: Iterator<SeedBatch>;
  #table: SeedTable | undefined;
  #buffer: unknown[] = [];
  #stashed: SeedBatch | undefined;
  #exhausted = false;

  constructor(batches: Iterable<SeedBatch>) {
    this.#batches = batches[Symbol.iterator]();
  }

  /** The next statement, or undefined when every row has been handed out. */
  next(): InsertStatement | undefined {
    for (;;) {
      const table = this.#table;
      if (table !== undefined && this.#buffer.length >= rowsPerStatement(table)) {
        return this.#take(table, rowsPerStatement(table));
      }
      const batch = this.#stashed ?? this.#pull();
      this.#stashed = undefined;
      if (batch === undefined) {
        return table !== undefined && this.#buffer.length > 0
          ? this.#take(table, this.#buffer.length)
          : undefined;
      }
      if (batch.table !== table && this.#buffer.length > 0 && table !== undefined) {
        // A new table starts: finish the previous one first, parents before children.
        this.#stashed = batch;
        return this.#take(table, this.#buffer.length);
      }
      this.#table = batch.table;
      for (const row of batch.rows) this.#buffer.push(row);
    }
  }

  #pull(): SeedBatch | undefined {
    if (this.#exhausted) return undefined;
    const result = this.#batches.next();
    if (result.done) {
      this.#exhausted = true;
      return undefined;
    }
    return result.value;
  }

  #take(table: SeedTable, rows: number): InsertStatement {
    const taken = this.#buffer.length === rows ? this.#buffer : this.#buffer.slice(0, rows);
    this.#buffer = taken === this.#buffer ? [] : this.#buffer.slice(rows);
    const mapping = TABLE_COLUMNS[table] as TableColumns<SeedTable>;
    const params: SqlParam[] = [];
    for (const row of taken) mapping.push(row as SeedRows[SeedTable], params);
    return { table, rows, sql: insertStatement(table, rows), params };
  }
}
