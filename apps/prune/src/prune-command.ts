import {
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
import {
  checkPruneJobRunsOptions,
  checkPruneStatsOptions,
  countPrunableJobRuns,
  countPrunableStats,
  type PruneJobRunsOptions,
  pruneJobRuns,
  pruneStats,
} from '@itinerary/db-queries';
import { status } from '@itinerary/db-schema';
import { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
import { createProgress } from './progress.js';
import { PruneRefusedError } from './prune-refused-error.js';

/** The flags of `itinerary-prune`, parsed (ages in milliseconds). */
export interface PruneFlags extends ConnectionFlags {
  keepSuccessful?: number;
  keepFailed?: number;
  olderThan?: number;
  statsOlderThan?: number;
  batchSize: number;
  dryRun?: boolean;
  json?: boolean;
}

/** What a run deleted, or with `--dry-run` would delete. */
interface PruneSummary {
  dryRun: boolean;
  jobRunsDeleted?: number;
  statsPeriodsDeleted?: number;
  orchestratorStatsDeleted?: number;
  elapsedMs: number;
}

const number = (n: number) => n.toLocaleString('en-US');

/**
 * Runs `itinerary-prune`: checks the rules before connecting, refuses a database without the
 * Itinerary schema, prunes job runs and then stats (or counts them with `--dry-run`), prints a
 * summary and maps any failure to an exit code. SIGINT or SIGTERM stops it after the batch in
 * progress (exit 7); what was deleted stays deleted and a second run carries on.
 */
export async function runPrune(flags: PruneFlags, now: Date = new Date()): Promise<ExitCode> {
  const started = performance.now();
  const json = flags.json === true;
  const dryRun = flags.dryRun === true;
  let reporter = createReporter(json, []);
  let db: Database | undefined;
  const stopping = stopOnSignals((message) => reporter.info(message), 'the batch in progress');
  try {
    const ago = (ms: number | undefined) => (ms === undefined ? undefined : new Date(now.getTime() - ms));
    const runRules: PruneJobRunsOptions = {
      keepSuccessful: flags.keepSuccessful,
      keepFailed: flags.keepFailed,
      olderThan: ago(flags.olderThan),
      batchSize: flags.batchSize,
    };
    const statsBefore = ago(flags.statsOlderThan);
    const prunesRuns =
      runRules.keepSuccessful !== undefined ||
      runRules.keepFailed !== undefined ||
      runRules.olderThan !== undefined;
    if (!prunesRuns && statsBefore === undefined) {
      throw new UsageError(
        'no retention rule given: set --keep-successful, --keep-failed, --older-than or --stats-older-than',
      );
    }
    if (prunesRuns) checkPruneJobRunsOptions(runRules);
    if (statsBefore !== undefined)
      checkPruneStatsOptions({ olderThan: statsBefore, batchSize: flags.batchSize });

    const target = connectionFrom(flags);
    reporter = createReporter(json, secretsOf(target));
    reporter.event(
      'start',
      {
        command: 'prune',
        database: describeTarget(target),
        dryRun,
        keepSuccessful: runRules.keepSuccessful ?? null,
        keepFailed: runRules.keepFailed ?? null,
        runsScheduledBefore: runRules.olderThan?.toISOString() ?? null,
        statsEndedBefore: statsBefore?.toISOString() ?? null,
        batchSize: flags.batchSize,
      },
      `itinerary-prune: ${describeTarget(target)}${dryRun ? ' (dry run: nothing is deleted)' : ''}`,
    );
    db = await openTarget(target);
    await assertMigrated(db);

    const progress = createProgress(json, reporter);
    const summary: PruneSummary = { dryRun, elapsedMs: 0 };
    const { signal } = stopping;
    if (prunesRuns) {
      const result = dryRun
        ? await countPrunableJobRuns(db, { ...runRules, signal })
        : await pruneJobRuns(db, {
            ...runRules,
            signal,
            onBatch: ({ deleted }) => progress.update('job runs', deleted),
          });
      summary.jobRunsDeleted = result.deleted;
    }
    if (statsBefore !== undefined && !signal.aborted) {
      const result = dryRun
        ? await countPrunableStats(db, { olderThan: statsBefore })
        : await pruneStats(db, {
            olderThan: statsBefore,
            batchSize: flags.batchSize,
            signal,
            onBatch: ({ deleted }) => progress.update('scheduler stats', deleted),
          });
      summary.statsPeriodsDeleted = result.deleted;
      summary.orchestratorStatsDeleted = result.orchestratorStatsDeleted;
    }
    progress.stop();
    summary.elapsedMs = Math.round(performance.now() - started);
    reportSummary(reporter, summary);
    if (signal.aborted) {
      const what = dryRun
        ? 'interrupted: the counts above are partial'
        : 'interrupted: the rows counted above were deleted; run again to finish';
      reporter.error(what, {
        code: 'INTERRUPTED',
        exitCode: EXIT.interrupted,
      });
      return EXIT.interrupted;
    }
    return EXIT.ok;
  } catch (err) {
    const exitCode = exitCodeFor(err);
    reportFailure(reporter, err, exitCode);
    return exitCode;
  } finally {
    stopping.dispose();
    await db?.close().catch(() => undefined);
  }
}

/** Refuses a database with no Itinerary schema: there is nothing to prune, and the SQL would fail. */
async function assertMigrated(db: Database): Promise<void> {
  const s = await status(db);
  if (s.currentVersion === null) {
    throw new PruneRefusedError(
      'the database has no Itinerary schema (no migration applied): check the connection, or run `itinerary-migrate up`',
    );
  }
}

function reportSummary(reporter: Reporter, summary: PruneSummary): void {
  const verb = summary.dryRun ? 'would be deleted' : 'deleted';
  const lines: string[] = [];
  if (summary.jobRunsDeleted !== undefined) {
    lines.push(`job runs ${verb}: ${number(summary.jobRunsDeleted)} (with their constraint violations)`);
  }
  if (summary.statsPeriodsDeleted !== undefined) {
    lines.push(
      `scheduler stats periods ${verb}: ${number(summary.statsPeriodsDeleted)}, with ${number(summary.orchestratorStatsDeleted ?? 0)} orchestrator stats rows`,
    );
  }
  lines.push(`in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  reporter.event('summary', { ...summary }, lines.join('\n'));
}
