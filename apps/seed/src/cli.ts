import {
  addConnectionOptions,
  DEFAULT_DATABASE_URL,
  parseCommandLine,
  parseWholeNumber,
} from '@itinerary/cli-support';
import { Command } from 'commander';
import { EXIT, type ExitCode } from './exit-codes.js';
import { MAX_JOBS, MAX_RUNS_PER_JOB, SYNTHETIC_DEFAULTS } from './generator/synthetic-data-set.js';
import { runSeed, type SeedFlags } from './seed-command.js';

const SYNTHETIC_OPTIONS = ['jobs', 'runsPerJob', 'seed'] as const;
const FLAG_NAMES: Record<(typeof SYNTHETIC_OPTIONS)[number], string> = {
  jobs: '--jobs',
  runsPerJob: '--runs-per-job',
  seed: '--seed',
};

const HELP_AFTER = `
Database:
  --database-url, else --driver with --dsn, else $DATABASE_URL, else ${DEFAULT_DATABASE_URL}
  (exactly as itinerary-migrate). The database must be fully migrated (itinerary-migrate up)
  and, unless --reset is given, hold no Itinerary rows.

Synthetic data (the default when --fixtures is not given):
  Jobs with cron schedules every minute, 5 min, 15 min, hourly and daily (10/20/20/30/20 %),
  pod specs of 1-2 KB, a constraint on about 30 % of jobs, a shared pool of actions linked to
  about 40 % of jobs; the last --runs-per-job runs of each job up to 2026-01-01T12:00:20Z with
  times that follow its schedule, mostly completed, some failed, cancelled, running or pending;
  violations where runs outlast their constraint; scheduler stats for every 30 s period from
  the oldest run to that instant (2,880 rows per day of history) and orchestrator stats for
  every run. The same --seed gives the same rows on PostgreSQL, MySQL/MariaDB and SQLite.

Output:
  A summary of rows per table and elapsed time on stdout. Progress on stderr: a bar on a
  terminal, a line every 10 % (or 5 s) otherwise. With --json, stdout carries one JSON
  object per line (start, plan, reset, progress, summary, error) and no bar or line is shown.
  Passwords are never printed.

Exit codes:
  0  success
  1  unexpected failure (the database cannot be reached, an INSERT failed, ...)
  2  bad usage or configuration
  3  the database is not migrated, not fully migrated, or its migration history has problems:
     run \`itinerary-migrate up\` first
  4  --reset on a PostgreSQL or MySQL database without --yes (nothing was changed)
  5  the database already holds rows and --reset was not given (nothing was changed)
  7  interrupted by SIGINT or SIGTERM (after the transaction in progress; committed rows stay)

Examples:
  itinerary-seed --fixtures
  itinerary-seed --jobs 100000 --runs-per-job 10 --seed 7
  DATABASE_URL=postgres://app@db/itinerary itinerary-seed --reset --yes --json`;

/** Builds the `itinerary-seed` program; `done` receives the exit code of the run. */
export function buildProgram(done: (code: ExitCode) => void): Command {
  const program = new Command('itinerary-seed')
    .description(
      'Fills an Itinerary database with the test fixtures, or with a deterministic, production-shaped data set at scale.',
    )
    .showHelpAfterError()
    .addHelpText('after', HELP_AFTER);
  addConnectionOptions(program)
    .option(
      '--fixtures',
      'write the small fixture set (seedTestData: 3 jobs, 5 runs, every table) instead of synthetic data',
    )
    .option(
      '--jobs <n>',
      'synthetic: number of jobs',
      (v: string) => parseWholeNumber(v, '--jobs', 0, MAX_JOBS),
      SYNTHETIC_DEFAULTS.jobs,
    )
    .option(
      '--runs-per-job <n>',
      "synthetic: runs per job (each job's latest runs)",
      (v: string) => parseWholeNumber(v, '--runs-per-job', 0, MAX_RUNS_PER_JOB),
      SYNTHETIC_DEFAULTS.runsPerJob,
    )
    .option(
      '--seed <n>',
      'synthetic: random seed, 0 to 4294967295; the same seed gives the same rows',
      (v: string) => parseWholeNumber(v, '--seed', 0, 0xffff_ffff),
      SYNTHETIC_DEFAULTS.seed,
    )
    .option('--reset', 'empty every Itinerary table first (the migration history stays)')
    .option('-y, --yes', 'confirm --reset on a PostgreSQL or MySQL database (SQLite needs no confirmation)')
    .option('--json', 'print one JSON event per line instead of text and progress')
    .action(async (flags: Omit<SeedFlags, 'explicitSynthetic'>, command: Command) => {
      const explicitSynthetic = SYNTHETIC_OPTIONS.filter(
        (o) => command.getOptionValueSource(o) === 'cli',
      ).map((o) => FLAG_NAMES[o]);
      done(await runSeed({ ...flags, explicitSynthetic }));
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
