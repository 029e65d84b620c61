import type { Driver } from '@itinerary/db-core';
import type { MigrationEvent } from './migration-events.js';

/** One migration file, read and checked. */
export interface Migration {
  version: number;
  /** The snake_case part of the file name (`initial_schema`). */
  name: string;
  /** The file name without `.sql` (`0001_initial_schema`), as messages name it. */
  label: string;
  fileName: string;
  path: string;
  /** The file's text with a BOM removed and line endings normalised to LF. */
  sql: string;
  /** The statements of `sql`, in order, as the engine runs them. */
  statements: string[];
  /** sha256 (hex) of `sql`: one value for the same file saved with LF, CRLF or a BOM. */
  checksum: string;
}

/** Where to read migration files from. */
export interface MigrationsDirOptions {
  /**
   * The folder holding this dialect's `NNNN_name.sql` files. Defaults to the package's own
   * `migrations/<postgres|mysql|sqlite>/`.
   */
  migrationsDir?: string | URL;
}

/** Options of `migrate`. */
export interface MigrateOptions extends MigrationsDirOptions {
  /** Apply pending migrations up to and including this version only (default: all). */
  target?: number;
  /** List what would run, with its SQL, and change nothing (no lock, no history table). */
  dryRun?: boolean;
  /** How long to wait for another migrator to finish before giving up (default 30000). */
  lockTimeoutMs?: number;
  /** Stops the run between migrations (never inside one), releasing the lock. */
  signal?: AbortSignal;
  /** Progress for the migrator's output; an exception it throws is ignored. */
  onEvent?: (event: MigrationEvent) => void;
}

/** Options of `status`. */
export type StatusOptions = MigrationsDirOptions;

/** A row of the history table. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: Date;
  durationMs: number;
  /** `partial` only on MySQL, for a migration that stopped part-way (or is running now). */
  status: 'applied' | 'partial';
  statementsTotal: number;
  statementsApplied: number;
}

/** A migration file not applied yet. */
export interface PendingMigration {
  version: number;
  name: string;
  label: string;
  fileName: string;
  checksum: string;
}

/** A migration a run applies, or in a dry run would apply, with the SQL it runs. */
export interface PlannedMigration extends PendingMigration {
  sql: string;
  statements: string[];
}

/** A migration applied by a run. */
export interface AppliedMigrationReport {
  version: number;
  name: string;
  label: string;
  checksum: string;
  durationMs: number;
}

/** What `migrate` did (or in a dry run would do). */
export interface MigrateResult {
  driver: Driver;
  dryRun: boolean;
  migrationsDir: string;
  /** The pending migrations this run selected, in order: applied, or in a dry run to be applied. */
  planned: PlannedMigration[];
  /** The migrations this run applied (empty in a dry run). */
  applied: AppliedMigrationReport[];
  /** The highest applied version afterwards (in a dry run: now), null when none is. */
  currentVersion: number | null;
  durationMs: number;
}

/** A reason the engine would refuse to migrate, as `status` reports it. */
export interface MigrationProblem {
  /** The code of the error `migrate` would throw (`MIGRATION_CHECKSUM_MISMATCH`, …). */
  code: string;
  version: number;
  message: string;
}

/** What `status` reports. */
export interface MigrationStatus {
  driver: Driver;
  migrationsDir: string;
  /** The highest fully applied version, null when none is. */
  currentVersion: number | null;
  /** Every history row, in version order (a MySQL row may be `partial`). */
  applied: AppliedMigration[];
  /** Files not applied yet, in version order. */
  pending: PendingMigration[];
  /** Everything that makes `migrate` refuse; empty when it would run. */
  problems: MigrationProblem[];
  /**
   * True when another session holds the migration lock right now. A MySQL `partial` row is
   * then that run's work in progress and is not reported as a problem. Always false on
   * SQLite, whose runs are invisible until they commit.
   */
  locked: boolean;
}
