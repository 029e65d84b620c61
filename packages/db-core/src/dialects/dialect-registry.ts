import type { Driver } from '../driver.js';
import type { Dialect } from './dialect.js';
import { mysqlDialect } from './mysql/mysql-dialect.js';
import { postgresDialect } from './postgres/postgres-dialect.js';
import { sqliteDialect } from './sqlite/sqlite-dialect.js';

const DIALECTS: Record<Driver, Dialect> = {
  postgres: postgresDialect,
  mysql: mysqlDialect,
  sqlite3: sqliteDialect,
};

/** The dialect module of `driver`. */
export function dialectFor(driver: Driver): Dialect {
  return DIALECTS[driver];
}
