import {
  type AppConnectionTarget,
  type ConnectionFlags,
  connectionFrom,
  createReporter,
  describeTarget,
  openTarget,
  type Reporter,
  reportFailure,
  secretsOf,
  stopOnSignals,
} from '@itinerary/cli-support';
import { type Database, UsageError } from '@itinerary/db-core';
import { resetDb, seedTestData } from '@itinerary/db-queries/testing';
import { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
import { SEED_TABLES } from './generator/seed-tables.js';
import { syntheticDataSet } from './generator/synthetic-data-set.js';
import { insertBatches } from './insert/bulk-insert.js';
import { assertMigrated } from './migration-readiness.js';
import { createProgress, progressStyle } from './progress.js';
import { SeedRefusedError } from './seed-refused-error.js';
import { reportSummary, type SeedSummary } from './summary.js';
import { tablesWithRows } from './tables-with-rows.js';

/** The flags of `itinerary-seed`, parsed. */
export interface SeedFlags extends ConnectionFlags {
  fixtures?: boolean;
  jobs: number;
  runsPerJob: number;
  seed: number;
  reset?: boolean;
  yes?: boolean;
  json?: boolean;
  /** Synthetic options given on the command line (not defaulted), to refuse them with --fixtures. */
  explicitSynthetic: string[];
}

function checkReset(flags: SeedFlags, target: AppConnectionTarget): void {
  // A SQLite file is a developer's own; a server database may be shared, so deleting needs a yes.
  if (flags.reset && target.driver !== 'sqlite3' && !flags.yes) {
    throw new SeedRefusedError(
      'RESET_NOT_CONFIRMED',
      EXIT.resetNotConfirmed,
      `--reset would delete every row of every Itinerary table in ${describeTarget(target)}; ` +
        'on a PostgreSQL or MySQL database add --yes to confirm. Nothing was changed.',
    );
  }
}

async function prepare(db: Database, flags: SeedFlags, reporter: Reporter): Promise<void> {
  await assertMigrated(db);
  if (flags.reset) {
    await resetDb(db);
    reporter.event('reset', { tables: [...SEED_TABLES] }, 'emptied every Itinerary table (--reset)');
    return;
  }
  const occupied = await tablesWithRows(db);
  if (occupied.length > 0) {
    throw new SeedRefusedError(
      'DATABASE_NOT_EMPTY',
      EXIT.notEmpty,
      `the database already holds rows (in ${occupied.join(', ')}): pass --reset to empty every table first. Nothing was changed.`,
    );
  }
}

async function seedSynthetic(
  db: Database,
  flags: SeedFlags,
  reporter: Reporter,
  started: number,
): Promise<{ summary: SeedSummary; interrupted: boolean }> {
  const dataSet = syntheticDataSet({ jobs: flags.jobs, runsPerJob: flags.runsPerJob, seed: flags.seed });
  const expected = SEED_TABLES.reduce((sum, t) => sum + dataSet.expectedCounts[t], 0);
  reporter.event(
    'plan',
    { expectedRows: dataSet.expectedCounts, snapshotAt: dataSet.now.toISOString() },
    `writing ${flags.jobs.toLocaleString('en-US')} jobs with ${flags.runsPerJob} runs each (seed ${flags.seed}), about ${expected.toLocaleString('en-US')} rows`,
  );
  const progress = createProgress(progressStyle(flags.json === true), expected, reporter);
  const stopping = stopOnSignals((message) => reporter.info(message), 'the transaction in progress');
  try {
    const result = await insertBatches(db, dataSet.batches(), {
      signal: stopping.signal,
      onProgress: (p) => progress.update(p.total, p.table),
    });
    progress.stop(result.total);
    return {
      summary: {
        mode: 'synthetic',
        synthetic: { jobs: flags.jobs, runsPerJob: flags.runsPerJob, seed: flags.seed },
        tables: result.written,
        elapsedMs: Math.round(performance.now() - started),
        interrupted: result.interrupted,
      },
      interrupted: result.interrupted,
    };
  } finally {
    stopping.dispose();
  }
}

/**
 * Runs `itinerary-seed`: resolves the connection as the migrator does, refuses an unmigrated
 * or non-empty database (unless --reset), writes the fixtures or the synthetic set, prints a
 * summary, and maps any failure to an exit code. The database is closed whatever happens.
 */
export async function runSeed(flags: SeedFlags): Promise<ExitCode> {
  const started = performance.now();
  let reporter = createReporter(flags.json === true, []);
  let db: Database | undefined;
  try {
    if (flags.fixtures && flags.explicitSynthetic.length > 0) {
      throw new UsageError(
        `--fixtures writes the fixed fixture set: it takes no ${flags.explicitSynthetic.join(', ')}`,
      );
    }
    const target = connectionFrom(flags);
    reporter = createReporter(flags.json === true, secretsOf(target));
    const mode = flags.fixtures ? 'fixtures' : 'synthetic';
    reporter.event(
      'start',
      {
        command: 'seed',
        database: describeTarget(target),
        mode,
        reset: flags.reset === true,
        ...(flags.fixtures ? {} : { jobs: flags.jobs, runsPerJob: flags.runsPerJob, seed: flags.seed }),
      },
      `itinerary-seed: ${describeTarget(target)}`,
    );
    checkReset(flags, target);
    db = await openTarget(target);
    await prepare(db, flags, reporter);
    if (flags.fixtures) {
      const tables = await seedTestData(db);
      reportSummary(reporter, {
        mode: 'fixtures',
        tables,
        elapsedMs: Math.round(performance.now() - started),
      });
      return EXIT.ok;
    }
    const { summary, interrupted } = await seedSynthetic(db, flags, reporter, started);
    reportSummary(reporter, summary);
    if (interrupted) {
      reporter.error(
        'interrupted: the rows above were written and committed; run again with --reset to start over',
        {
          code: 'INTERRUPTED',
          exitCode: EXIT.interrupted,
        },
      );
      return EXIT.interrupted;
    }
    return EXIT.ok;
  } catch (err) {
    const exitCode = exitCodeFor(err);
    reportFailure(reporter, err, exitCode);
    return exitCode;
  } finally {
    await db?.close().catch(() => undefined);
  }
}
