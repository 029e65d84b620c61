import type { ResolvedConfig } from './config.js';
import type { Dialect, DriverConnection } from './dialects/dialect.js';
import type { Driver } from './driver.js';
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
import type { StatementRunner } from './statement-runner.js';

/** What a connection held by one caller needs from the database that lent it. */
export interface ConnectionContext {
  readonly driver: Driver;
  readonly dialect: Dialect;
  readonly config: ResolvedConfig;
  readonly runner: StatementRunner;
}

/**
 * The query primitives over one connection that a caller holds (a transaction or a pinned
 * connection), so every statement lands on that same connection.
 */
export abstract class HeldConnection implements Executor {
  readonly driver: Driver;
  readonly dialect: Dialect;
  protected readonly context: ConnectionContext;
  protected readonly connection: DriverConnection;

  constructor(context: ConnectionContext, connection: DriverConnection) {
    this.context = context;
    this.driver = context.driver;
    this.dialect = context.dialect;
    this.connection = connection;
  }

  /** Throws when the holder may no longer use the connection. */
  protected abstract assertUsable(): void;

  abstract withTransaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;

  /**
   * Called when a statement failed, before its error reaches the caller; a transaction checks
   * here whether the database ended it by itself.
   */
  protected statementFailed(_err: unknown): Promise<void> | undefined {
    return undefined;
  }

  async query<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: QueryOptions,
  ): Promise<T[]> {
    this.assertUsable();
    // SQLite answers synchronously: awaiting runner.run would only add promises and turns of
    // the microtask queue to every statement. Likewise for BEGIN and COMMIT in transaction.ts;
    // the rarer SAVEPOINT and ROLLBACK take runner.run.
    try {
      const result = this.connection.runSync
        ? this.context.runner.runSync(this.connection, sql, params, options)
        : await this.context.runner.run(this.connection, sql, params, options);
      return result.rows as T[];
    } catch (err) {
      await this.statementFailed(err);
      throw err;
    }
  }

  async exec(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<ExecResult> {
    this.assertUsable();
    try {
      const result = this.connection.runSync
        ? this.context.runner.runSync(this.connection, sql, params, options)
        : await this.context.runner.run(this.connection, sql, params, options);
      return { rowsAffected: result.rowsAffected };
    } catch (err) {
      await this.statementFailed(err);
      throw err;
    }
  }

  async *iterate<T extends Row = Row>(
    sql: string,
    params?: readonly SqlParam[],
    options?: IterateOptions,
  ): AsyncIterable<T> {
    this.assertUsable();
    try {
      yield* this.context.runner.iterate<T>(this.connection, sql, params, options?.batchSize);
    } catch (err) {
      await this.statementFailed(err);
      throw err;
    }
  }
}
