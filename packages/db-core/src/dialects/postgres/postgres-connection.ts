import { createHash } from 'node:crypto';
import type pg from 'pg';
import type PgCursor from 'pg-cursor';
import type { Row, SqlParam } from '../../executor.js';
import type { DriverConnection, RawResult } from '../dialect.js';
import { endsPostgresSession } from './postgres-errors.js';

const statementNames = new Map<string, string>();

/** A stable server-side statement name per SQL text, so each client prepares it once. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `it_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
    if (statementNames.size > 5000) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

function encodePostgresParam(value: SqlParam): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** One checked-out pg client. */
export class PostgresConnection implements DriverConnection {
  broken = false;
  lostError: unknown;
  readonly client: pg.PoolClient;
  readonly #Cursor: typeof PgCursor;
  readonly #namedStatements: boolean;

  /**
   * `namedStatements` is false behind a transaction-mode pooler: a statement prepared on one
   * server connection does not exist on the next one the pooler hands out.
   */
  constructor(client: pg.PoolClient, Cursor: typeof PgCursor, namedStatements: boolean) {
    this.client = client;
    this.#Cursor = Cursor;
    this.#namedStatements = namedStatements;
  }

  async run(sql: string, params: readonly SqlParam[], prepare: boolean): Promise<RawResult> {
    const values = params.map(encodePostgresParam);
    const config: pg.QueryConfig =
      prepare && this.#namedStatements
        ? { name: statementName(sql), text: sql, values }
        : { text: sql, values };
    let result: pg.QueryResult | pg.QueryResult[];
    try {
      result = (await this.client.query(config)) as pg.QueryResult | pg.QueryResult[];
    } catch (err) {
      this.#noteFailure(err);
      throw err;
    }
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return { rows: last?.rows ?? [], rowsAffected: last?.rowCount ?? 0, command: last?.command };
  }

  async *stream(sql: string, params: readonly SqlParam[], batchSize: number): AsyncIterable<Row[]> {
    const cursor = this.client.query(new this.#Cursor<Row>(sql, params.map(encodePostgresParam)));
    try {
      while (true) {
        const rows = await cursor.read(batchSize).catch((err: unknown) => {
          this.#noteFailure(err);
          throw err;
        });
        if (rows.length > 0) yield rows;
        if (rows.length < batchSize) break;
      }
    } finally {
      // Closing sends Close+Sync so the client is reusable. A broken client is destroyed
      // instead: its cursor would wait for a ReadyForQuery that a dead server never sends.
      if (!this.broken) await this.#closeCursor(cursor);
    }
  }

  /** Closes a cursor, giving up (the connection is then broken) when the connection dies first. */
  #closeCursor(cursor: PgCursor<Row>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.client.off('end', done);
        this.client.off('error', done);
        resolve();
      };
      this.client.on('end', done);
      this.client.on('error', done);
      cursor.close().then(done, (err: unknown) => {
        this.#noteFailure(err);
        done();
      });
    });
  }

  async ping(): Promise<void> {
    await this.run('SELECT 1', [], false);
  }

  destroy(): void {
    this.broken = true;
    // client.end() would wait for the server to close its side; a stopped server never does.
    (this.client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  /**
   * A backend terminated mid-statement answers with a FATAL error that rejects the query at
   * once, before the socket's 'end' event: without marking the connection here, it would go
   * back to the pool and fail the next caller with "Connection terminated unexpectedly".
   */
  #noteFailure(err: unknown): void {
    if (endsPostgresSession(err)) this.broken = true;
  }
}
