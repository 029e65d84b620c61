import type { DriverConnection } from './dialects/dialect.js';
import { UsageError } from './errors.js';
import type { Transaction, TransactionOptions } from './executor.js';
import { type ConnectionContext, HeldConnection } from './held-connection.js';
import { resolveRetryPolicy, withRetry } from './retry-policy.js';
import { beginTransaction } from './transaction.js';

/**
 * One connection taken from the pool for a caller's exclusive use, for work that must stay on
 * one session (an advisory lock and the migrations it guards). Transactions started on it run
 * on the same connection.
 */
export class PinnedConnection extends HeldConnection {
  #released = false;
  #inTransaction = false;
  /** Set when a transaction left the session in an unknown state; the pool must not reuse it. */
  discard = false;

  constructor(context: ConnectionContext, connection: DriverConnection) {
    super(context, connection);
  }

  protected assertUsable(): void {
    if (this.#released) throw new UsageError('this pinned connection was already returned to the pool');
  }

  /** Marks the connection as returned; later use throws. */
  release(): void {
    this.#released = true;
  }

  async withTransaction<T>(
    fn: (tx: Transaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    this.assertUsable();
    if (this.#inTransaction) throw new UsageError('a transaction is already open on this pinned connection');
    const policy = resolveRetryPolicy(options.retry);
    return withRetry(policy, async () => {
      this.#inTransaction = true;
      try {
        const tx = await beginTransaction(this.context, this.connection, options, (discard) => {
          if (discard) this.discard = true;
        });
        return await tx.runToEnd(fn);
      } finally {
        this.#inTransaction = false;
      }
    });
  }
}
