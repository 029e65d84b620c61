import type { DriverConnection, RawResult } from './dialects/dialect.js';
import { ConnectionError, DbError, UsageError } from './errors.js';
import type { IsolationLevel, Transaction, TransactionOptions } from './executor.js';
import { type ConnectionContext, HeldConnection } from './held-connection.js';

const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  'read uncommitted',
  'read committed',
  'repeatable read',
  'serializable',
];

type TxState = 'active' | 'committed' | 'rolled back';

/** Transaction control statements: simple text, no parameters, nothing to prepare. */
const UNPREPARED = { prepare: false } as const;

/**
 * What a transaction and its savepoints share: the error after which the database ended the
 * transaction by itself, once that happened.
 */
interface TransactionTree {
  abortedBy: unknown;
}

/** Called once when a top-level transaction ends; `discard` asks for the connection to be destroyed. */
export type TransactionEnd = (discard: boolean) => void;

/**
 * A transaction on one held connection. A top-level one ends with COMMIT/ROLLBACK and hands
 * the connection back; a nested one is a savepoint on the same connection.
 */
export class Tx extends HeldConnection implements Transaction {
  #state: TxState = 'active';
  #childActive = false;
  readonly #savepoint: string | undefined;
  readonly #depth: number;
  readonly #options: TransactionOptions;
  readonly #onEnd: TransactionEnd;
  readonly #tree: TransactionTree;

  constructor(
    context: ConnectionContext,
    connection: DriverConnection,
    options: TransactionOptions,
    onEnd: TransactionEnd,
    savepoint?: { name: string; depth: number; tree: TransactionTree },
  ) {
    super(context, connection);
    this.#tree = savepoint?.tree ?? { abortedBy: undefined };
    this.#options = options;
    this.#onEnd = onEnd;
    this.#savepoint = savepoint?.name;
    this.#depth = savepoint?.depth ?? 0;
  }

  get isActive(): boolean {
    return this.#state === 'active';
  }

  protected assertUsable(): void {
    if (this.#state !== 'active') {
      throw new UsageError(`this transaction was already ${this.#state}; start a new one`);
    }
    if (this.#tree.abortedBy !== undefined) throw this.#abortedError();
  }

  /**
   * After a failed statement, asks the connection whether its transaction is still open: SQLite
   * ends one by itself on SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM or SQLITE_BUSY, MySQL on a
   * deadlock. Without this check a caller who caught the error would go on writing outside any
   * transaction, each statement committed on its own.
   */
  protected override statementFailed(err: unknown): Promise<void> | undefined {
    const check = this.connection.inTransaction;
    // A lost connection ends the transaction anyway; a refused parameter never reached the server.
    if (
      !check ||
      this.#tree.abortedBy !== undefined ||
      err instanceof ConnectionError ||
      err instanceof UsageError
    )
      return undefined;
    let open: boolean | Promise<boolean>;
    try {
      open = check.call(this.connection);
    } catch {
      return undefined;
    }
    if (open instanceof Promise) {
      return open.then(
        (stillOpen) => {
          if (!stillOpen) this.#tree.abortedBy = err;
        },
        () => undefined,
      );
    }
    if (!open) this.#tree.abortedBy = err;
    return undefined;
  }

  #abortedError(): DbError {
    const cause = this.#tree.abortedBy;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new DbError(
      `the ${this.driver} database ended this transaction by itself when a statement in it failed (${reason}): everything it wrote is rolled back and nothing more can run in it; start a new transaction`,
      { driver: this.driver, code: 'TRANSACTION_ABORTED', cause },
    );
  }

  /** Ends a transaction the database already ended: no ROLLBACK to send, the connection goes back. */
  #endAborted(): Promise<void> | undefined {
    if (this.#state !== 'active') return undefined;
    this.#state = 'rolled back';
    return this.#savepoint ? undefined : this.#finish(false);
  }

  /** Commits (or releases the savepoint); on failure the transaction is rolled back and over. */
  async commit(): Promise<void> {
    return this.#commit();
  }

  /**
   * Runs `fn` and commits when it resolves, rolls back when it throws. The original error is
   * what the caller sees; a rollback that fails as well is attached to it as `rollbackError`.
   */
  async runToEnd<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await fn(this);
    } catch (err) {
      // Whatever fn made of it, the error that ended the transaction is the one to report.
      if (this.#tree.abortedBy !== undefined) {
        await this.#endAborted();
        throw this.#tree.abortedBy;
      }
      if (this.isActive) {
        try {
          await this.rollback();
        } catch (rollbackError) {
          attachRollbackError(err, rollbackError);
        }
      }
      throw err;
    }
    if (this.#tree.abortedBy !== undefined) {
      await this.#endAborted();
      throw this.#tree.abortedBy;
    }
    if (this.isActive) {
      // On SQLite the commit is done when #commit returns: no promise to wait for.
      const committing = this.#commit();
      if (committing) await committing;
    }
    return result;
  }

  /** The commit; a promise only when there is something to wait for (not on SQLite). */
  #commit(): Promise<void> | undefined {
    if (this.isActive && this.#tree.abortedBy !== undefined) {
      const error = this.#abortedError();
      return Promise.resolve(this.#endAborted()).then(() => {
        throw error;
      });
    }
    this.assertUsable();
    this.#state = 'committed';
    if (this.#savepoint) return this.#run(`RELEASE SAVEPOINT ${this.#savepoint}`);
    const { runner } = this.context;
    if (!this.connection.runSync) {
      return runner.run(this.connection, 'COMMIT', [], UNPREPARED).then(
        (result) => this.#committed(result),
        (err: unknown) => this.#commitFailed(err),
      );
    }
    let result: RawResult;
    try {
      result = runner.runSync(this.connection, 'COMMIT', [], UNPREPARED);
    } catch (err) {
      return this.#commitFailed(err);
    }
    return this.#committed(result);
  }

  #committed(result: RawResult): Promise<void> | undefined {
    // PostgreSQL answers COMMIT of a transaction that a failed statement aborted with a
    // ROLLBACK tag and no error; the caller must not believe its writes were saved.
    if (result.command === 'ROLLBACK') {
      return this.#commitFailed(
        new DbError(
          'the transaction was rolled back, not committed: a statement inside it failed earlier and aborted it (catching that error does not undo the abort; use a nested withTransaction to recover from a failing statement)',
          { driver: this.driver, code: 'TRANSACTION_ABORTED' },
        ),
      );
    }
    return this.#finish(false);
  }

  /**
   * A failed COMMIT leaves the transaction aborted (PostgreSQL) or open (MySQL): end it for
   * sure before the connection is reused, or throw the connection away; then fail with `err`.
   */
  async #commitFailed(err: unknown): Promise<never> {
    const rolledBack = await this.#run('ROLLBACK').then(
      () => true,
      () => false,
    );
    await this.#finish(!rolledBack || err instanceof ConnectionError);
    throw err;
  }

  /** Rolls back (to the savepoint, for a nested transaction). */
  async rollback(): Promise<void> {
    // The database rolled it back already: nothing to send.
    if (this.isActive && this.#tree.abortedBy !== undefined) return this.#endAborted();
    this.assertUsable();
    this.#state = 'rolled back';
    if (this.#savepoint) {
      await this.#run(`ROLLBACK TO SAVEPOINT ${this.#savepoint}`);
      await this.#run(`RELEASE SAVEPOINT ${this.#savepoint}`);
      return;
    }
    try {
      await this.#run('ROLLBACK');
    } catch (err) {
      // The server's transaction state is unknown now; never hand this connection out again.
      await this.#finish(true);
      throw err;
    }
    return this.#finish(false);
  }

  /** Runs `fn` inside a savepoint: a failure undoes only what `fn` did. */
  async withTransaction<T>(
    fn: (tx: Transaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    this.assertUsable();
    if (options.isolationLevel || options.readOnly || options.retry) {
      throw new UsageError(
        'a nested transaction is a savepoint and cannot change isolation, read-only mode or retry: set them on the outer transaction',
      );
    }
    if (this.#childActive) {
      throw new UsageError('a nested transaction is already running on this transaction; await it first');
    }
    const depth = this.#depth + 1;
    const name = `itinerary_sp_${depth}`;
    await this.#run(`SAVEPOINT ${name}`);
    this.#childActive = true;
    try {
      const child = new Tx(this.context, this.connection, {}, () => undefined, {
        name,
        depth,
        tree: this.#tree,
      });
      return await child.runToEnd(fn);
    } finally {
      this.#childActive = false;
    }
  }

  async #run(sql: string): Promise<void> {
    await this.context.runner.run(this.connection, sql, [], UNPREPARED);
  }

  /** Hands the connection back; only statements that undo session settings make this wait. */
  #finish(discard: boolean): Promise<void> | undefined {
    const after = this.context.dialect.afterTransactionStatements(this.#options);
    if (after.length === 0) {
      this.#onEnd(discard);
      return undefined;
    }
    return this.#finishAfter(after, discard);
  }

  async #finishAfter(statements: readonly string[], discard: boolean): Promise<void> {
    let broken = discard;
    for (const sql of statements) {
      await this.#run(sql).catch(() => {
        broken = true;
      });
    }
    this.#onEnd(broken);
  }
}

/** Checks transaction options from possibly untyped callers before any SQL runs. */
export function checkTransactionOptions(options: TransactionOptions): void {
  if (options.isolationLevel !== undefined && !ISOLATION_LEVELS.includes(options.isolationLevel)) {
    throw new UsageError(
      `unknown isolation level ${JSON.stringify(options.isolationLevel)}: use one of ${ISOLATION_LEVELS.join(', ')}`,
    );
  }
}

/**
 * Opens a top-level transaction on `connection`; `onEnd` runs once when it commits or rolls
 * back. On a connection that answers synchronously (SQLite) the transaction itself is
 * returned, not a promise of it.
 */
export function beginTransaction(
  context: ConnectionContext,
  connection: DriverConnection,
  options: TransactionOptions,
  onEnd: TransactionEnd,
): Tx | Promise<Tx> {
  checkTransactionOptions(options);
  const statements = context.dialect.beginStatements(options);
  if (!connection.runSync) return beginOnServer(context, connection, statements, options, onEnd);
  for (const sql of statements) context.runner.runSync(connection, sql, [], UNPREPARED);
  return new Tx(context, connection, options, onEnd);
}

async function beginOnServer(
  context: ConnectionContext,
  connection: DriverConnection,
  statements: readonly string[],
  options: TransactionOptions,
  onEnd: TransactionEnd,
): Promise<Tx> {
  for (const sql of statements) await context.runner.run(connection, sql, [], UNPREPARED);
  return new Tx(context, connection, options, onEnd);
}

function attachRollbackError(err: unknown, rollbackError: unknown): void {
  if (typeof err !== 'object' || err === null || !Object.isExtensible(err)) return;
  Object.defineProperty(err, 'rollbackError', {
    value: rollbackError,
    enumerable: false,
    configurable: true,
  });
}
