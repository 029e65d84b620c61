import type { Driver } from './driver.js';

/** Details a dialect extracts from a driver error, normalised across drivers. */
export interface DbErrorDetails {
  /** The driver's own error code (SQLSTATE on PostgreSQL, errno name on MySQL, SQLite's extended code). */
  code?: string | undefined;
  /** The constraint or index involved, when the driver reports it. */
  constraint?: string | undefined;
  /** The table involved, when the driver reports it. */
  table?: string | undefined;
  driver?: Driver | undefined;
}

/** Base class of every error the data layer throws; `cause` carries the driver's error. */
export class DbError extends Error {
  override name = 'DbError';
  readonly code: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly driver: Driver | undefined;

  constructor(message: string, options: { cause?: unknown } & DbErrorDetails = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.constraint = options.constraint;
    this.table = options.table;
    this.driver = options.driver;
  }
}

/** A row that was asked for by key does not exist. */
export class NotFoundError extends DbError {
  override name = 'NotFoundError';
}

/** An insert or update hit a primary key or unique index. */
export class DuplicateError extends DbError {
  override name = 'DuplicateError';
}

/** A reference points at a missing parent, or a delete would orphan restricted children. */
export class ForeignKeyError extends DbError {
  override name = 'ForeignKeyError';
}

/** Any other constraint (NOT NULL, CHECK, a column's length or range) refused the values. */
export class ConstraintError extends DbError {
  override name = 'ConstraintError';
}

/** The connection to the server failed or was lost; the work in flight did not complete. */
export class ConnectionError extends DbError {
  override name = 'ConnectionError';
}

/** Why a connection that asked for TLS was refused (see `TlsError`). */
export type TlsRefusal =
  | 'server-has-no-tls'
  | 'certificate-not-trusted'
  | 'host-name-mismatch'
  | 'handshake-failed';

/**
 * A connection whose TLS mode asks for TLS could not get it, so none was made: the server offers
 * no TLS, its certificate does not verify against the CA, it names another host, or the
 * handshake failed otherwise (e.g. the server refused the client certificate). Never retried
 * without TLS.
 */
export class TlsError extends ConnectionError {
  override name = 'TlsError';
  readonly reason: TlsRefusal;

  constructor(message: string, options: { cause?: unknown; reason: TlsRefusal } & DbErrorDetails) {
    super(message, options);
    this.reason = options.reason;
  }
}

/** No pooled connection became free within the acquire timeout. */
export class PoolTimeoutError extends DbError {
  override name = 'PoolTimeoutError';
}

/** The server cancelled a statement that ran past the statement timeout. */
export class StatementTimeoutError extends DbError {
  override name = 'StatementTimeoutError';
}

/**
 * A transaction lost to another (deadlock, serialization failure, lock wait timeout, SQLite
 * busy). Re-running the whole transaction may succeed: `retryable` is always true.
 */
export class TransactionConflictError extends DbError {
  override name = 'TransactionConflictError';
  readonly retryable = true;
}

/** The caller used the layer wrongly (bad parameters, a finished transaction, a closed database). */
export class UsageError extends DbError {
  override name = 'UsageError';
}

/** True when `err` is a `NotFoundError`; false for null, undefined and anything else. */
export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError;
}

/** True when `err` is a `DuplicateError`; false for null, undefined and anything else. */
export function isDuplicate(err: unknown): err is DuplicateError {
  return err instanceof DuplicateError;
}

/** True when `err` is a `ForeignKeyError`; false for null, undefined and anything else. */
export function isForeignKey(err: unknown): err is ForeignKeyError {
  return err instanceof ForeignKeyError;
}

/** True when re-running the whole transaction may succeed (deadlock, serialization failure). */
export function isRetryable(err: unknown): err is TransactionConflictError {
  return err instanceof TransactionConflictError;
}
