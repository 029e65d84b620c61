import {
  addConnectionOptions,
  DEFAULT_DATABASE_URL,
  parseCommandLine,
  parseWholeNumber,
} from '@itinerary/cli-support';
import { Command } from 'commander';
import { parseAge } from './age.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { type PruneFlags, runPrune } from './prune-command.js';

// int32, as a CronJob's history limits are.
const MAX_KEEP = 2_147_483_647;
const MAX_BATCH = 10_000;

const HELP_AFTER = `
Rules (at least one; a run goes when any rule selects it):
  Per job, ordered by scheduled time, as a Kubernetes CronJob keeps its history: a run that
  finished with success is successful; every other finished run (failed, cancelled) counts as
  failed. --keep-successful and --keep-failed keep each job's newest N of each; --older-than
  deletes every finished run scheduled before that age. Pending and running runs are never
  deleted. A run's constraint violations go with it. --stats-older-than deletes the scheduler
  stats periods that ended before that age, with their orchestrator stats.
  An age is a whole number and a unit: s, m, h, d (days) or w (weeks), such as 30d.

Database:
  --database-url, else --driver with --dsn, else $DATABASE_URL, else ${DEFAULT_DATABASE_URL}
  (exactly as itinerary-migrate). Works through PgBouncer in transaction mode
  (--pooler-mode transaction).

How it deletes:
  In batches of --batch-size rows, each its own short transaction, so the scheduler's writes
  are never held up for long. SIGINT or SIGTERM stops it after the batch in progress; what was
  deleted stays deleted, and running it again carries on.

Output:
  A summary on stdout; with --dry-run, what would be deleted (nothing is). On a terminal, a
  progress line on stderr. With --json, stdout carries one JSON object per line (start,
  progress, summary, error). Passwords are never printed.

Exit codes:
  0  success
  1  unexpected failure (the database cannot be reached, a statement failed, ...)
  2  bad usage or configuration (nothing was deleted)
  3  the database has no Itinerary schema (nothing was deleted)
  7  interrupted by SIGINT or SIGTERM (after the batch in progress; run again to finish)

Examples:
  itinerary-prune --keep-successful 3 --keep-failed 1
  itinerary-prune --keep-successful 100 --keep-failed 100 --older-than 30d --stats-older-than 90d
  DATABASE_URL=postgres://app@db/itinerary itinerary-prune --older-than 30d --dry-run --json`;

/** Builds the `itinerary-prune` program; `done` receives the exit code of the run. */
export function buildProgram(done: (code: ExitCode) => void): Command {
  const program = new Command('itinerary-prune')
    .description(
      'Deletes old job runs and stats the way a Kubernetes CronJob keeps its history, in short batches: run it e.g. as a nightly CronJob.',
    )
    .showHelpAfterError()
    .addHelpText('after', HELP_AFTER);
  addConnectionOptions(program)
    .option(
      '--keep-successful <n>',
      "keep each job's newest n successful runs (a CronJob's successfulJobsHistoryLimit)",
      (v: string) => parseWholeNumber(v, '--keep-successful', 0, MAX_KEEP),
    )
    .option(
      '--keep-failed <n>',
      "keep each job's newest n failed or cancelled runs (failedJobsHistoryLimit)",
      (v: string) => parseWholeNumber(v, '--keep-failed', 0, MAX_KEEP),
    )
    .option(
      '--older-than <age>',
      'delete finished runs scheduled longer ago than this, e.g. 30d',
      (v: string) => parseAge(v, '--older-than'),
    )
    .option(
      '--stats-older-than <age>',
      'delete scheduler stats periods (and their orchestrator stats) that ended longer ago, e.g. 90d',
      (v: string) => parseAge(v, '--stats-older-than'),
    )
    .option(
      '--batch-size <n>',
      `rows per batch, each its own transaction (1 to ${MAX_BATCH})`,
      (v: string) => parseWholeNumber(v, '--batch-size', 1, MAX_BATCH),
      1000,
    )
    .option('--dry-run', 'count what would be deleted, and delete nothing')
    .option('--json', 'print one JSON event per line instead of text and progress')
    .action(async (flags: PruneFlags) => {
      done(await runPrune(flags));
    });
  return program;
}

/** Runs the command line and resolves to the process's exit code. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  const early = await parseCommandLine(program, argv);
  if (early !== undefined) return early;
  return code;
}
