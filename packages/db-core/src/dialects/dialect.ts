import type { ResolvedConfig } from '../config.js';
import type { Driver } from '../driver.js';
import type { DbError } from '../errors.js';
import type { Row, SqlParam, TransactionOptions } from '../executor.js';
import type { SqlLexer } from '../sql-scanner.js';
import type { TlsUrlNames } from '../tls-settings.js';

/** What a driver returns for one statement, already decoded into the layer's values. */
export interface RawResult {
  rows: Row[];
  rowsAffected: number;
  /** The command tag the server answered with, where the driver reports one (pg). */
  command?: string | undefined;
}

/** The two statements that measure a read replica's lag behind its primary. */
export interface ReplicaLagQueries {
  /** Run on the primary: one row whose `position` column is its current log position. */
  primaryPosition: string;
  /**
   * Run on the replica with that position bound to its one `?`: one row whose `lag_ms` is 0
   * when the replica has replayed up to it, else how far behind it is, or NULL when unknown.
   */
  replicaLag: string;
}

/** One physical connection, as a dialect module exposes it to the layer. */
export interface DriverConnection {
  /** True once the connection is unusable (lost, killed, or left mid-result); it is then destroyed. */
  readonly broken: boolean;
  /** The driver's error that broke the connection while nobody was waiting on it, when there was one. */
  readonly lostError?: unknown;
  /** Runs one statement; `sql` already uses the driver's placeholders. */
  run(sql: string, params: readonly SqlParam[], prepare: boolean): Promise<RawResult>;
  /** `run` for a driver that answers synchronously (better-sqlite3), without a promise. */
  runSync?(sql: string, params: readonly SqlParam[], prepare: boolean): RawResult;
  /** Streams the rows of one statement in batches of at most `batchSize`. */
  stream(sql: string, params: readonly SqlParam[], batchSize: number): AsyncIterable<Row[]>;
  ping(): Promise<void>;
  /**
   * Closes a server connection's socket at once, failing whatever waits on it: for a server
   * that stopped answering, where a polite close would wait for it too.
   */
  destroy?(): void;
  /**
   * Whether the session still has a transaction open. The layer asks after a statement inside
   * a transaction failed, since some errors make the database end the transaction by itself.
   */
  inTransaction?(): boolean | Promise<boolean>;
}

/** How busy a pool is; used to explain an exhausted pool. */
export interface PoolStats {
  open: number;
  idle: number;
  waiting: number;
  max: number;
}

/** A pool of driver connections with the `Config` knobs applied. */
export interface DriverPool {
  acquire(): Promise<DriverConnection>;
  /** A connection if one is free at once, without waiting; pools that can't tell omit it. */
  tryAcquire?(): DriverConnection | undefined;
  /** Returns a connection; a broken one is destroyed instead of reused. */
  release(conn: DriverConnection): void;
  stats(): PoolStats;
  close(): Promise<void>;
}

/**
 * Everything that differs between databases lives behind this contract, one implementation
 * per driver. Repositories ask a dialect (capability flags, statements) instead of testing
 * the driver name.
 */
export interface Dialect {
  readonly driver: Driver;
  /** This server's reading of SQL text: where the `?` placeholders are, and how its client cuts a script. */
  readonly sqlLexer: SqlLexer;
  /** `INSERT … RETURNING` is available. */
  readonly supportsReturning: boolean;
  /** DDL runs inside a transaction and rolls back with it. */
  readonly supportsTransactionalDdl: boolean;
  /** Works through a transaction-mode pooler (PgBouncer) with `poolerMode: 'transaction'`. */
  readonly supportsTransactionPooler: boolean;
  /** The driver's placeholder for the parameter at 1-based `index`. */
  placeholder(index: number): string;
  /**
   * The tail of an INSERT that, when the row collides on `conflictColumns`, updates
   * `updateColumns` from the values the INSERT carried (MySQL: on any unique key).
   */
  onConflictUpdate(conflictColumns: readonly string[], updateColumns: readonly string[]): string;
  /**
   * The clause that locks the rows a SELECT reads until the transaction ends (`FOR UPDATE`);
   * empty on SQLite, whose write transactions already hold the whole database.
   */
  readonly lockRowsClause: string;
  /** The tail of an INSERT that leaves an existing row alone when it collides on `conflictColumns`. */
  onConflictIgnore(conflictColumns: readonly string[]): string;
  /**
   * How an INSERT skips each row that collides on any primary key or unique index and writes the
   * others: `verb` opens the statement (`INSERT INTO` or `INSERT IGNORE INTO`), `tail` follows
   * its VALUES. With `supportsReturning` a `RETURNING` after the tail lists exactly the rows
   * written; without it the affected-row count is the number written. MySQL has no clause that
   * skips only duplicates and counts them apart (`ON DUPLICATE KEY UPDATE` counts a kept row as
   * written when the client reports found rows, as mysql2 does), so it uses `INSERT IGNORE`,
   * which also turns other refusals (a missing foreign key) into skipped rows: a caller that
   * finds fewer rows written than sent must look at why.
   */
  readonly insertSkippingDuplicates: { readonly verb: string; readonly tail: string };
  /** Statements that open a transaction with `options`. */
  beginStatements(options: TransactionOptions): string[];
  /** Statements run on the connection after the transaction ended (to undo session settings). */
  afterTransactionStatements(options: TransactionOptions): string[];
  /** How to measure a read replica's lag; undefined where the layer does not route reads to replicas. */
  readonly replicaLag: ReplicaLagQueries | undefined;
  /** Its URL parameters for TLS and the others it passes on; undefined where there is no TLS (SQLite). */
  readonly tlsUrlNames: TlsUrlNames | undefined;
  /** Maps a driver error to the layer's error classes by its code. */
  classifyError(err: unknown, conn?: DriverConnection): DbError;
  /** Opens the pool (or, for SQLite, the single connection). */
  createPool(config: ResolvedConfig): Promise<DriverPool>;
}
