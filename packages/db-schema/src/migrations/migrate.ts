import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type Database, type Driver, type Executor, UsageError } from '@itinerary/db-core';
import { applyStepwise } from './apply-stepwise.js';
import { applyTransactional } from './apply-transactional.js';
import { checkHistory } from './history-check.js';
import { ensureHistoryTable, readHistory, readHistoryIfPresent } from './history-table.js';
import { loadMigrations } from './load-migrations.js';
import { migrationLockFor } from './lock-registry.js';
import { MigrationCancelledError, type MigrationError } from './migration-errors.js';
import { eventSink, type MigrationEvent } from './migration-events.js';
import type {
  AppliedMigrationReport,
  MigrateOptions,
  MigrateResult,
  Migration,
  PlannedMigration,
} from './migration-types.js';
import { resolveMigrationsDir } from './migrations-dir.js';

const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

interface RunPlan {
  driver: Driver;
  dir: string;
  migrations: Migration[];
  target: number | undefined;
  signal: AbortSignal | undefined;
  emit: (event: MigrationEvent) => void;
}

interface RunOutcome {
  planned: Migration[];
  applied: AppliedMigrationReport[];
  currentVersion: number | null;
  /** Set when a migration failed; thrown once the lock is released and earlier work committed. */
  failure?: unknown;
  cancelled?: boolean;
}

/**
 * Applies the pending migrations in version order, up to `options.target`, holding the
 * database's migration lock so concurrent deployers take turns; `dryRun` lists them instead.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const driver = db.driver;
  const { target, lockTimeoutMs, dryRun, signal } = checkOptions(options);
  const emit = eventSink(options.onEvent);
  if (signal?.aborted)
    throw new MigrationCancelledError({ driver, stage: 'before-start', applied: [], remaining: 0 });
  const dir = resolveMigrationsDir(driver, options.migrationsDir);
  const migrations = await loadMigrations(driver, { migrationsDir: dir });
  checkTarget(dir, migrations, target);
  const plan: RunPlan = { driver, dir, migrations, target, signal, emit };

  let outcome: RunOutcome;
  if (dryRun) {
    // Writes nothing, so it takes no lock; a run that starts meanwhile may change the answer.
    const check = checkHistory(driver, dir, migrations, await readHistoryIfPresent(db));
    refuse(check.problems);
    outcome = { planned: upTo(check.pending, target), applied: [], currentVersion: check.currentVersion };
  } else {
    const lock = migrationLockFor(db);
    outcome = await db.withConnection((conn) =>
      lock.withLock(conn, { driver, lockTimeoutMs, signal, emit }, (executor) => runLocked(executor, plan)),
    );
    if (outcome.failure !== undefined) throw outcome.failure;
    if (outcome.cancelled) {
      throw new MigrationCancelledError({
        driver,
        stage: 'between-migrations',
        applied: outcome.applied,
        remaining: outcome.planned.length - outcome.applied.length,
      });
    }
  }

  const durationMs = Math.round(performance.now() - started);
  emit({
    type: 'done',
    dryRun,
    planned: outcome.planned.length,
    applied: outcome.applied.length,
    currentVersion: outcome.currentVersion,
    durationMs,
  });
  return {
    driver,
    dryRun,
    migrationsDir: dir,
    planned: outcome.planned.map(toPlanned),
    applied: outcome.applied,
    currentVersion: outcome.currentVersion,
    durationMs,
  };
}

/**
 * The run proper, on the lock's executor. The history is read only now, under the lock,
 * because another deployer may have migrated while this one waited. A failing migration is
 * returned rather than thrown so that, on SQLite, the migrations before it still commit.
 */
async function runLocked(executor: Executor, plan: RunPlan): Promise<RunOutcome> {
  await ensureHistoryTable(executor);
  const check = checkHistory(plan.driver, plan.dir, plan.migrations, await readHistory(executor));
  refuse(check.problems);
  const planned = upTo(check.pending, plan.target);
  const apply = executor.dialect.supportsTransactionalDdl ? applyTransactional : applyStepwise;
  const applied: AppliedMigrationReport[] = [];
  let currentVersion = check.currentVersion;
  for (const migration of planned) {
    // A synchronous driver (better-sqlite3) never lets the event loop run between statements,
    // so a SIGTERM handler could not abort the signal before the next migration started.
    await yieldToEventLoop();
    if (plan.signal?.aborted) return { planned, applied, currentVersion, cancelled: true };
    plan.emit({
      type: 'migration-start',
      version: migration.version,
      name: migration.name,
      label: migration.label,
      statements: migration.statements.length,
    });
    let report: AppliedMigrationReport;
    try {
      report = await apply(executor, migration);
    } catch (failure) {
      return { planned, applied, currentVersion, failure };
    }
    applied.push(report);
    currentVersion = migration.version;
    plan.emit({
      type: 'migration-applied',
      version: report.version,
      name: report.name,
      label: report.label,
      durationMs: report.durationMs,
    });
  }
  return { planned, applied, currentVersion };
}

/** Throws the most urgent problem, mentioning that there are more. */
function refuse(problems: readonly MigrationError[]): void {
  const first = problems[0];
  if (!first) return;
  if (problems.length > 1) {
    first.message += `\n(${problems.length - 1} more problem(s) besides this one: the migrator's status lists them all.)`;
  }
  throw first;
}

function upTo(pending: readonly Migration[], target: number | undefined): Migration[] {
  return target === undefined ? [...pending] : pending.filter((m) => m.version <= target);
}

function toPlanned(m: Migration): PlannedMigration {
  return {
    version: m.version,
    name: m.name,
    label: m.label,
    fileName: m.fileName,
    checksum: m.checksum,
    sql: m.sql,
    statements: [...m.statements],
  };
}

function checkOptions(options: MigrateOptions): {
  target: number | undefined;
  lockTimeoutMs: number;
  dryRun: boolean;
  signal: AbortSignal | undefined;
} {
  if (typeof options !== 'object' || options === null)
    throw new UsageError('migrate options must be an object');
  const { target, lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS, dryRun = false, signal, onEvent } = options;
  if (target !== undefined && (!Number.isInteger(target) || target < 1)) {
    throw new UsageError(
      `target must be a migration version (a positive integer), got ${JSON.stringify(target)}`,
    );
  }
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 0) {
    throw new UsageError(
      `lockTimeoutMs must be a non-negative integer, got ${JSON.stringify(lockTimeoutMs)}`,
    );
  }
  if (typeof dryRun !== 'boolean')
    throw new UsageError(`dryRun must be a boolean, got ${JSON.stringify(dryRun)}`);
  if (signal !== undefined && typeof signal?.aborted !== 'boolean')
    throw new UsageError('signal must be an AbortSignal');
  if (onEvent !== undefined && typeof onEvent !== 'function')
    throw new UsageError('onEvent must be a function');
  return { target, lockTimeoutMs, dryRun, signal };
}

function checkTarget(dir: string, migrations: readonly Migration[], target: number | undefined): void {
  if (target === undefined || migrations.some((m) => m.version === target)) return;
  const known =
    migrations.length === 0 ? 'it has none' : `it has ${migrations.map((m) => m.label).join(', ')}`;
  throw new UsageError(`target version ${target} has no migration file in ${dir}: ${known}`);
}
