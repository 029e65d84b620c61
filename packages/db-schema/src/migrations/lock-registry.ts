import type { Database } from '@itinerary/db-core';
import type { MigrationLock } from './migration-lock.js';
import { mysqlLock } from './mysql-lock.js';
import { postgresLock, postgresTransactionLock } from './postgres-lock.js';
import { sqliteLock } from './sqlite-lock.js';

/** Each database's way of keeping deployers one at a time, chosen for how `db` connects. */
export function migrationLockFor(db: Database): MigrationLock {
  switch (db.driver) {
    case 'postgres':
      return db.config.poolerMode === 'transaction' ? postgresTransactionLock : postgresLock;
    case 'mysql':
      return mysqlLock;
    case 'sqlite3':
      return sqliteLock;
  }
}
