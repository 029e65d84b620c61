import {
  ConstraintError,
  DbError,
  DuplicateError,
  ForeignKeyError,
  TransactionConflictError,
} from '../../errors.js';

/** Maps a better-sqlite3 `SqliteError` to the layer's classes by its extended result code. */
export function classifySqliteError(err: unknown): DbError {
  if (err instanceof DbError) return err;
  const code =
    typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const details = { cause: err, code, driver: 'sqlite3' as const };
  switch (code) {
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return new DuplicateError(message, details);
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new ForeignKeyError(message, details);
    case 'SQLITE_CONSTRAINT_NOTNULL':
    case 'SQLITE_CONSTRAINT_CHECK':
    case 'SQLITE_CONSTRAINT':
      return new ConstraintError(message, details);
  }
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return new TransactionConflictError(message, details);
  }
  return new DbError(message, details);
}
