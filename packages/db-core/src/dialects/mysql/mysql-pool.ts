import type mysql from 'mysql2';
import { KEEPALIVE_INITIAL_DELAY_MS, type ResolvedConfig } from '../../config.js';
import { ConnectionError } from '../../errors.js';
import { hostOf, type LoadedTls, loadTls, tlsSetting } from '../../tls-settings.js';
import type { DriverConnection, DriverPool, PoolStats } from '../dialect.js';
import { loadDriver } from '../load-driver.js';
import { MysqlConnection } from './mysql-connection.js';
import { MYSQL_TLS_NAMES, mysqlHostCheck, mysqlSslOptions, mysqlTlsFailure } from './mysql-tls.js';

// The session every connection gets: UTC so DATETIME values and defaults mean one instant,
// strict mode so a too-long or invalid value is an error instead of being silently cut, and
// ANSI_QUOTES so "double quotes" quote identifiers as on PostgreSQL and SQLite.
const SESSION_SETUP = [
  "SET time_zone = '+00:00'",
  "SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
];
const UNKNOWN_SYSTEM_VARIABLE = 1193;

/**
 * mysql2's pool, with what it lacks added here: a maximum connection lifetime (checked when a
 * connection is taken and returned), session set-up on each new connection, and a listener
 * that marks a connection broken when the server drops it.
 */
export class MysqlPool implements DriverPool {
  readonly #pool: mysql.Pool;
  readonly #config: ResolvedConfig;
  readonly #connections = new WeakMap<mysql.PoolConnection, MysqlConnection>();
  readonly #tls: LoadedTls;
  readonly #host: string;

  private constructor(pool: mysql.Pool, config: ResolvedConfig, tls: LoadedTls, host: string) {
    this.#pool = pool;
    this.#config = config;
    this.#tls = tls;
    this.#host = host;
  }

  /** Creates the pool; connections are opened on first use. */
  static async open(config: ResolvedConfig): Promise<MysqlPool> {
    const mysqlModule = await loadDriver<typeof mysql>('mysql2', 'mysql');
    // The TLS parameters leave the URL (mysql2 would ignore ssl-mode with a warning and connect
    // without TLS): its `ssl` option comes from the layer alone.
    const { dsn, tls } = tlsSetting(config.dsn, config.tls, MYSQL_TLS_NAMES);
    const loadedTls = await loadTls(tls);
    const ssl = mysqlSslOptions(loadedTls);
    const pool = mysqlModule.createPool({
      uri: dsn.replace(/^mariadb:/, 'mysql:'),
      ...(ssl === undefined ? {} : { ssl }),
      connectionLimit: config.maxOpenConns,
      maxIdle: config.maxIdleConns,
      // mysql2 treats 0 as "close at once"; the layer's 0 means "no limit".
      idleTimeout: config.connMaxIdleTimeMs > 0 ? config.connMaxIdleTimeMs : 2 ** 31 - 1,
      waitForConnections: true,
      queueLimit: 0,
      // The handshake's own bound; waiting for a free connection is the layer's acquire timer.
      connectTimeout: config.connectTimeoutMs,
      enableKeepAlive: true,
      keepAliveInitialDelay: KEEPALIVE_INITIAL_DELAY_MS,
      timezone: 'Z',
      dateStrings: false,
      charset: 'utf8mb4',
      // Numbers when exact, text beyond 2^53 (turned into bigint by the row decoder).
      supportBigNumbers: true,
      bigNumberStrings: false,
      multipleStatements: false,
    });
    return new MysqlPool(pool, config, loadedTls, hostOf(dsn));
  }

  async acquire(): Promise<DriverConnection> {
    for (;;) {
      const raw = await new Promise<mysql.PoolConnection>((resolve, reject) =>
        this.#pool.getConnection((err, conn) =>
          err
            ? reject(mysqlTlsFailure(err, this.#tls, this.#host) ?? this.#connectFailure(err))
            : resolve(conn),
        ),
      );
      let conn = this.#connections.get(raw);
      if (!conn) {
        conn = await this.#setUp(raw);
        this.#connections.set(raw, conn);
      }
      if (!this.#expired(conn)) return conn;
      raw.destroy();
    }
  }

  release(conn: DriverConnection): void {
    const c = conn as MysqlConnection;
    // mysql2 trims idle connections above maxIdle only on a timer; do it on release instead.
    if (c.broken || this.#expired(c) || this.stats().idle >= this.#config.maxIdleConns) c.conn.destroy();
    else c.conn.release();
  }

  stats(): PoolStats {
    // mysql2 exposes no counters; these internal queues are stable across its 3.x releases.
    const internal = this.#pool as unknown as {
      _allConnections: { length: number };
      _freeConnections: { length: number };
      _connectionQueue: { length: number };
    };
    return {
      open: internal._allConnections.length,
      idle: internal._freeConnections.length,
      waiting: internal._connectionQueue.length,
      max: this.#config.maxOpenConns,
    };
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.#pool.end((err) => (err ? reject(err) : resolve())));
  }

  /** mysql2's connect timeout says only `connect ETIMEDOUT`: say which setting ran out. */
  #connectFailure(err: NodeJS.ErrnoException): unknown {
    if (err.code !== 'ETIMEDOUT') return err;
    return new ConnectionError(
      `the mysql server did not answer within ${this.#config.connectTimeoutMs} ms (connectTimeoutMs): ${err.message}`,
      { cause: err, code: 'CONNECT_TIMEOUT', driver: 'mysql' },
    );
  }

  #expired(conn: MysqlConnection): boolean {
    const lifetime = this.#config.connMaxLifetimeMs;
    return lifetime > 0 && Date.now() - conn.createdAt >= lifetime;
  }

  async #setUp(raw: mysql.PoolConnection): Promise<MysqlConnection> {
    const wrongHost = mysqlHostCheck(raw, this.#tls, this.#host);
    if (wrongHost) {
      raw.destroy();
      throw wrongHost;
    }
    const conn = new MysqlConnection(raw);
    // PoolConnection listens with `once`; a second 'error' would otherwise be unhandled.
    raw.on('error', (err) => {
      conn.broken = true;
      conn.lostError ??= err;
    });
    raw.on('end', () => {
      conn.broken = true;
    });
    try {
      for (const sql of SESSION_SETUP) await conn.run(sql, [], false);
      const timeout = this.#config.statementTimeoutMs;
      if (timeout > 0) {
        try {
          await conn.run(`SET SESSION max_statement_time = ${timeout / 1000}`, [], false);
        } catch (err) {
          if ((err as { errno?: number }).errno !== UNKNOWN_SYSTEM_VARIABLE) throw err;
          await conn.run(`SET SESSION max_execution_time = ${Math.round(timeout)}`, [], false);
        }
      }
    } catch (err) {
      raw.destroy();
      throw err;
    }
    return conn;
  }
}
