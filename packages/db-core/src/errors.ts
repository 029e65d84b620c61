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

/** Which key a duplicate collided on, and the row that already holds it, where the caller knows. */
export interface DuplicateDetails {
  /** The columns of the key that collided, e.g. `['run_id']` or `['job_id', 'scheduled_at']`. */
  key?: readonly string[] | undefined;
  /** Identifying values of the row that already holds the key, e.g. `{ runId: '…' }`. */
  existing?: Readonly<Record<string, unknown>> | undefined;
}

/** An insert or update hit a primary key or unique index. */
export class DuplicateError extends DbError {
  override name = 'DuplicateError';
  /** The columns of the key that collided, when known (set by repositories that look it up). */
  readonly key: readonly string[] | undefined;
  /** The row that already holds the key, when known. */
  readonly existing: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: { cause?: unknown } & DbErrorDetails & DuplicateDetails = {}) {
    super(message, options);
    this.key = options.key;
    this.existing = options.existing;
  }
}

/**
 * An update carried the version it was based on (the row's `updatedAt` as read), and the row has
 * changed since: writing it would silently undo the other change, so nothing was written.
 */
export class LostUpdateError extends DbError {
  override name = 'LostUpdateError';
  /** The version the update was based on. */
  readonly expected: Date;
  /** The row's version now. */
  readonly actual: Date;

  constructor(message: string, options: { cause?: unknown; expected: Date; actual: Date } & DbErrorDetails) {
    super(message, options);
    this.expected = options.expected;
    this.actual = options.actual;
  }
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

/** True when `err` is a `LostUpdateError`; false for null, undefined and anything else. */
export function isLostUpdate(err: unknown): err is LostUpdateError {
  return err instanceof LostUpdateError;
}

/** True when re-running the whole transaction may succeed (deadlock, serialization failure). */
export function isRetryable(err: unknown): err is TransactionConflictError {
  return err instanceof TransactionConflictError;
}
