import { createHash } from 'node:crypto';
import type { Executor, PinnedConnection } from '@itinerary/db-core';
import { HISTORY_TABLE } from './history-statements.js';
import { pollForLock } from './lock-polling.js';
import { MigrationError } from './migration-errors.js';
import type { LockRequest, MigrationLock } from './migration-lock.js';

// MySQL and MariaDB limit lock names to 64 characters.
const MAX_LOCK_NAME = 64;

/**
 * A `GET_LOCK` named lock. Its result is checked (1 = taken, 0 = held by another session,
 * NULL = an error), it is released on the same session with `RELEASE_LOCK`, and the server
 * drops it when the session ends, however the client died.
 */
export const mysqlLock: MigrationLock = {
  async withLock<T>(conn: PinnedConnection, request: LockRequest, fn: (executor: Executor) => Promise<T>) {
    const name = await lockName(conn);
    return pollForLock<T>(request, `GET_LOCK('${name}')`, async (onAcquired) => {
      const rows = await conn.query('SELECT GET_LOCK(?, 0) AS acquired', [name]);
      const acquired = rows[0]?.acquired;
      if (acquired === null || acquired === undefined) {
        throw new MigrationError(
          `GET_LOCK('${name}') returned NULL: the server failed to take the migration lock (out of memory, or the session was killed). Run the migrator again.`,
          { driver: 'mysql', code: 'MIGRATION_LOCK_FAILED' },
        );
      }
      if (Number(acquired) !== 1) return { acquired: false };
      onAcquired();
      try {
        return { acquired: true, value: await fn(conn) };
      } finally {
        await release(conn, name);
      }
    });
  },

  async isHeld(conn) {
    const rows = await conn.query('SELECT IS_USED_LOCK(?) AS holder', [await lockName(conn)]);
    const holder = rows[0]?.holder;
    return holder !== null && holder !== undefined;
  },
};

/**
 * Named locks are server-wide, not per database, so the name carries the database: deploys of
 * two databases on one server must not wait for each other.
 */
export async function lockName(conn: PinnedConnection): Promise<string> {
  const rows = await conn.query('SELECT DATABASE() AS db');
  const db = rows[0]?.db;
  if (typeof db !== 'string' || db === '') {
    throw new MigrationError(
      'the MySQL connection has no current database: name the database in the DSN path (mysql://host/dbname).',
      {
        driver: 'mysql',
        code: 'MIGRATION_NO_DATABASE',
      },
    );
  }
  const readable = `${HISTORY_TABLE}.${db}`;
  if (readable.length <= MAX_LOCK_NAME) return readable;
  return `${HISTORY_TABLE}.${createHash('sha256')
    .update(db)
    .digest('hex')
    .slice(0, MAX_LOCK_NAME - HISTORY_TABLE.length - 1)}`;
}

/** Releases the lock; when that cannot be confirmed, the session is closed instead, which releases it too. */
async function release(conn: PinnedConnection, name: string): Promise<void> {
  try {
    const rows = await conn.query('SELECT RELEASE_LOCK(?) AS released', [name]);
    if (Number(rows[0]?.released) !== 1) conn.discard = true;
  } catch {
    conn.discard = true;
  }
}
