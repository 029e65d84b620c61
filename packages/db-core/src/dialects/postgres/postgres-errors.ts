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

/** Node socket error codes that mean the connection itself failed. */
export const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // The layer's own: a connect or a statement the server never answered.
  'CONNECT_TIMEOUT',
  'SERVER_NOT_ANSWERING',
]);

/**
 * True when `err` ends the session: SQLSTATE class 08 (connection exception) or 57P (the
 * backend was terminated, the server is shutting down or starting up), a socket error, or a
 * FATAL/PANIC report (e.g. idle_in_transaction_session_timeout). The server closes the socket
 * right after such an error, so the client must never be lent out again.
 */
export function endsPostgresSession(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; severity?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  return (
    e.severity === 'FATAL' ||
    e.severity === 'PANIC' ||
    (code !== undefined && (code.startsWith('08') || code.startsWith('57P') || SOCKET_ERROR_CODES.has(code)))
  );
}

/** Maps a pg error to the layer's classes by SQLSTATE (and by the connection's state). */
export function classifyPostgresError(err: unknown, conn?: DriverConnection): DbError {
  if (err instanceof DbError) return err;
  const e = (err ?? {}) as { code?: unknown; constraint?: unknown; table?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const details = {
    cause: err,
    code,
    constraint: typeof e.constraint === 'string' ? e.constraint : undefined,
    table: typeof e.table === 'string' ? e.table : undefined,
    driver: 'postgres' as const,
  };
  switch (code) {
    case '23505':
      return new DuplicateError(message, details);
    case '23503':
      return new ForeignKeyError(message, details);
    case '23502':
    case '23514':
    case '22001': // a value too long for its column
    case '22003': // a number out of its column's range
      return new ConstraintError(message, details);
    case '40001':
    case '40P01':
    case '55P03':
      return new TransactionConflictError(message, details);
    case '57014':
      return new StatementTimeoutError(message, details);
  }
  // pg reports a dropped socket without a code; the connection's own 'error'/'end' event
  // has marked it broken by then, which is what makes this a connection failure.
  if (endsPostgresSession(err) || conn?.broken) {
    return new ConnectionError(connectionLostMessage(message, conn), {
      ...details,
      code: code ?? lostErrorCode(conn),
    });
  }
  return new DbError(message, details);
}
