import type { Dialect } from './dialects/dialect.js';
import type { Driver } from './driver.js';

/** A row as the database returned it: column name to decoded value. */
export type Row = Record<string, unknown>;

/** A value that can be bound to a `?` placeholder. */
export type SqlParam = string | number | bigint | boolean | Date | Buffer | Uint8Array | null;

/** What a statement that returns no rows reports. */
export interface ExecResult {
  /** Rows inserted, updated or deleted (rows matched, on MySQL, not only rows changed). */
  rowsAffected: number;
}

/** Per-call options of the query primitives. */
export interface QueryOptions {
  /**
   * Whether to use a server-side prepared statement where the driver has one (pg named
   * statements, mysql2 `execute`). Defaults to true for statements with parameters.
   */
  prepare?: boolean;
  /**
   * The statement only reads and may be served by a read replica (see `Config.replicas`),
   * with the replica's lag. Ignored inside a transaction or pinned connection, whose statements
   * stay on their own connection, so a transaction always reads its own writes.
   */
  readOnly?: boolean;
}

/** Options of `iterate`. */
export interface IterateOptions {
  /** As `QueryOptions.readOnly`: the rows may come from a read replica. */
  readOnly?: boolean;
  /** Rows fetched from the server per round trip; memory is bounded by this (default 500). */
  batchSize?: number;
}

/** Isolation levels; SQLite runs every transaction serializable, which satisfies all of them. */
export type IsolationLevel = 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable';

/**
 * Re-running a whole transaction that lost to another one (deadlock, serialization failure).
 * Delays grow exponentially from `initialDelayMs` up to `maxDelayMs`, with jitter.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** Delay before the second attempt (default 20). */
  initialDelayMs?: number;
  /** Longest delay between attempts (default 1000). */
  maxDelayMs?: number;
}

/** Options of `begin` and `withTransaction`. */
export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /** Refuse writes inside the transaction (SQLite: `PRAGMA query_only` for its duration). */
  readOnly?: boolean;
  /**
   * `withTransaction` only: re-run the callback when the transaction fails with a retryable
   * `TransactionConflictError`. Off by default, because the callback must be safe to repeat.
   */
  retry?: RetryPolicy | boolean;
}

/**
 * What every repository function takes first: a `Database`, a pinned connection or a `Tx`.
 * The same call works on each, so a repository never knows whether it runs in a transaction.
 */
export interface Executor {
  readonly driver: Driver;
  readonly dialect: Dialect;
  /** Runs a statement and resolves to its rows. `?` placeholders on every dialect. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<T[]>;
  /** Runs a statement that returns no rows and reports how many rows it touched. */
  exec(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<ExecResult>;
  /** Streams the rows of a large result, holding at most one batch in memory. */
  iterate<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: IterateOptions,
  ): AsyncIterable<T>;
  /** Runs `fn` in a transaction (a savepoint when already in one); commits when it resolves. */
  withTransaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** A transaction: the query primitives plus an explicit end. */
export interface Transaction extends Executor {
  /** True until `commit` or `rollback` has been called. */
  readonly isActive: boolean;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
