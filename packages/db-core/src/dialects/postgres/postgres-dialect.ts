import type { TransactionOptions } from '../../executor.js';
import { onConflictDoNothing, onConflictDoUpdate } from '../conflict-clauses.js';
import type { Dialect } from '../dialect.js';
import { classifyPostgresError } from './postgres-errors.js';
import { postgresLexer } from './postgres-lexer.js';
import { PostgresPool } from './postgres-pool.js';
import { POSTGRES_TLS_NAMES } from './postgres-tls.js';

/** PostgreSQL through pg: numbered placeholders, RETURNING, transactional DDL. */
export const postgresDialect: Dialect = {
  driver: 'postgres',
  sqlLexer: postgresLexer,
  supportsReturning: true,
  supportsTransactionPooler: true,
  supportsTransactionalDdl: true,
  placeholder: (index) => `$${index}`,
  onConflictUpdate: onConflictDoUpdate,
  onConflictIgnore: onConflictDoNothing,
  insertSkippingDuplicates: { verb: 'INSERT INTO', tail: 'ON CONFLICT DO NOTHING' },
  lockRowsClause: 'FOR UPDATE',
  beginStatements(options: TransactionOptions) {
    let sql = 'BEGIN';
    if (options.isolationLevel) sql += ` ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}`;
    if (options.readOnly) sql += ' READ ONLY';
    return [sql];
  },
  afterTransactionStatements: () => [],
  // Caught up means replayed up to the primary's position read just before, so a standby cut
  // off from its primary is not taken for an idle one. Otherwise the lag is the age of the last
  // transaction replayed: an estimate, and NULL (unknown) when none was replayed since it started.
  replicaLag: {
    primaryPosition: 'SELECT CAST(pg_current_wal_lsn() AS text) AS position',
    replicaLag: `SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn) THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000
      END AS lag_ms`,
  },
  tlsUrlNames: POSTGRES_TLS_NAMES,
  classifyError: classifyPostgresError,
  createPool: (config) => PostgresPool.open(config),
};
