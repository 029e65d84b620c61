import type {
  ExecResult,
  Executor,
  IterateOptions,
  QueryOptions,
  Row,
  SqlParam,
  Transaction,
  TransactionOptions,
} from './executor.js';
import { iterateOptionsWith, queryOptionsWith } from './read-only-options.js';

/**
 * A database's query primitives with every statement marked `readOnly`, for callers (a
 * report, a UI) that only read and accept a replica's lag. Repositories take it like any
 * executor. Transactions run on the primary, as every transaction does.
 */
export class ReadOnlyExecutor implements Executor {
  readonly #db: Executor;

  constructor(db: Executor) {
    this.#db = db;
  }

  get driver() {
    return this.#db.driver;
  }

  get dialect() {
    return this.#db.dialect;
  }

  query<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: QueryOptions,
  ): Promise<T[]> {
    return this.#db.query<T>(sql, params, queryOptionsWith(options, true));
  }

  exec(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<ExecResult> {
    return this.#db.exec(sql, params, queryOptionsWith(options, true));
  }

  iterate<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: IterateOptions,
  ): AsyncIterable<T> {
    return this.#db.iterate<T>(sql, params, iterateOptionsWith(options, true));
  }

  withTransaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.#db.withTransaction(fn, options);
  }
}
