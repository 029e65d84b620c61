import type { PoolConnection, ResultSetHeader } from 'mysql2';
import type { Row, SqlParam } from '../../executor.js';
import type { DriverConnection, RawResult } from '../dialect.js';
import { toMysqlDateTime } from '../value-encoding.js';

function encodeMysqlParam(value: SqlParam): unknown {
  // Dates are written as UTC text so the stored wall-clock time never depends on a time zone.
  if (value instanceof Date) return toMysqlDateTime(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** One checked-out mysql2 connection (callback API, wrapped in promises here). */
export class MysqlConnection implements DriverConnection {
  broken = false;
  readonly conn: PoolConnection;
  readonly createdAt = Date.now();

  constructor(conn: PoolConnection) {
    this.conn = conn;
  }

  run(sql: string, params: readonly SqlParam[], prepare: boolean): Promise<RawResult> {
    const values = params.map(encodeMysqlParam);
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, result: unknown) => {
        if (err) return reject(err);
        if (Array.isArray(result)) resolve({ rows: result as Row[], rowsAffected: result.length });
        else resolve({ rows: [], rowsAffected: (result as ResultSetHeader).affectedRows ?? 0 });
      };
      // `execute` uses a server-side prepared statement that mysql2 caches per connection.
      if (prepare) this.conn.execute({ sql, values }, done);
      else this.conn.query({ sql, values }, done);
    });
  }

  async *stream(sql: string, params: readonly SqlParam[], batchSize: number): AsyncIterable<Row[]> {
    const query = this.conn.execute({ sql, values: params.map(encodeMysqlParam) });
    // The stream pauses the socket when its buffer is full, so memory stays bounded.
    const rows = query.stream({ highWaterMark: batchSize, objectMode: true });
    let batch: Row[] = [];
    let finished = false;
    try {
      for await (const row of rows as AsyncIterable<Row | ResultSetHeader>) {
        if (!isRow(row)) continue;
        batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      finished = true;
      if (batch.length > 0) yield batch;
    } finally {
      // Stopping mid-result leaves unread rows on the wire; the connection cannot be reused.
      if (!finished) this.broken = true;
    }
  }

  ping(): Promise<void> {
    return new Promise((resolve, reject) => this.conn.ping((err) => (err ? reject(err) : resolve())));
  }
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !('affectedRows' in value && 'fieldCount' in value);
}
