import type BetterSqlite3 from 'better-sqlite3';
import type { Row, SqlParam } from '../../executor.js';
import type { DriverConnection, RawResult } from '../dialect.js';

type Statement = BetterSqlite3.Statement<unknown[], Row>;
type Decoder = (row: Row) => Row;

interface CachedStatement {
  statement: Statement;
  decode: Decoder | undefined;
}

const STATEMENT_CACHE_LIMIT = 500;

/**
 * The single better-sqlite3 connection. SQLite has no column types in results, so values are
 * decoded by the column's declared type: TIMESTAMP/DATETIME text to `Date`, BOOLEAN 0/1 to
 * `boolean`. Timestamps are written as ISO-8601 UTC text, which sorts correctly. Integers are
 * read as bigint and kept so only beyond 2^53, where a number would not be exact; the others
 * become numbers, as on PostgreSQL and MySQL.
 */
export class SqliteConnection implements DriverConnection {
  readonly broken = false;
  readonly #db: BetterSqlite3.Database;
  readonly #cache = new Map<string, CachedStatement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  async run(sql: string, params: readonly SqlParam[]): Promise<RawResult> {
    return this.runSync(sql, params);
  }

  runSync(sql: string, params: readonly SqlParam[]): RawResult {
    const { statement, decode } = this.#prepare(sql);
    const bound = params.map(encodeSqliteParam);
    if (statement.reader) {
      const rows = statement.all(...bound);
      if (decode) for (const row of rows) decode(row);
      return { rows, rowsAffected: rows.length };
    }
    const info = statement.run(...bound);
    return { rows: [], rowsAffected: info.changes };
  }

  async *stream(sql: string, params: readonly SqlParam[], batchSize: number): AsyncIterable<Row[]> {
    const { statement, decode } = this.#prepare(sql);
    if (!statement.reader) {
      statement.run(...params.map(encodeSqliteParam));
      return;
    }
    let batch: Row[] = [];
    // The iterator keeps the connection busy until it finishes or is returned; the pool
    // holds the connection for the whole loop, and `return()` in `finally` closes it early.
    const iterator = statement.iterate(...params.map(encodeSqliteParam));
    try {
      for (const row of iterator) {
        batch.push(decode ? decode(row) : row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      iterator.return?.();
    }
  }

  /** SQLite may roll a transaction back by itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, SQLITE_BUSY). */
  inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
  }

  #prepare(sql: string): CachedStatement {
    let cached = this.#cache.get(sql);
    if (!cached) {
      const statement = this.#db.prepare<unknown[], Row>(sql);
      if (statement.reader) statement.safeIntegers(true);
      cached = { statement, decode: statement.reader ? buildDecoder(statement) : undefined };
      if (this.#cache.size >= STATEMENT_CACHE_LIMIT) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
      this.#cache.set(sql, cached);
    }
    return cached;
  }
}

/** Encodes a parameter the way the layer stores it in SQLite. */
export function encodeSqliteParam(value: SqlParam): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function buildDecoder(statement: Statement): Decoder | undefined {
  const dates: string[] = [];
  const booleans: string[] = [];
  const integers: string[] = [];
  for (const column of statement.columns()) {
    const type = column.type?.toUpperCase();
    if (type === 'TIMESTAMP' || type === 'DATETIME' || type === 'TIMESTAMPTZ') dates.push(column.name);
    else if (type === 'BOOLEAN' || type === 'BOOL') booleans.push(column.name);
    else if (mayHoldIntegers(type)) integers.push(column.name);
  }
  if (dates.length === 0 && booleans.length === 0 && integers.length === 0) return undefined;
  return (row) => {
    for (const name of integers) {
      const v = row[name];
      if (typeof v === 'bigint') {
        const n = Number(v);
        if (Number.isSafeInteger(n)) row[name] = n;
      }
    }
    for (const name of dates) {
      const v = row[name];
      if (typeof v === 'string') row[name] = new Date(v);
    }
    for (const name of booleans) {
      const v = row[name];
      if (typeof v === 'number' || typeof v === 'bigint') row[name] = v !== 0 && v !== 0n;
    }
    return row;
  };
}

/**
 * False for a column whose declared type gives it TEXT affinity (CHAR, CLOB, TEXT), which SQLite
 * never returns as an integer; true for the rest, expressions (no declared type) included.
 */
function mayHoldIntegers(declaredType: string | undefined): boolean {
  if (declaredType === undefined) return true;
  if (declaredType.includes('INT')) return true;
  return !/CHAR|CLOB|TEXT/.test(declaredType);
}
