import type { TransactionOptions } from '../../executor.js';
import { onConflictDoNothing, onConflictDoUpdate } from '../conflict-clauses.js';
import type { Dialect } from '../dialect.js';
import { classifyPostgresError } from './postgres-errors.js';
import { PostgresPool } from './postgres-pool.js';

/** PostgreSQL through pg: numbered placeholders, RETURNING, transactional DDL. */
export const postgresDialect: Dialect = {
  driver: 'postgres',
  scanRules: { backslashEscapes: false, backtickIdentifiers: false, hashComments: false, dollarQuotes: true },
  supportsReturning: true,
  supportsTransactionalDdl: true,
  placeholder: (index) => `$${index}`,
  onConflictUpdate: onConflictDoUpdate,
  onConflictIgnore: onConflictDoNothing,
  lockRowsClause: 'FOR UPDATE',
  beginStatements(options: TransactionOptions) {
    let sql = 'BEGIN';
    if (options.isolationLevel) sql += ` ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}`;
    if (options.readOnly) sql += ' READ ONLY';
    return [sql];
  },
  afterTransactionStatements: () => [],
  classifyError: classifyPostgresError,
  createPool: (config) => PostgresPool.open(config),
};
