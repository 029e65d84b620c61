import type { TransactionOptions } from '../../executor.js';
import { onDuplicateKeyKeep, onDuplicateKeyUpdate } from '../conflict-clauses.js';
import type { Dialect } from '../dialect.js';
import { classifyMysqlError } from './mysql-errors.js';
import { mysqlLexer } from './mysql-lexer.js';
import { MysqlPool } from './mysql-pool.js';
import { MYSQL_TLS_NAMES } from './mysql-tls.js';

/** MySQL and MariaDB through mysql2: `?` placeholders, no RETURNING, DDL commits implicitly. */
export const mysqlDialect: Dialect = {
  driver: 'mysql',
  sqlLexer: mysqlLexer,
  supportsReturning: false,
  supportsTransactionPooler: false,
  supportsTransactionalDdl: false,
  placeholder: () => '?',
  onConflictUpdate: (_conflict, update) => onDuplicateKeyUpdate(update),
  onConflictIgnore: onDuplicateKeyKeep,
  insertSkippingDuplicates: { verb: 'INSERT IGNORE INTO', tail: '' },
  lockRowsClause: 'FOR UPDATE',
  beginStatements(options: TransactionOptions) {
    const statements: string[] = [];
    // Without SESSION/GLOBAL this applies to the next transaction only.
    if (options.isolationLevel)
      statements.push(`SET TRANSACTION ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}`);
    statements.push(options.readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION');
    return statements;
  },
  afterTransactionStatements: () => [],
  replicaLag: undefined,
  tlsUrlNames: MYSQL_TLS_NAMES,
  classifyError: classifyMysqlError,
  createPool: (config) => MysqlPool.open(config),
};
