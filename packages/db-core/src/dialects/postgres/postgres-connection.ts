import { createHash } from 'node:crypto';
import type pg from 'pg';
import type PgCursor from 'pg-cursor';
import type { Row, SqlParam } from '../../executor.js';
import type { DriverConnection, RawResult } from '../dialect.js';

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
  readonly client: pg.PoolClient;
  readonly #Cursor: typeof PgCursor;

  constructor(client: pg.PoolClient, Cursor: typeof PgCursor) {
    this.client = client;
    this.#Cursor = Cursor;
  }

  async run(sql: string, params: readonly SqlParam[], prepare: boolean): Promise<RawResult> {
    const values = params.map(encodePostgresParam);
    const config: pg.QueryConfig = prepare
      ? { name: statementName(sql), text: sql, values }
      : { text: sql, values };
    const result = (await this.client.query(config)) as pg.QueryResult | pg.QueryResult[];
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return { rows: last?.rows ?? [], rowsAffected: last?.rowCount ?? 0, command: last?.command };
  }

  async *stream(sql: string, params: readonly SqlParam[], batchSize: number): AsyncIterable<Row[]> {
    const cursor = this.client.query(new this.#Cursor<Row>(sql, params.map(encodePostgresParam)));
    try {
      while (true) {
        const rows = await cursor.read(batchSize);
        if (rows.length > 0) yield rows;
        if (rows.length < batchSize) break;
      }
    } finally {
      // Closing sends Close+Sync so the client is reusable; on a dead socket it cannot be,
      // and the 'error' listener has already marked the connection broken.
      await cursor.close().catch(() => undefined);
    }
  }

  async ping(): Promise<void> {
    await this.client.query('SELECT 1');
  }
}
