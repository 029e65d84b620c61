import type pg from 'pg';
import type PgCursor from 'pg-cursor';
import { KEEPALIVE_INITIAL_DELAY_MS, type ResolvedConfig } from '../../config.js';
import { hostOf, type LoadedTls, loadTls, tlsSetting } from '../../tls-settings.js';
import type { DriverConnection, DriverPool, PoolStats } from '../dialect.js';
import { loadDriver } from '../load-driver.js';
import { parseInt64 } from '../value-encoding.js';
import { PostgresConnection } from './postgres-connection.js';
import { POSTGRES_TLS_NAMES, postgresSslOptions, postgresTlsFailure } from './postgres-tls.js';

const OID_INT8 = 20;
const OID_DATE = 1082;
const OID_TIMESTAMP = 1114;

/**
 * pg's own pool, with the settings it lacks added here: `maxIdleConns` (a released client is
 * closed when enough are idle already) and an error listener on every client, so a backend
 * killed while the client sits idle or checked out never crashes the process.
 */
export class PostgresPool implements DriverPool {
  readonly #pool: pg.Pool;
  readonly #config: ResolvedConfig;
  readonly #Cursor: typeof PgCursor;
  readonly #connections = new WeakMap<pg.PoolClient, PostgresConnection>();
  readonly #tls: LoadedTls;
  readonly #host: string;

  private constructor(
    pool: pg.Pool,
    config: ResolvedConfig,
    Cursor: typeof PgCursor,
    tls: LoadedTls,
    host: string,
  ) {
    this.#pool = pool;
    this.#config = config;
    this.#Cursor = Cursor;
    this.#tls = tls;
    this.#host = host;
  }

  /** Creates the pool; connections are opened on first use. */
  static async open(config: ResolvedConfig): Promise<PostgresPool> {
    const pgModule = await loadDriver<typeof pg>('pg', 'postgres');
    const Cursor = await loadDriver<typeof PgCursor>('pg-cursor', 'postgres');
    // The TLS parameters leave the URL: pg gets its `ssl` option from the layer alone.
    const { dsn, tls } = tlsSetting(config.dsn, config.tls, POSTGRES_TLS_NAMES);
    const loadedTls = await loadTls(tls);
    const pool = new pgModule.Pool({
      connectionString: dsn,
      ssl: postgresSslOptions(loadedTls),
      max: config.maxOpenConns,
      idleTimeoutMillis: config.connMaxIdleTimeMs,
      maxLifetimeSeconds: Math.ceil(config.connMaxLifetimeMs / 1000),
      // No pool timer: the layer's acquire timer bounds waiting for a free client, and each
      // client's own connect timer bounds its handshake (pg-pool's would race both).
      connectionTimeoutMillis: 0,
      Client: timedClient(pgModule.Client, config.connectTimeoutMs),
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
      ...(config.statementTimeoutMs > 0 ? { statement_timeout: config.statementTimeoutMs } : {}),
      types: postgresTypes(pgModule),
    });
    // An idle client whose backend dies is removed by pg-pool; without a listener the
    // 'error' it emits would crash the process.
    pool.on('error', () => undefined);
    return new PostgresPool(pool, config, Cursor, loadedTls, hostOf(dsn));
  }

  async acquire(): Promise<DriverConnection> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw postgresTlsFailure(err, this.#tls, this.#host) ?? err;
    }
    let conn = this.#connections.get(client);
    if (!conn) {
      const created = new PostgresConnection(client, this.#Cursor, this.#config.poolerMode !== 'transaction');
      // The error pg emits when the backend dies while the client is checked out but idle
      // (in a transaction, between statements) is the real reason the next statement fails.
      client.on('error', (err: Error) => {
        created.broken = true;
        created.lostError ??= err;
      });
      client.on('end', () => {
        created.broken = true;
      });
      this.#connections.set(client, created);
      conn = created;
    }
    return conn;
  }

  release(conn: DriverConnection): void {
    const { client, broken } = conn as PostgresConnection;
    client.release(broken || this.#pool.idleCount >= this.#config.maxIdleConns);
  }

  stats(): PoolStats {
    const p = this.#pool;
    return { open: p.totalCount, idle: p.idleCount, waiting: p.waitingCount, max: this.#config.maxOpenConns };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** The code of the error a client's connect fails with when the server did not answer in time. */
export const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';

/**
 * pg's Client with a connect timer of its own whose error carries a code (pg's own timer fails
 * with a bare 'timeout expired'), so the layer can say the server did not answer.
 */
type ConnectCallback = ((err: Error) => void) | ((err: null, c: pg.Client) => void);

function timedClient(Client: typeof pg.Client, timeoutMs: number): typeof pg.Client {
  return class TimedClient extends Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | undefined {
      const timer = setTimeout(() => {
        const socket = (this as unknown as { connection: { stream: { destroy(err: Error): void } } })
          .connection.stream;
        socket.destroy(
          Object.assign(
            new Error(`the postgres server did not answer within ${timeoutMs} ms (connectTimeoutMs)`),
            { code: CONNECT_TIMEOUT },
          ),
        );
      }, timeoutMs);
      timer.unref();
      if (!callback) return super.connect().finally(() => clearTimeout(timer));
      super.connect(((err: Error) => {
        clearTimeout(timer);
        (callback as (err: Error) => void)(err);
      }) as ConnectCallback);
      return undefined;
    }
  } as unknown as typeof pg.Client;
}

/**
 * Type parsers that give one meaning on every database: plain TIMESTAMP is read as UTC (pg
 * would read it as local time), BIGINT as a number when exact, DATE as its text.
 */
function postgresTypes(pgModule: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (format !== 'binary') {
        if (oid === OID_TIMESTAMP) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
        if (oid === OID_INT8) return parseInt64;
        if (oid === OID_DATE) return (text: string) => text;
      }
      return pgModule.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}
