import { performance } from 'node:perf_hooks';
import { markBroken } from './broken-connection.js';
import { compileSql } from './compile-sql.js';
import type { Dialect, DriverConnection, RawResult } from './dialects/dialect.js';
import { checkParam } from './dialects/value-encoding.js';
import { ConnectionError, type DbError, UsageError } from './errors.js';
import type { QueryOptions, Row, SqlParam } from './executor.js';
import type { QueryEvent } from './query-event.js';

/**
 * Runs statements on a connection the caller already holds: checks and binds parameters,
 * rewrites placeholders, classifies errors and reports every statement to the query hook.
 */
export class StatementRunner {
  readonly dialect: Dialect;
  readonly #onQuery: ((event: QueryEvent) => void) | undefined;

  constructor(dialect: Dialect, onQuery: ((event: QueryEvent) => void) | undefined) {
    this.dialect = dialect;
    this.#onQuery = onQuery;
  }

  /**
   * Runs one statement and returns its decoded rows and affected-row count. On a connection
   * that answers synchronously (SQLite), the statement paths call `runSync` instead.
   */
  async run(
    conn: DriverConnection,
    sql: string,
    params: readonly SqlParam[] = [],
    options: QueryOptions = {},
  ): Promise<RawResult> {
    const text = this.#compile(sql, params);
    // Timing is only for the hook; without one, skip the clock on this hot path.
    const started = this.#onQuery ? performance.now() : 0;
    try {
      const result = await conn.run(text, params, options.prepare ?? params.length > 0);
      this.#report(sql, params, started, result.rows.length || result.rowsAffected);
      return result;
    } catch (err) {
      throw this.#fail(err, conn, sql, params, started);
    }
  }

  /**
   * `run` on a connection that answers synchronously (SQLite): the same checks, errors and
   * hook, without the promises, which cost more than a SQLite point query's own work.
   */
  runSync(
    conn: DriverConnection,
    sql: string,
    params: readonly SqlParam[] = [],
    options: QueryOptions = {},
  ): RawResult {
    const runSync = conn.runSync;
    if (!runSync) throw new Error(`the ${this.dialect.driver} driver does not answer synchronously`);
    const text = this.#compile(sql, params);
    const started = this.#onQuery ? performance.now() : 0;
    try {
      const result = runSync.call(conn, text, params, options.prepare ?? params.length > 0);
      this.#report(sql, params, started, result.rows.length || result.rowsAffected);
      return result;
    } catch (err) {
      throw this.#fail(err, conn, sql, params, started);
    }
  }

  /** Streams one statement's rows, one at a time, from batches of `batchSize`. */
  async *iterate<T extends Row>(
    conn: DriverConnection,
    sql: string,
    params: readonly SqlParam[] = [],
    batchSize = 500,
  ): AsyncGenerator<T> {
    const text = this.#compile(sql, params);
    const started = performance.now();
    let count = 0;
    try {
      for await (const batch of conn.stream(text, params, batchSize)) {
        count += batch.length;
        yield* batch as T[];
      }
    } catch (err) {
      throw this.#fail(err, conn, sql, params, started);
    }
    this.#report(sql, params, started, count);
  }

  #compile(sql: string, params: readonly SqlParam[]): string {
    if (!Array.isArray(params)) throw new UsageError('parameters must be an array');
    params.forEach(checkParam);
    return compileSql(this.dialect, sql, params.length);
  }

  #fail(
    err: unknown,
    conn: DriverConnection,
    sql: string,
    params: readonly SqlParam[],
    started: number,
  ): DbError {
    const error = this.dialect.classifyError(err, conn);
    // Whatever the driver noticed, a connection the layer saw fail this way is never lent again.
    if (error instanceof ConnectionError) markBroken(conn);
    this.#report(sql, params, started, 0, error);
    return error;
  }

  #report(sql: string, params: readonly SqlParam[], started: number, rowCount: number, error?: Error): void {
    if (!this.#onQuery) return;
    const event: QueryEvent = {
      driver: this.dialect.driver,
      sql,
      paramCount: params.length,
      durationMs: performance.now() - started,
      rowCount,
      ...(error ? { error } : {}),
    };
    try {
      this.#onQuery(event);
    } catch {
      // A failing log or trace hook must never fail the statement it reports on.
    }
  }
}
