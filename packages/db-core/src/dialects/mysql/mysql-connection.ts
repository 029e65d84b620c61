import type { FieldPacket, PoolConnection, ResultSetHeader } from 'mysql2';
import type { Row, SqlParam } from '../../executor.js';
import type { DriverConnection, RawResult } from '../dialect.js';
import { toMysqlDateTime } from '../value-encoding.js';
import { endsMysqlSession } from './mysql-errors.js';
import { mysqlRowDecoder } from './mysql-row-decoder.js';

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
  lostError: unknown;
  readonly conn: PoolConnection;
  readonly createdAt = Date.now();

  constructor(conn: PoolConnection) {
    this.conn = conn;
  }

  run(sql: string, params: readonly SqlParam[], prepare: boolean): Promise<RawResult> {
    const values = params.map(encodeMysqlParam);
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, result: unknown, fields?: FieldPacket[]) => {
        if (err) {
          // The server closes the connection after these: it must not go back to the pool.
          if (endsMysqlSession(err)) this.broken = true;
          return reject(err);
        }
        if (Array.isArray(result)) {
          const decode = mysqlRowDecoder(fields);
          if (decode) for (const row of result as Row[]) decode(row);
          resolve({ rows: result as Row[], rowsAffected: result.length });
        } else resolve({ rows: [], rowsAffected: (result as ResultSetHeader).affectedRows ?? 0 });
      };
      // `execute` uses a server-side prepared statement that mysql2 caches per connection.
      if (prepare) this.conn.execute({ sql, values }, done);
      else this.conn.query({ sql, values }, done);
    });
  }

  async *stream(sql: string, params: readonly SqlParam[], batchSize: number): AsyncIterable<Row[]> {
    const query = this.conn.execute({ sql, values: params.map(encodeMysqlParam) });
    // The stream pauses the socket when its buffer is full, so memory stays bounded.
    let decode: ((row: Row) => void) | undefined;
    query.on('fields', (fields: FieldPacket[]) => {
      decode = mysqlRowDecoder(fields);
    });
    const rows = query.stream({ highWaterMark: batchSize, objectMode: true });
    // mysql2 tells only the connection, not a command without a callback, that the server
    // went away: without this the loop would wait for the next row forever.
    const lost = (err: unknown) => {
      this.broken = true;
      rows.destroy(err instanceof Error ? err : connectionClosed());
    };
    // The socket's end comes just before mysql2's own error; wait a moment for it, so the
    // caller gets the driver's error, then give up with an equivalent one.
    let fallback: NodeJS.Timeout | undefined;
    const ended = () => {
      fallback = setTimeout(() => lost(undefined), 500);
    };
    this.conn.on('error', lost);
    this.conn.on('end', ended);
    let batch: Row[] = [];
    let finished = false;
    try {
      for await (const row of rows as AsyncIterable<Row | ResultSetHeader>) {
        if (!isRow(row)) continue;
        decode?.(row);
        batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      finished = true;
      if (batch.length > 0) yield batch;
    } finally {
      clearTimeout(fallback);
      this.conn.off('error', lost);
      this.conn.off('end', ended);
      // Stopping mid-result leaves unread rows on the wire; the connection cannot be reused.
      if (!finished) this.broken = true;
    }
  }

  destroy(): void {
    this.broken = true;
    // conn.destroy() only half-closes the socket and waits for the server; a stopped one never answers.
    (this.conn as unknown as { stream: { destroy(): void } }).stream.destroy();
  }

  /** MySQL and MariaDB roll a whole transaction back by themselves on a deadlock, for one. */
  async inTransaction(): Promise<boolean> {
    const { rows } = await this.run('SELECT @@in_transaction AS open', [], false);
    return Number(rows[0]?.open) === 1;
  }

  ping(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.conn.ping((err) => {
        if (err && endsMysqlSession(err)) this.broken = true;
        return err ? reject(err) : resolve();
      }),
    );
  }
}

/** The error mysql2 gives a command on a connection the server closed, for a stream that got none. */
function connectionClosed(): Error {
  return Object.assign(new Error('Connection lost: The server closed the connection.'), {
    code: 'PROTOCOL_CONNECTION_LOST',
    fatal: true,
  });
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !('affectedRows' in value && 'fieldCount' in value);
}
