import { type Executor, type PinnedConnection, TransactionConflictError } from '@itinerary/db-core';
import { pollForLock } from './lock-polling.js';
import type { LockRequest, MigrationLock } from './migration-lock.js';

const LOCK_NAME = 'SQLite BEGIN IMMEDIATE';
// How long one try may wait inside SQLite's busy handler. better-sqlite3 waits synchronously,
// blocking the event loop, so each try is kept short and the deadline is enforced between tries.
const BUSY_SLICE_MS = 50;

/**
 * The lock is the database's write lock: one `BEGIN IMMEDIATE` transaction held for the whole
 * run, each migration in a savepoint inside it, committed once at the end. Nobody else can
 * write meanwhile, and the operating system drops the lock when the holder's process dies.
 */
export const sqliteLock: MigrationLock = {
  async withLock<T>(conn: PinnedConnection, request: LockRequest, fn: (executor: Executor) => Promise<T>) {
    const original = await busyTimeout(conn);
    await setBusyTimeout(conn, Math.min(BUSY_SLICE_MS, request.lockTimeoutMs));
    let restored = false;
    const restore = async () => {
      if (restored) return;
      restored = true;
      await setBusyTimeout(conn, original);
    };
    try {
      return await pollForLock<T>(request, LOCK_NAME, async (onAcquired) => {
        let entered = false;
        try {
          const value = await conn.withTransaction(async (tx) => {
            entered = true;
            // Statements inside the run should wait for readers as patiently as the caller configured.
            await restore();
            onAcquired();
            return fn(tx);
          });
          return { acquired: true, value };
        } catch (err) {
          // BEGIN IMMEDIATE failing with SQLITE_BUSY means another connection is writing.
          if (!entered && err instanceof TransactionConflictError) return { acquired: false };
          throw err;
        }
      });
    } finally {
      await restore().catch(() => undefined);
    }
  },

  // A run's writes are invisible until it commits, so there is never a run in progress to see.
  async isHeld() {
    return false;
  },
};

async function busyTimeout(conn: PinnedConnection): Promise<number> {
  const rows = await conn.query('PRAGMA busy_timeout');
  const value = Number(Object.values(rows[0] ?? {})[0]);
  return Number.isInteger(value) && value >= 0 ? value : 5000;
}

async function setBusyTimeout(conn: PinnedConnection, ms: number): Promise<void> {
  // PRAGMA takes no bound parameters; `ms` is an integer the engine computed, never input text.
  await conn.query(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(ms))}`);
}
