import { fileURLToPath } from 'node:url';
import type { Driver } from '@itinerary/db-core';

/** The folder of each driver's files inside the package's `migrations/`. */
const DIALECT_FOLDERS: Record<Driver, string> = {
  postgres: 'postgres',
  mysql: 'mysql',
  sqlite3: 'sqlite',
};

// Two levels up from src/migrations/*.ts (under vitest) and from dist/migrations/*.js alike.
const PACKAGE_MIGRATIONS = new URL('../../migrations/', import.meta.url);

/** The package's own migrations folder for `driver` (`…/migrations/postgres`, `…/mysql`, `…/sqlite`). */
export function defaultMigrationsDir(driver: Driver): string {
  return fileURLToPath(new URL(`${DIALECT_FOLDERS[driver]}/`, PACKAGE_MIGRATIONS)).replace(/[\\/]$/, '');
}

/** The folder to read: the caller's override (a path or file URL) or the package's own. */
export function resolveMigrationsDir(driver: Driver, override: string | URL | undefined): string {
  if (override === undefined) return defaultMigrationsDir(driver);
  return override instanceof URL ? fileURLToPath(override) : override;
}
