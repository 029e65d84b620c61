import { createHash } from 'node:crypto';
import type { Executor, PinnedConnection } from '@itinerary/db-core';
import { HISTORY_TABLE } from './history-statements.js';
import { pollForLock } from './lock-polling.js';
import type { LockRequest, MigrationLock } from './migration-lock.js';

/**
 * The advisory lock key: the first 8 bytes of sha256("itinerary_schema_migrations") as a
 * signed 64-bit integer. Advisory locks are scoped to one database, so one fixed key serves
 * every database on a server; deriving it from a name keeps it clear of the small numbers
 * other applications sharing the database tend to pick.
 */
export const POSTGRES_LOCK_KEY = BigInt.asIntN(
  64,
  BigInt(`0x${createHash('sha256').update(HISTORY_TABLE).digest('hex').slice(0, 16)}`),
);

const LOCK_NAME = `pg_advisory_lock(${POSTGRES_LOCK_KEY})`;
const TRANSACTION_LOCK_NAME = `pg_advisory_xact_lock(${POSTGRES_LOCK_KEY})`;

/**
 * A session-level advisory lock: it survives the transactions of the migrations it guards,
 * and the server drops it when the session ends, however the client died.
 */
export const postgresLock: MigrationLock = {
  async withLock<T>(conn: PinnedConnection, request: LockRequest, fn: (executor: Executor) => Promise<T>) {
    const watching = await watchForVanishedClient(conn);
    try {
      return await pollForLock<T>(request, LOCK_NAME, async (onAcquired) => {
        if (!(await tryLock(conn))) return { acquired: false };
        onAcquired();
        try {
          return { acquired: true, value: await fn(conn) };
        } finally {
          await unlock(conn);
        }
      });
    } finally {
      if (watching) await conn.exec('RESET client_connection_check_interval').catch(() => undefined);
    }
  },

  async isHeld(conn) {
    if (!(await tryLock(conn))) return true;
    await unlock(conn);
    return false;
  },
};

/** How often the server checks, during a long statement, that the migrator is still connected. */
export const CLIENT_CHECK_INTERVAL_MS = 1000;

/**
 * A killed migrator's session, and so its lock, would otherwise live on until its statement
 * finished (a long index build: minutes), and every retry of the deploy step would wait for it.
 * PostgreSQL 14+ can notice a vanished client during a query (client_connection_check_interval);
 * older servers lack the setting. True when it was set.
 */
async function watchForVanishedClient(conn: PinnedConnection): Promise<boolean> {
  const rows = await conn.query<{ version: string }>(
    "SELECT current_setting('server_version_num') AS version",
  );
  if (Number(rows[0]?.version) < 140000) return false;
  await conn.query("SELECT set_config('client_connection_check_interval', ?, false)", [
    String(CLIENT_CHECK_INTERVAL_MS),
  ]);
  return true;
}

async function tryLock(conn: PinnedConnection): Promise<boolean> {
  const rows = await conn.query('SELECT pg_try_advisory_lock(CAST(? AS bigint)) AS acquired', [
    POSTGRES_LOCK_KEY,
  ]);
  return rows[0]?.acquired === true;
}

/** Releases the lock; when that cannot be confirmed, the session is closed instead, which releases it too. */
async function unlock(conn: PinnedConnection): Promise<void> {
  try {
    const rows = await conn.query('SELECT pg_advisory_unlock(CAST(? AS bigint)) AS released', [
      POSTGRES_LOCK_KEY,
    ]);
    if (rows[0]?.released !== true) conn.discard = true;
  } catch {
    conn.discard = true;
  }
}

/**
 * The lock behind a transaction-mode pooler (PgBouncer), where a session lock would stay held
 * in whichever server connection took it, and later statements may run on another. The whole
 * run is one transaction holding a transaction-scoped advisory lock, each migration a
 * savepoint in it (as on SQLite): the lock ends with the transaction, whatever happens to the
 * client. It conflicts with the session lock of a migrator on a direct connection.
 */
export const postgresTransactionLock: MigrationLock = {
  withLock<T>(conn: PinnedConnection, request: LockRequest, fn: (executor: Executor) => Promise<T>) {
    return pollForLock<T>(request, TRANSACTION_LOCK_NAME, async (onAcquired) => {
      let acquired = false;
      const value = await conn.withTransaction(async (tx) => {
        if (!(await tryTransactionLock(tx))) return undefined;
        acquired = true;
        onAcquired();
        return fn(tx);
      });
      return acquired ? { acquired: true, value: value as T } : { acquired: false };
    });
  },

  isHeld(conn) {
    return conn.withTransaction(async (tx) => !(await tryTransactionLock(tx)));
  },
};

async function tryTransactionLock(tx: Executor): Promise<boolean> {
  const rows = await tx.query('SELECT pg_try_advisory_xact_lock(CAST(? AS bigint)) AS acquired', [
    POSTGRES_LOCK_KEY,
  ]);
  return rows[0]?.acquired === true;
}
