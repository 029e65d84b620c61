import { performance } from 'node:perf_hooks';
import { markBroken } from './broken-connection.js';
import { compileSql } from './compile-sql.js';
import { STATEMENT_TIMEOUT_MARGIN_MS } from './config.js';
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
  readonly #statementTimeoutMs: number;

  /**
   * `statementTimeoutMs` (0 = none) is the server's limit; the layer's own bound on waiting for
   * an answer is that plus `STATEMENT_TIMEOUT_MARGIN_MS`.
   */
  constructor(dialect: Dialect, onQuery: ((event: QueryEvent) => void) | undefined, statementTimeoutMs = 0) {
    this.dialect = dialect;
    this.#onQuery = onQuery;
    this.#statementTimeoutMs = statementTimeoutMs;
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
      const running = conn.run(text, params, options.prepare ?? params.length > 0);
      const result = await (this.#statementTimeoutMs > 0 && conn.destroy
        ? this.bounded(conn, running)
        : running);
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
      const batches = conn.stream(text, params, batchSize)[Symbol.asyncIterator]();
      // True while the stream waits at a yield: only then may it be closed early (a stream
      // whose read failed or timed out has nothing to close, and return() would wait for it).
      let paused = false;
      try {
        for (;;) {
          // Each wait for the server's next batch is bounded, not the caller's time between them.
          const next = await this.bounded(conn, batches.next());
          if (next.done) break;
          paused = true;
          count += next.value.length;
          yield* next.value as T[];
          paused = false;
        }
      } finally {
        if (paused) await batches.return?.();
      }
    } catch (err) {
      throw this.#fail(err, conn, sql, params, started);
    }
    this.#report(sql, params, started, count);
  }

  /**
   * `running`, or a `ConnectionError` once the server has been silent for longer than its own
   * statement timeout plus the margin: it would have cancelled the statement by then if it could
   * answer. The connection is closed at once, so nothing else waits on it and it is never reused.
   */
  bounded<R>(conn: DriverConnection, running: Promise<R>): Promise<R> {
    if (this.#statementTimeoutMs === 0 || !conn.destroy) return running;
    const limitMs = this.#statementTimeoutMs + STATEMENT_TIMEOUT_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        markBroken(conn);
        conn.destroy?.();
        reject(
          new ConnectionError(
            `the ${this.dialect.driver} server did not answer within ${limitMs} ms (statementTimeoutMs ${this.#statementTimeoutMs} + ${STATEMENT_TIMEOUT_MARGIN_MS} ms): the connection was closed; whether the statement took effect is unknown`,
            { driver: this.dialect.driver, code: 'SERVER_NOT_ANSWERING' },
          ),
        );
      }, limitMs);
    });
    return Promise.race([running, silent]).finally(() => clearTimeout(timer));
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
