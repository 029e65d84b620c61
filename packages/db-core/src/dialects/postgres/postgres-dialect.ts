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
  // Nothing received but not yet replayed means caught up, even when the primary has been idle
  // for long (after a restart the receive position restarts at a segment start, behind replay);
  // otherwise the lag is the age of the last transaction replayed. Not streaming at all (receive
  // position NULL) counts as lagging by that age too.
  replicaLagQuery: `SELECT CASE
      WHEN NOT pg_is_in_recovery() THEN 0
      WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
      ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000
    END AS lag_ms`,
  classifyError: classifyPostgresError,
  createPool: (config) => PostgresPool.open(config),
};
