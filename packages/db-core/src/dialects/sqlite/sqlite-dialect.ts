import type { TransactionOptions } from '../../executor.js';
import { onConflictDoNothing, onConflictDoUpdate } from '../conflict-clauses.js';
import type { Dialect } from '../dialect.js';
import { classifySqliteError } from './sqlite-errors.js';
import { sqliteLexer } from './sqlite-lexer.js';
import { SqlitePool } from './sqlite-pool.js';

/**
 * SQLite through better-sqlite3. Every transaction is serializable, which satisfies any
 * requested isolation level, so the level is accepted and needs no statement. Write
 * transactions begin IMMEDIATE so the write lock is taken (or waited for, up to the busy
 * timeout) at BEGIN rather than failing with SQLITE_BUSY at the first write.
 */
export const sqliteDialect: Dialect = {
  driver: 'sqlite3',
  sqlLexer: sqliteLexer,
  supportsReturning: true,
  supportsTransactionPooler: false,
  supportsTransactionalDdl: true,
  placeholder: () => '?',
  onConflictUpdate: onConflictDoUpdate,
  onConflictIgnore: onConflictDoNothing,
  insertSkippingDuplicates: { verb: 'INSERT INTO', tail: 'ON CONFLICT DO NOTHING' },
  lockRowsClause: '',
  beginStatements(options: TransactionOptions) {
    return options.readOnly ? ['PRAGMA query_only = ON', 'BEGIN DEFERRED'] : ['BEGIN IMMEDIATE'];
  },
  afterTransactionStatements(options: TransactionOptions) {
    return options.readOnly ? ['PRAGMA query_only = OFF'] : [];
  },
  replicaLag: undefined,
  tlsUrlNames: undefined,
  classifyError: classifySqliteError,
  createPool: (config) => SqlitePool.open(config),
};
