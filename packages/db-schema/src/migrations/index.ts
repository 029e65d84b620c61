export { HISTORY_TABLE as MIGRATION_HISTORY_TABLE } from './history-statements.js';
export { loadMigrations } from './load-migrations.js';
export { migrate } from './migrate.js';
export {
  MigrationCancelledError,
  MigrationChecksumError,
  MigrationError,
  MigrationFailedError,
  MigrationFileError,
  MigrationLockTimeoutError,
  MigrationMissingError,
  MigrationOrderError,
  MigrationPartialError,
  MigrationUnknownVersionError,
} from './migration-errors.js';
export type { MigrationEvent } from './migration-events.js';
export type {
  AppliedMigration,
  AppliedMigrationReport,
  MigrateOptions,
  MigrateResult,
  Migration,
  MigrationProblem,
  MigrationStatus,
  MigrationsDirOptions,
  PendingMigration,
  PlannedMigration,
  StatusOptions,
} from './migration-types.js';
export { defaultMigrationsDir } from './migrations-dir.js';
export { status } from './status.js';
