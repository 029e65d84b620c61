import type { Config } from './config.js';
import { Database } from './database.js';
import type { Driver } from './driver.js';

/** Opens `driver` at `dsn` with the default pool settings. */
export function open(driver: Driver, dsn: string): Promise<Database> {
  return Database.open({ driver, dsn });
}

/** Opens a database with explicit pool, timeout and hook settings. */
export function openWithConfig(config: Config): Promise<Database> {
  return Database.open(config);
}
