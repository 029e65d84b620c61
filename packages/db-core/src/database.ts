import { markBroken } from './broken-connection.js';
import { type Config, DEFAULTS, type PoolerMode, type ResolvedConfig } from './config.js';
import { type ConnectionHold, isHolding, runHolding } from './connection-holders.js';
import { redactDsn } from './connection-url.js';
import type {
  Dialect,
  DriverConnection,
  DriverPool,
  RawResult,
  ReplicaLagQueries,
} from './dialects/dialect.js';
import { dialectFor } from './dialects/dialect-registry.js';
import { DRIVERS, type Driver, isDriver } from './driver.js';
import { ConnectionError, PoolTimeoutError, UsageError } from './errors.js';
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
import type { ConnectionContext } from './held-connection.js';
import { PinnedConnection } from './pinned-connection.js';
import { ReadOnlyExecutor } from './read-only-executor.js';
import { iterateOptionsWith, queryOptionsWith } from './read-only-options.js';
import { type ReplicaHealth, ReplicaSet } from './replica-set.js';
import { resolveRetryPolicy, withRetry } from './retry-policy.js';
import { StatementRunner } from './statement-runner.js';
import { checkTlsConfig } from './tls-settings.js';
import { beginTransaction, checkTransactionOptions, type Tx } from './transaction.js';

/**
 * An open database: a pool of connections (one, for SQLite) and the query primitives. Each
 * call on it borrows a connection for that one statement; transactions and pinned connections
 * hold theirs until they end.
 */
export class Database implements Executor {
  readonly driver: Driver;
  readonly dialect: Dialect;
  readonly config: ResolvedConfig;
  readonly #pool: DriverPool;
  readonly #runner: StatementRunner;
  readonly #context: ConnectionContext;
  readonly #replicas: ReplicaSet | undefined;
  /** The primary, as reads routed to replicas fall back to it: usable while close() waits for them. */
  readonly #routedPrimary: Executor;
  /**
   * The query primitives with every statement marked `readOnly`, so they go to a read replica
   * when one is configured and fit; its transactions run on the primary.
   */
  readonly reader: Executor;
  #closed = false;
  #closing: Promise<void> | undefined;
  #borrowed = 0;
  #onAllReturned: (() => void) | undefined;

  private constructor(
    config: ResolvedConfig,
    dialect: Dialect,
    pool: DriverPool,
    replicas: ReplicaSet | undefined,
  ) {
    this.config = config;
    this.driver = config.driver;
    this.dialect = dialect;
    this.#pool = pool;
    this.#replicas = replicas;
    this.#runner = new StatementRunner(dialect, config.onQuery, config.statementTimeoutMs);
    this.#context = { driver: this.driver, dialect, config, runner: this.#runner };
    this.reader = new ReadOnlyExecutor(this);
    this.#routedPrimary = {
      driver: this.driver,
      dialect,
      query: async <T extends Row = Row>(sql: string, params?: readonly SqlParam[], options?: QueryOptions) =>
        (await this.#run(sql, params, options, true)).rows as T[],
      exec: async (sql, params, options) => ({
        rowsAffected: (await this.#run(sql, params, options, true)).rowsAffected,
      }),
      iterate: <T extends Row = Row>(sql: string, params?: readonly SqlParam[], options?: IterateOptions) =>
        this.#stream<T>(sql, params, options, true),
      withTransaction: (fn, options) => this.withTransaction(fn, options),
    };
  }

  /** Opens a pool for `config` (and one per replica); see `openWithConfig`. */
  static async open(config: Config): Promise<Database> {
    const resolved = resolveConfig(config);
    const dialect = dialectFor(resolved.driver);
    const replicas = await openReplicas(resolved, dialect);
    try {
      return new Database(resolved, dialect, await dialect.createPool(resolved), replicas);
    } catch (err) {
      await replicas?.close();
      throw err;
    }
  }

  /** Each read replica's state as of its last check; empty without replicas. */
  replicaHealth(): ReplicaHealth[] {
    return this.#replicas?.health() ?? [];
  }

  /** Closes every connection after the work in flight has handed its connection back. */
  close(): Promise<void> {
    // A second call waits for the same shutdown instead of returning while connections are still open.
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    this.#closed = true;
    if (this.#borrowed > 0) {
      await new Promise<void>((resolve) => {
        this.#onAllReturned = resolve;
      });
    }
    await Promise.all([this.#pool.close(), this.#replicas?.close()]);
  }

  /** Verifies that a connection can be opened and the server answers. */
  async ping(): Promise<void> {
    const conn = await this.#acquire();
    try {
      await this.#runner.bounded(conn, conn.ping());
    } catch (err) {
      const error = this.dialect.classifyError(err, conn);
      if (error instanceof ConnectionError) markBroken(conn);
      throw error;
    } finally {
      this.#release(conn);
    }
  }

  async query<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: QueryOptions,
  ): Promise<T[]> {
    if (this.#routesToReplica(options)) {
      return this.#readOnReplica((e) => e.query<T>(sql, params, queryOptionsWith(options, false)));
    }
    const result = this.#run(sql, params, options, false);
    return (result instanceof Promise ? await result : result).rows as T[];
  }

  async exec(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<ExecResult> {
    if (this.#routesToReplica(options)) {
      return this.#readOnReplica((e) => e.exec(sql, params, queryOptionsWith(options, false)));
    }
    const result = this.#run(sql, params, options, false);
    return { rowsAffected: (result instanceof Promise ? await result : result).rowsAffected };
  }

  async *iterate<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: IterateOptions,
  ): AsyncIterable<T> {
    if (this.#replicas && this.#routesToReplica(options)) {
      this.#borrowed++;
      try {
        yield* this.#replicas.stream(
          (e) => e.iterate<T>(sql, params, iterateOptionsWith(options, false)),
          this.#routedPrimary,
        );
      } finally {
        this.#returned();
      }
      return;
    }
    yield* this.#stream<T>(sql, params, options, false);
  }

  /** Starts a transaction; the caller must `commit()` or `rollback()` it. */
  async begin(options: TransactionOptions = {}): Promise<Transaction> {
    if (options.retry)
      throw new UsageError('retry is an option of withTransaction, which can re-run a callback');
    checkTransactionOptions(options);
    const conn = await this.#acquire();
    return this.#beginOn(conn, options);
  }

  /**
   * Runs `fn` in a transaction: commits when it resolves, rolls back and rethrows when it
   * throws. With `retry`, a deadlock or serialization failure re-runs `fn` from the start.
   */
  withTransaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // Not async, nor is an attempt: on SQLite a transaction's only promises are the ones `fn`
    // and the commit after it need. Whatever throws here must still reach the caller as a rejection.
    try {
      checkTransactionOptions(options);
      const policy = resolveRetryPolicy(options.retry);
      return withRetry(policy, () => this.#transaction(fn, options));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** One attempt of `withTransaction`: a connection, BEGIN, `fn`, COMMIT. */
  #transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions): Promise<T> {
    const free = this.#acquireNow();
    if (!free) return this.#acquire().then((conn) => this.#transactionOn(conn, fn, options));
    return this.#transactionOn(free, fn, options);
  }

  #transactionOn<T>(
    conn: DriverConnection,
    fn: (tx: Transaction) => Promise<T>,
    options: TransactionOptions,
  ): Promise<T> {
    const hold: ConnectionHold = { owner: this, active: true };
    const begun = this.#beginOn(conn, options, hold);
    const run = (tx: Tx) => runHolding(hold, () => tx.runToEnd(fn));
    return begun instanceof Promise ? begun.then(run) : run(begun);
  }

  /** Lends one connection to `fn` for its exclusive use, for work that must stay on one session. */
  async withConnection<T>(fn: (conn: PinnedConnection) => Promise<T>): Promise<T> {
    const conn = await this.#acquire();
    const pinned = new PinnedConnection(this.#context, conn);
    const hold: ConnectionHold = { owner: this, active: true };
    try {
      return await runHolding(hold, () => fn(pinned));
    } finally {
      hold.active = false;
      pinned.release();
      this.#release(conn, pinned.discard);
    }
  }

  /**
   * Runs one statement on a connection of the primary's pool. When SQLite's connection is free
   * the result comes back as is: no promise on the path every statement takes.
   */
  #run(
    sql: string,
    params: readonly SqlParam[] | undefined,
    options: QueryOptions | undefined,
    duringClose: boolean,
  ): RawResult | Promise<RawResult> {
    const conn = this.#acquireNow(duringClose);
    if (!conn?.runSync) return this.#runWhenFree(conn, sql, params, options, duringClose);
    try {
      return this.#runner.runSync(conn, sql, params, options);
    } finally {
      this.#release(conn);
    }
  }

  /** `#run` on a server's connection, or after waiting for one. */
  async #runWhenFree(
    free: DriverConnection | undefined,
    sql: string,
    params: readonly SqlParam[] | undefined,
    options: QueryOptions | undefined,
    duringClose: boolean,
  ): Promise<RawResult> {
    const conn = free ?? (await this.#acquire(duringClose));
    try {
      return await this.#runner.run(conn, sql, params, options);
    } finally {
      this.#release(conn);
    }
  }

  async *#stream<T extends Row>(
    sql: string,
    params: readonly SqlParam[] | undefined,
    options: IterateOptions | undefined,
    duringClose: boolean,
  ): AsyncGenerator<T> {
    const conn = await this.#acquire(duringClose);
    try {
      yield* this.#runner.iterate<T>(conn, sql, params, options?.batchSize);
    } finally {
      this.#release(conn);
    }
  }

  /**
   * Runs `read` on a fit replica, or on the primary when none is. It counts as work in flight,
   * so `close()` waits for it (and closes the replicas only after it) as for any other statement.
   */
  async #readOnReplica<R>(read: (executor: Executor) => Promise<R>): Promise<R> {
    const replicas = this.#replicas as ReplicaSet;
    this.#borrowed++;
    try {
      return await replicas.read(read, this.#routedPrimary);
    } finally {
      this.#returned();
    }
  }

  /**
   * True for a statement marked `readOnly` when there are replicas; a closed database refuses
   * it as it refuses any other.
   */
  #routesToReplica(options: QueryOptions | IterateOptions | undefined): boolean {
    if (!this.#replicas || !options?.readOnly) return false;
    if (this.#closed) throw new UsageError('the database is closed');
    return true;
  }

  /**
   * BEGIN on `conn`, which goes back to the pool when the transaction ends (ending `hold`
   * with it) or when BEGIN fails. Synchronous on SQLite, as `beginTransaction` is.
   */
  #beginOn(conn: DriverConnection, options: TransactionOptions, hold?: ConnectionHold): Tx | Promise<Tx> {
    let ended = false;
    const end = (discard: boolean) => {
      if (ended) return;
      ended = true;
      if (hold) hold.active = false;
      this.#release(conn, discard);
    };
    let begun: Tx | Promise<Tx>;
    try {
      begun = beginTransaction(this.#context, conn, options, end);
    } catch (err) {
      end(true);
      throw err;
    }
    if (begun instanceof Promise) {
      return begun.catch((err: unknown) => {
        end(true);
        throw err;
      });
    }
    return begun;
  }

  /**
   * A connection that is free right now (SQLite's usual case), taken synchronously: no timer,
   * and no promise for the caller to await, on the path every statement takes.
   */
  #acquireNow(duringClose = false): DriverConnection | undefined {
    // A routed read that started before close() may still fall back to the primary.
    if (this.#closed && !duringClose) throw new UsageError('the database is closed');
    const free = this.#pool.tryAcquire?.();
    if (free) this.#borrowed++;
    return free;
  }

  async #acquire(duringClose = false): Promise<DriverConnection> {
    const free = this.#acquireNow(duringClose);
    if (free) return free;
    const stats = this.#pool.stats();
    // Only an exhausted pool can make a holder wait for itself. The counts are cheaper to read
    // than the async context, so the context is consulted only when they say so.
    if (stats.idle === 0 && stats.open >= stats.max && isHolding(this)) {
      throw new UsageError(
        `all ${stats.max} connection(s) of the ${this.driver} pool are in use, and this call comes from inside a transaction or pinned connection of the same database, which would wait for its own connection: run the statement on the transaction (tx) instead of the database`,
      );
    }
    this.#borrowed++;
    try {
      return await this.#acquireWithTimeout();
    } catch (err) {
      this.#returned();
      throw err;
    }
  }

  #acquireWithTimeout(): Promise<DriverConnection> {
    const timeoutMs = this.config.acquireTimeoutMs;
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        const stats = this.#pool.stats();
        // With room in the pool, the wait was for a new connection's handshake, not for a free one.
        if (stats.open < stats.max) {
          reject(
            new ConnectionError(
              `the ${this.driver} server did not answer: no connection could be opened within ${timeoutMs} ms (acquireTimeoutMs; ${stats.open} open of ${stats.max})`,
              { driver: this.driver, code: 'CONNECT_TIMEOUT' },
            ),
          );
          return;
        }
        reject(
          new PoolTimeoutError(
            `no ${this.driver} connection became free within ${timeoutMs} ms (${stats.open} open of ${stats.max}, ${stats.waiting} waiting)`,
            { driver: this.driver, code: 'POOL_TIMEOUT' },
          ),
        );
      }, timeoutMs);
      this.#pool.acquire().then(
        (conn) => {
          clearTimeout(timer);
          // Too late for the caller who gave up: hand it straight back.
          if (timedOut) this.#pool.release(conn);
          else resolve(conn);
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (!timedOut) reject(this.dialect.classifyError(err));
        },
      );
    });
  }

  #release(conn: DriverConnection, discard = false): void {
    try {
      this.#pool.release(discard ? markBroken(conn) : conn);
    } finally {
      this.#returned();
    }
  }

  #returned(): void {
    this.#borrowed--;
    if (this.#borrowed === 0 && this.#onAllReturned) this.#onAllReturned();
  }
}

/** A pool per replica URL, with the primary's settings; undefined without replicas. */
async function openReplicas(config: ResolvedConfig, dialect: Dialect): Promise<ReplicaSet | undefined> {
  if (config.replicas.length === 0) return undefined;
  return ReplicaSet.open(
    config,
    // resolveConfig refused replicas for a dialect without lag queries.
    dialect.replicaLag as ReplicaLagQueries,
    // A replica that stops answering must cost a read seconds at most, not the primary's patience.
    (dsn) =>
      Database.open({ ...config, dsn, replicas: [], acquireTimeoutMs: config.replicaAcquireTimeoutMs }),
    redactDsn,
  );
}

const NON_NEGATIVE_SETTINGS = [
  'maxOpenConns',
  'maxIdleConns',
  'connMaxLifetimeMs',
  'connMaxIdleTimeMs',
  'acquireTimeoutMs',
  'statementTimeoutMs',
  'connectTimeoutMs',
  'busyTimeoutMs',
  'maxReplicaLagMs',
  'replicaCheckIntervalMs',
  'replicaAcquireTimeoutMs',
] as const;

/** Fills in defaults and rejects a bad setting with a message naming it, before any connection. */
export function resolveConfig(config: Config): ResolvedConfig {
  if (typeof config !== 'object' || config === null)
    throw new UsageError('the database config must be an object');
  if (!isDriver(config.driver)) {
    throw new UsageError(`unknown driver ${JSON.stringify(config.driver)}: use one of ${DRIVERS.join(', ')}`);
  }
  if (typeof config.dsn !== 'string' || config.dsn.trim() === '') {
    throw new UsageError('the DSN is empty: give a connection URL, or for sqlite3 a file path or ":memory:"');
  }
  const resolved: ResolvedConfig = {
    ...DEFAULTS,
    ...stripUndefined(config),
    driver: config.driver,
    dsn: config.dsn,
  };
  for (const key of NON_NEGATIVE_SETTINGS) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new UsageError(`config.${key} must be a non-negative integer, got ${JSON.stringify(value)}`);
    }
  }
  if (resolved.maxOpenConns < 1) throw new UsageError('config.maxOpenConns must be at least 1');
  if (resolved.acquireTimeoutMs < 1) throw new UsageError('config.acquireTimeoutMs must be at least 1');
  if (resolved.connectTimeoutMs < 1) throw new UsageError('config.connectTimeoutMs must be at least 1');
  if (resolved.replicaAcquireTimeoutMs < 1)
    throw new UsageError('config.replicaAcquireTimeoutMs must be at least 1');
  if (resolved.onQuery !== undefined && typeof resolved.onQuery !== 'function') {
    throw new UsageError('config.onQuery must be a function');
  }
  checkScaleOutSettings(resolved);
  if (resolved.tls !== undefined) {
    if (dialectFor(resolved.driver).tlsUrlNames === undefined)
      throw new UsageError(`config.tls is for server connections; ${resolved.driver} has none`);
    checkTlsConfig(resolved.tls);
  }
  return resolved;
}

/**
 * The pooler and replica settings exist where the dialect has them (PostgreSQL), and the pooler
 * rules out session-level settings.
 */
function checkScaleOutSettings(config: ResolvedConfig): void {
  const dialect = dialectFor(config.driver);
  if (!POOLER_MODES.includes(config.poolerMode)) {
    throw new UsageError(
      `config.poolerMode must be one of ${POOLER_MODES.join(', ')}, got ${JSON.stringify(config.poolerMode)}`,
    );
  }
  if (config.poolerMode === 'transaction') {
    if (!dialect.supportsTransactionPooler) {
      throw new UsageError(
        `config.poolerMode 'transaction' is for PostgreSQL behind PgBouncer; the ${config.driver} driver does not support it`,
      );
    }
    if (config.statementTimeoutMs > 0) {
      throw new UsageError(
        "config.statementTimeoutMs cannot be used with poolerMode 'transaction': it is a session setting, which a transaction-mode pooler neither accepts at connect nor keeps between transactions. Set it on the server instead (ALTER ROLE … SET statement_timeout) or use PgBouncer's query_timeout",
      );
    }
  }
  if (
    !Array.isArray(config.replicas) ||
    config.replicas.some((r) => typeof r !== 'string' || r.trim() === '')
  ) {
    throw new UsageError('config.replicas must be an array of connection URLs');
  }
  if (config.replicas.length > 0 && dialect.replicaLag === undefined) {
    throw new UsageError(`config.replicas is supported on PostgreSQL only, not on ${config.driver}`);
  }
}

const POOLER_MODES: readonly PoolerMode[] = ['none', 'transaction'];

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
