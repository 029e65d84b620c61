import { connectionLostMessage, lostErrorCode } from '../../broken-connection.js';
import {
  ConnectionError,
  ConstraintError,
  DbError,
  DuplicateError,
  ForeignKeyError,
  StatementTimeoutError,
  TransactionConflictError,
} from '../../errors.js';
import type { DriverConnection } from '../dialect.js';
import { SOCKET_ERROR_CODES } from '../postgres/postgres-errors.js';

const DUPLICATE = new Set([1062, 1586]);
const FOREIGN_KEY = new Set([1216, 1217, 1451, 1452]);
// NOT NULL, MySQL CHECK, MariaDB CHECK, a value too long or out of range for its column.
const CONSTRAINT = new Set([1048, 3819, 4025, 1406, 1264]);
// Deadlock, lock wait timeout.
const CONFLICT = new Set([1213, 1205]);
// MariaDB max_statement_time, MySQL max_execution_time.
const STATEMENT_TIMEOUT = new Set([1969, 3024]);
// Connection killed (MariaDB 1927, MySQL 4031), server gone away, lost connection.
const CONNECTION = new Set([1927, 4031, 2006, 2013, 1053]);
// The server's network layer failed mid-statement (ER_NET_*: a packet over max_allowed_packet,
// a read or write error or timeout): the statement is refused and the server closes the session.
const NETWORK = new Set([1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161]);

/**
 * True when the server has closed (or is closing) the connection after `err`: mysql2 flags
 * such errors `fatal`, except the server's own ER_NET_* reports, which it delivers as ordinary
 * errors just before the socket closes.
 */
export function endsMysqlSession(err: unknown): boolean {
  const e = (err ?? {}) as { errno?: unknown; fatal?: unknown };
  return (
    e.fatal === true || (typeof e.errno === 'number' && (NETWORK.has(e.errno) || CONNECTION.has(e.errno)))
  );
}

/** Maps a mysql2 error to the layer's classes by its errno (and by whether it was fatal). */
export function classifyMysqlError(err: unknown, conn?: DriverConnection): DbError {
  if (err instanceof DbError) return err;
  const e = (err ?? {}) as { errno?: unknown; code?: unknown; fatal?: unknown; message?: unknown };
  const errno = typeof e.errno === 'number' ? e.errno : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const details = {
    cause: err,
    code: code ?? (errno === undefined ? undefined : String(errno)),
    driver: 'mysql' as const,
  };
  if (errno !== undefined) {
    if (DUPLICATE.has(errno)) return new DuplicateError(message, details);
    if (FOREIGN_KEY.has(errno)) return new ForeignKeyError(message, details);
    if (CONSTRAINT.has(errno)) return new ConstraintError(message, details);
    if (CONFLICT.has(errno)) return new TransactionConflictError(message, details);
    if (STATEMENT_TIMEOUT.has(errno)) return new StatementTimeoutError(message, details);
    if (CONNECTION.has(errno)) return new ConnectionError(message, details);
  }
  if (
    e.fatal === true ||
    code === 'PROTOCOL_CONNECTION_LOST' ||
    (code !== undefined && SOCKET_ERROR_CODES.has(code)) ||
    conn?.broken
  ) {
    return new ConnectionError(connectionLostMessage(message, conn), {
      ...details,
      code: details.code ?? lostErrorCode(conn),
    });
  }
  return new DbError(message, details);
}
