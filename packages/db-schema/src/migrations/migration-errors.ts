import { DbError, type Driver } from '@itinerary/db-core';
import { HISTORY_TABLE } from './history-statements.js';

/** What a migration error is about: a version and its label (`0002_add_index`), when it concerns one. */
interface MigrationErrorOptions {
  driver: Driver;
  code: string;
  version?: number | undefined;
  cause?: unknown;
}

/**
 * Base class of every error the migration engine throws. `code` says which refusal it is
 * (stable, for the migrator's exit codes and JSON output); `version` names the migration.
 */
export class MigrationError extends DbError {
  override name = 'MigrationError';
  readonly version: number | undefined;

  constructor(message: string, options: MigrationErrorOptions) {
    super(message, { driver: options.driver, code: options.code, cause: options.cause });
    this.version = options.version;
  }
}

/** A migrations folder that cannot be used: missing, unreadable, a malformed name, a duplicate version. */
export class MigrationFileError extends MigrationError {
  override name = 'MigrationFileError';

  constructor(message: string, options: { driver: Driver; version?: number; cause?: unknown }) {
    super(message, { ...options, code: 'MIGRATION_FILE_INVALID' });
  }
}

/** An applied migration's file was edited (or renamed) after it was applied. */
export class MigrationChecksumError extends MigrationError {
  override name = 'MigrationChecksumError';

  constructor(details: {
    driver: Driver;
    version: number;
    appliedLabel: string;
    appliedChecksum: string;
    appliedAt: Date;
    fileLabel: string;
    filePath: string;
    fileChecksum: string;
  }) {
    const renamed =
      details.appliedLabel === details.fileLabel
        ? ''
        : ` (it was applied as ${details.appliedLabel}, the file for version ${details.version} is now ${details.fileLabel})`;
    super(
      `migration ${details.appliedLabel} was applied on ${details.appliedAt.toISOString()} with checksum ${short(details.appliedChecksum)}, but ${details.filePath} now has checksum ${short(details.fileChecksum)}${renamed}: an applied migration must never be edited. Restore the file to the content that was applied (from version control) and put the change in a new migration with a higher number.`,
      { driver: details.driver, version: details.version, code: 'MIGRATION_CHECKSUM_MISMATCH' },
    );
  }
}

/** An applied migration has no file any more. */
export class MigrationMissingError extends MigrationError {
  override name = 'MigrationMissingError';

  constructor(details: { driver: Driver; version: number; appliedLabel: string; dir: string }) {
    super(
      `migration ${details.appliedLabel} was applied to this database, but ${details.dir} has no file for version ${details.version}: restore ${details.appliedLabel}.sql from version control (applied migrations must stay in the folder).`,
      { driver: details.driver, version: details.version, code: 'MIGRATION_FILE_MISSING' },
    );
  }
}

/** The database holds a migration newer than every file: a newer release migrated it. */
export class MigrationUnknownVersionError extends MigrationError {
  override name = 'MigrationUnknownVersionError';

  constructor(details: {
    driver: Driver;
    version: number;
    appliedLabel: string;
    appliedAt: Date;
    newestFileLabel: string | undefined;
    dir: string;
  }) {
    const newest = details.newestFileLabel
      ? `the newest file in ${details.dir} is ${details.newestFileLabel}`
      : `${details.dir} has no migration files`;
    super(
      `the database holds migration ${details.appliedLabel} (applied ${details.appliedAt.toISOString()}), which this release does not know: ${newest}. The database was migrated by a newer release; deploy that release (or a newer one) instead of this one. Do not delete the history row to get past this: the schema would still be the newer one.`,
      { driver: details.driver, version: details.version, code: 'MIGRATION_UNKNOWN_VERSION' },
    );
  }
}

/** A migration file sits below the database's current version but was never applied. */
export class MigrationOrderError extends MigrationError {
  override name = 'MigrationOrderError';

  constructor(details: {
    driver: Driver;
    version: number;
    fileLabel: string;
    latestAppliedLabel: string;
    nextFree: string;
  }) {
    super(
      `migration ${details.fileLabel} is not applied, but the database already has the later migration ${details.latestAppliedLabel}: the file was added below the database's version (merged from a branch, perhaps), and applying it now would run migrations out of order. Renumber it above the applied ones (as ${details.nextFree}) and run again.`,
      { driver: details.driver, version: details.version, code: 'MIGRATION_OUT_OF_ORDER' },
    );
  }
}

/** What the engine knows about a migration that MySQL left half-applied. */
export interface PartialMigrationDetails {
  driver: Driver;
  version: number;
  label: string;
  statementsApplied: number;
  statementsTotal: number;
  /** The first statement not recorded as applied, from the file; undefined when the file is gone. */
  firstUnapplied: string | undefined;
  /** True when the file changed since the history row was written, so the statement shown may differ. */
  fileChanged: boolean;
  /** Checksum of the file as it is now, for marking the row applied by hand. */
  fileChecksum: string | undefined;
}

/** A MySQL migration stopped part-way: some statements committed, the rest did not run. */
export class MigrationPartialError extends MigrationError {
  override name = 'MigrationPartialError';
  readonly statementsApplied: number;
  readonly statementsTotal: number;

  constructor(details: PartialMigrationDetails) {
    super(`migration ${details.label} was left half-applied: ${partialExplanation(details)}`, {
      driver: details.driver,
      version: details.version,
      code: 'MIGRATION_PARTIAL',
    });
    this.statementsApplied = details.statementsApplied;
    this.statementsTotal = details.statementsTotal;
  }
}

/** A migration's SQL failed; the message says what was rolled back or left behind. */
export class MigrationFailedError extends MigrationError {
  override name = 'MigrationFailedError';

  constructor(message: string, options: { driver: Driver; version: number; cause: unknown }) {
    super(message, { ...options, code: 'MIGRATION_FAILED' });
  }
}

/** Another migrator held the lock for longer than `lockTimeoutMs`. */
export class MigrationLockTimeoutError extends MigrationError {
  override name = 'MigrationLockTimeoutError';
  readonly lockTimeoutMs: number;

  constructor(details: { driver: Driver; lockTimeoutMs: number; lockName: string }) {
    super(
      `could not take the migration lock (${details.lockName}) within ${details.lockTimeoutMs} ms: another migrator is running against this database. Wait for it to finish and run again, or raise lockTimeoutMs. A migrator that crashed does not keep the lock: it is released when its connection (or, for SQLite, its process) ends.`,
      { driver: details.driver, code: 'MIGRATION_LOCK_TIMEOUT' },
    );
    this.lockTimeoutMs = details.lockTimeoutMs;
  }
}

/** The run was cancelled through its AbortSignal; `applied` lists what it applied before stopping. */
export class MigrationCancelledError extends MigrationError {
  override name = 'MigrationCancelledError';
  readonly applied: readonly number[];

  constructor(details: {
    driver: Driver;
    stage: 'before-start' | 'lock-wait' | 'between-migrations';
    applied: readonly { version: number; label: string }[];
    remaining: number;
  }) {
    let what: string;
    if (details.stage === 'before-start') {
      what = 'the migration run was cancelled before it started; nothing was applied';
    } else if (details.stage === 'lock-wait') {
      what = 'the migration run was cancelled while waiting for the migration lock; nothing was applied';
    } else {
      const applied =
        details.applied.length === 0 ? 'no migration' : details.applied.map((m) => m.label).join(', ');
      what = `the migration run was cancelled after applying ${applied}; ${details.remaining} pending migration(s) were not started, and the lock was released`;
    }
    super(`${what}. Run the migrator again to apply the rest.`, {
      driver: details.driver,
      code: 'MIGRATION_CANCELLED',
    });
    this.applied = details.applied.map((m) => m.version);
  }
}

/**
 * Why a MySQL migration is half-applied and the two ways out. Shared by the refusal on the
 * next run and by the error of the run that failed, so both say the same thing.
 */
export function partialExplanation(details: PartialMigrationDetails): string {
  const { version, statementsApplied: done, statementsTotal: total } = details;
  const next = done + 1;
  let statement: string;
  if (details.firstUnapplied === undefined) {
    statement = `The file for version ${version} is missing, so statement ${next} cannot be shown; restore it from version control.`;
  } else {
    const caveat = details.fileChanged
      ? ' (the file has changed since this migration ran, so this may not be what ran)'
      : '';
    statement = `The first statement not recorded as applied is statement ${next}${caveat}:\n\n${indent(details.firstUnapplied)}\n`;
  }
  const markApplied =
    details.fileChecksum === undefined
      ? `UPDATE ${HISTORY_TABLE} SET status = 'applied', statements_applied = statements_total WHERE version = ${version}`
      : `UPDATE ${HISTORY_TABLE} SET status = 'applied', statements_applied = statements_total, checksum = '${details.fileChecksum}' WHERE version = ${version}`;
  return [
    `${done} of ${total} statement(s) were applied and committed before statement ${next} failed or the run was interrupted (MySQL commits DDL as it runs, so they cannot be rolled back automatically). If the run was interrupted, check whether statement ${next} took effect.`,
    statement,
    'Recover by hand, then run the migrator again:',
    `  either undo the ${done} applied statement(s), delete the history row (DELETE FROM ${HISTORY_TABLE} WHERE version = ${version}), fix the file if it is wrong, and rerun, which applies the whole file;`,
    `  or run statements ${next}-${total} yourself and mark the migration applied (${markApplied}).`,
  ].join('\n');
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
