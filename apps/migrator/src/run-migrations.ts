import type { Database } from '@itinerary/db-core';
import { type MigrateOptions, type MigrateResult, migrate } from '@itinerary/db-schema';

/**
 * Applies the packaged migrations to `db`, for services that migrate at start-up (the
 * spec's `migrator.RunMigrations`). The same lock as the command makes concurrent starts safe.
 */
export function runMigrations(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate(db, options);
}
