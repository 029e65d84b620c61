import type { Driver } from '@itinerary/db-core';
import type { MigrationLock } from './migration-lock.js';
import { mysqlLock } from './mysql-lock.js';
import { postgresLock } from './postgres-lock.js';
import { sqliteLock } from './sqlite-lock.js';

/** Each database's way of keeping deployers one at a time. */
export const MIGRATION_LOCKS: Record<Driver, MigrationLock> = {
  postgres: postgresLock,
  mysql: mysqlLock,
  sqlite3: sqliteLock,
};
