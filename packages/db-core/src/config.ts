import type { Driver } from './driver.js';
import type { QueryEvent } from './query-event.js';
import type { TlsConfig } from './tls-settings.js';

/** How to open a database. Durations are in milliseconds. */
export interface Config {
  driver: Driver;
  /** A URL (`postgres://…`, `mysql://…`) or, for sqlite3, a file path or `:memory:`. */
  dsn: string;
  /** Most connections open at once (default 25). SQLite always uses one. */
  maxOpenConns?: number;
  /** Most idle connections kept open; extra ones are closed when released (default 5). */
  maxIdleConns?: number;
  /** A connection older than this is closed instead of reused (default 300000; 0 = no limit). */
  connMaxLifetimeMs?: number;
  /** A connection idle longer than this is closed (default 300000; 0 = no limit). */
  connMaxIdleTimeMs?: number;
  /** How long a caller waits for a free connection before a `PoolTimeoutError` (default 30000). */
  acquireTimeoutMs?: number;
  /**
   * Limit on one statement's run time (default 0 = none; not available on SQLite). The server
   * cancels the statement at this limit; when the server does not answer at all (stopped,
   * unreachable), the layer gives up `STATEMENT_TIMEOUT_MARGIN_MS` later with a
   * `ConnectionError` and closes that connection.
   */
  statementTimeoutMs?: number;
  /**
   * How long opening one server connection (TCP, TLS and the login handshake) may take before a
   * `ConnectionError` saying the server did not answer (default 10000). Separate from
   * `acquireTimeoutMs`, which bounds the caller's whole wait for a connection.
   */
  connectTimeoutMs?: number;
  /** SQLite: how long a writer waits for another process's lock before failing (default 5000). */
  busyTimeoutMs?: number;
  /**
   * `'transaction'` when the DSN points at a transaction-mode pooler such as PgBouncer
   * (postgres only): no named prepared statements and no session state, since consecutive
   * transactions may run on different server connections. Default `'none'`.
   */
  poolerMode?: PoolerMode;
  /**
   * URLs of read replicas (postgres hot standbys). Statements marked `readOnly`, and every
   * statement run through `db.reader`, go to one of them; everything else, and everything in a
   * transaction, goes to the primary at `dsn`. Default none.
   */
  replicas?: readonly string[];
  /** A replica whose replay lags further behind than this is skipped for the primary (default 5000). */
  maxReplicaLagMs?: number;
  /** How old a replica's last health and lag check may be before a read checks it again (default 1000). */
  replicaCheckIntervalMs?: number;
  /**
   * How long a read (or a check) waits for a replica's connection, a new one included, before
   * the replica counts as down and the read goes to the primary (default 2000).
   */
  replicaAcquireTimeoutMs?: number;
  /**
   * TLS to the server (postgres, mysql): mode `disable` (the default), `require`, `verify-ca` or
   * `verify-full`, as libpq means them, with the CA and client certificate files. Or give it in
   * the URL (`sslmode`…, `ssl-mode`…), not in both.
   */
  tls?: TlsConfig;
  /** Called after every statement, with its text, duration, row count and error. */
  onQuery?: (event: QueryEvent) => void;
}

/** What sits between the layer and the server: nothing, or a transaction-mode pooler. */
export type PoolerMode = 'none' | 'transaction';

/** A `Config` with every default filled in. */
export type ResolvedConfig = Required<Omit<Config, 'onQuery' | 'tls'>> & Pick<Config, 'onQuery' | 'tls'>;

/** The defaults of the pool settings, as the spec gives them. */
export const DEFAULTS = {
  maxOpenConns: 25,
  maxIdleConns: 5,
  connMaxLifetimeMs: 300_000,
  connMaxIdleTimeMs: 300_000,
  acquireTimeoutMs: 30_000,
  statementTimeoutMs: 0,
  connectTimeoutMs: 10_000,
  busyTimeoutMs: 5_000,
  poolerMode: 'none',
  replicas: [],
  maxReplicaLagMs: 5_000,
  replicaCheckIntervalMs: 1_000,
  replicaAcquireTimeoutMs: 2_000,
} as const satisfies Omit<ResolvedConfig, 'driver' | 'dsn' | 'onQuery' | 'tls'>;

/**
 * How much longer than `statementTimeoutMs` the layer waits for a server's answer before it
 * closes the connection itself: room for the server's own cancel to arrive first.
 */
export const STATEMENT_TIMEOUT_MARGIN_MS = 1_000;

/** When a server connection with no traffic starts sending TCP keepalive probes. */
export const KEEPALIVE_INITIAL_DELAY_MS = 30_000;
