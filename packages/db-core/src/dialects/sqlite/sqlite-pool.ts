import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { ResolvedConfig } from '../../config.js';
import { DbError, UsageError } from '../../errors.js';
import type { DriverConnection, DriverPool, PoolStats } from '../dialect.js';
import { loadDriver } from '../load-driver.js';
import { SqliteConnection } from './sqlite-connection.js';
import { classifySqliteError } from './sqlite-errors.js';

/** Open file databases of this process, so every `Database` on one file shares its connection. */
const openFiles = new Map<string, SqlitePool>();

/**
 * SQLite gets one connection per file per process. better-sqlite3 is synchronous: a second
 * connection in the same process adds no parallelism, and a writer waiting on it for the lock
 * would block the very event loop the lock holder needs to finish, so two `Database` objects
 * on one file share one connection here. Callers take turns in FIFO order; a transaction holds
 * the connection from BEGIN to COMMIT, so nobody else's statement lands in it. Other processes
 * are kept in step by the file lock and the busy timeout.
 */
export class SqlitePool implements DriverPool {
  readonly #conn: SqliteConnection;
  readonly #key: string | undefined;
  #busy = false;
  #closed = false;
  #users = 1;
  readonly #waiters: Array<{ resolve: (c: DriverConnection) => void; reject: (e: Error) => void }> = [];

  private constructor(conn: SqliteConnection, key: string | undefined) {
    this.#conn = conn;
    this.#key = key;
  }

  /** Opens the database file (or `:memory:`), or joins this process's open connection to it. */
  static async open(config: ResolvedConfig): Promise<SqlitePool> {
    const Database = await loadDriver<typeof BetterSqlite3>('better-sqlite3', 'sqlite3');
    const path = sqlitePathFromDsn(config.dsn);
    const key = path === ':memory:' ? undefined : resolve(path);
    const shared = key === undefined ? undefined : openFiles.get(key);
    if (shared) {
      shared.#users++;
      return shared;
    }
    let db: BetterSqlite3.Database | undefined;
    try {
      // better-sqlite3 checks this itself and throws a TypeError without a code.
      if (key !== undefined && !existsSync(dirname(key))) {
        throw Object.assign(new Error(`the directory ${dirname(key)} does not exist`), {
          code: 'SQLITE_CANTOPEN',
        });
      }
      db = new Database(path, { timeout: config.busyTimeoutMs });
      db.pragma('foreign_keys = ON');
      if (db.pragma('foreign_keys', { simple: true }) !== 1) {
        throw new UsageError('SQLite refused to enable foreign keys (PRAGMA foreign_keys is still 0)');
      }
      if (!db.memory) {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal')
          throw new UsageError(`SQLite refused WAL mode for ${path} (journal_mode is ${mode})`);
        // WAL makes NORMAL durable across application crashes; only a power loss can lose the last commits.
        db.pragma('synchronous = NORMAL');
      }
    } catch (err) {
      db?.close();
      throw openFailure(err, path);
    }
    const pool = new SqlitePool(new SqliteConnection(db), key);
    if (key !== undefined) openFiles.set(key, pool);
    return pool;
  }

  tryAcquire(): DriverConnection | undefined {
    if (this.#closed || this.#busy) return undefined;
    this.#busy = true;
    return this.#conn;
  }

  acquire(): Promise<DriverConnection> {
    if (this.#closed) return Promise.reject(new UsageError('the database is closed'));
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(this.#conn);
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next.resolve(this.#conn);
    else this.#busy = false;
  }

  stats(): PoolStats {
    return { open: 1, idle: this.#busy ? 0 : 1, waiting: this.#waiters.length, max: 1 };
  }

  async close(): Promise<void> {
    if (this.#closed || --this.#users > 0) return;
    this.#closed = true;
    if (this.#key !== undefined) openFiles.delete(this.#key);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new UsageError('the database was closed'));
    this.#conn.close();
  }
}

/**
 * An error at open as a `DbError` naming the file, with SQLite's code (SQLITE_NOTADB,
 * SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_READONLY, …): most of them only show at the first
 * statement, the pragmas above.
 */
function openFailure(err: unknown, path: string): DbError {
  if (err instanceof DbError) return err;
  const classified = classifySqliteError(err);
  return new DbError(`cannot open the SQLite database ${path}: ${classified.message}`, {
    cause: err,
    code: classified.code,
    driver: 'sqlite3',
  });
}

/** Accepts a plain path, `:memory:`, `sqlite:path`, `sqlite://path` or `file:path`. */
export function sqlitePathFromDsn(dsn: string): string {
  const match = /^(?:sqlite3?|file):(?:\/\/)?(.*)$/.exec(dsn);
  const path = match ? (match[1] ?? '') : dsn;
  if (path === '') throw new UsageError('the sqlite3 DSN is empty: give a file path or ":memory:"');
  return path;
}
