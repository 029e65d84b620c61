export type { Config, PoolerMode, ResolvedConfig } from './config.js';
export { DEFAULTS } from './config.js';
export {
  type ConnectionSources,
  type ConnectionTarget,
  describeConnection,
  parseDatabaseUrl,
  redactDsn,
  resolveConnection,
} from './connection-url.js';
export { Database } from './database.js';
export type { Dialect, DriverConnection, DriverPool, PoolStats, RawResult } from './dialects/dialect.js';
export { dialectFor } from './dialects/dialect-registry.js';
export { DRIVERS, type Driver, isDriver } from './driver.js';
export {
  ConnectionError,
  ConstraintError,
  DbError,
  type DbErrorDetails,
  type DuplicateDetails,
  DuplicateError,
  ForeignKeyError,
  isDuplicate,
  isForeignKey,
  isLostUpdate,
  isNotFound,
  isRetryable,
  LostUpdateError,
  NotFoundError,
  PoolTimeoutError,
  StatementTimeoutError,
  TlsError,
  type TlsRefusal,
  TransactionConflictError,
  UsageError,
} from './errors.js';
export type {
  ExecResult,
  Executor,
  IsolationLevel,
  IterateOptions,
  QueryOptions,
  RetryPolicy,
  Row,
  SqlParam,
  Transaction,
  TransactionOptions,
} from './executor.js';
export { open, openWithConfig } from './open.js';
export { PinnedConnection } from './pinned-connection.js';
export type { QueryEvent } from './query-event.js';
export { ReadOnlyExecutor } from './read-only-executor.js';
export type { ReplicaHealth } from './replica-set.js';
export {
  type ForeignParameter,
  type PlaceholderScan,
  type SqlLexer,
  splitStatements,
} from './sql-scanner.js';
export { TLS_MODES, type TlsConfig, type TlsMode } from './tls-settings.js';
