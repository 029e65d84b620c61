import type { Driver } from '@itinerary/db-core';
import {
  MigrationChecksumError,
  type MigrationError,
  MigrationMissingError,
  MigrationOrderError,
  MigrationPartialError,
  MigrationUnknownVersionError,
} from './migration-errors.js';
import type { AppliedMigration, Migration } from './migration-types.js';

/** What comparing the files with the history found. */
export interface HistoryCheck {
  /** Files not in the history, in version order. */
  pending: Migration[];
  /** Every reason to refuse, most urgent first (a half-applied migration before anything else). */
  problems: MigrationError[];
  /** The highest version fully applied, null when none is. */
  currentVersion: number | null;
}

/** The label messages use for a history row, shaped like a file name without `.sql`. */
export function historyLabel(row: Pick<AppliedMigration, 'version' | 'name'>): string {
  return `${String(row.version).padStart(4, '0')}_${row.name}`;
}

/**
 * Compares the migration files with the history table: an applied file that changed or
 * vanished, a version the files do not know, a MySQL migration left half-applied, and a
 * new file numbered below what the database already has are each a problem.
 */
export function checkHistory(
  driver: Driver,
  dir: string,
  migrations: readonly Migration[],
  history: readonly AppliedMigration[],
): HistoryCheck {
  const files = new Map(migrations.map((m) => [m.version, m]));
  const applied = new Map(history.map((row) => [row.version, row]));
  const newestFile = migrations.at(-1);
  const partial: MigrationError[] = [];
  const others: MigrationError[] = [];

  for (const row of history) {
    const file = files.get(row.version);
    const label = historyLabel(row);
    if (row.status === 'partial') {
      partial.push(
        new MigrationPartialError({
          driver,
          version: row.version,
          label: file?.label ?? label,
          statementsApplied: row.statementsApplied,
          statementsTotal: row.statementsTotal,
          firstUnapplied: file?.statements[row.statementsApplied],
          fileChanged: file !== undefined && file.checksum !== row.checksum,
          fileChecksum: file?.checksum,
        }),
      );
    } else if (!file) {
      others.push(
        newestFile === undefined || row.version > newestFile.version
          ? new MigrationUnknownVersionError({
              driver,
              version: row.version,
              appliedLabel: label,
              appliedAt: row.appliedAt,
              newestFileLabel: newestFile?.label,
              dir,
            })
          : new MigrationMissingError({ driver, version: row.version, appliedLabel: label, dir }),
      );
    } else if (file.checksum !== row.checksum || file.name !== row.name) {
      others.push(
        new MigrationChecksumError({
          driver,
          version: row.version,
          appliedLabel: label,
          appliedChecksum: row.checksum,
          appliedAt: row.appliedAt,
          fileLabel: file.label,
          filePath: file.path,
          fileChecksum: file.checksum,
        }),
      );
    }
  }

  const pending = migrations.filter((m) => !applied.has(m.version));
  const latest = history.at(-1);
  if (latest) {
    let nextFree = Math.max(latest.version, newestFile?.version ?? 0) + 1;
    for (const m of pending) {
      if (m.version > latest.version) continue;
      others.push(
        new MigrationOrderError({
          driver,
          version: m.version,
          fileLabel: m.label,
          latestAppliedLabel: historyLabel(latest),
          nextFree: `${String(nextFree++).padStart(4, '0')}_${m.name}.sql`,
        }),
      );
    }
  }

  const done = history.filter((row) => row.status === 'applied');
  return {
    pending,
    problems: [...partial, ...others],
    currentVersion: done.length === 0 ? null : (done.at(-1) as AppliedMigration).version,
  };
}
