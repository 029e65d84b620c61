import { TARGET_NAMES, type TargetName } from '@itinerary/db-core/testing';
import { Command, CommanderError, InvalidArgumentError } from 'commander';

/** What `pnpm bench` was asked to do. */
export interface BenchOptions {
  /** The smaller smoke-run scale: checks that the bench runs; its figures are not the ones to quote. */
  quick: boolean;
  /** The targets to measure; undefined for all that are configured. */
  dialects: TargetName[] | undefined;
  /** Run only the prune benchmark (prune-bench.ts), at this scale. */
  prune: { runs: number; baselineSeconds: number } | undefined;
  /** Run only the "N replicas against one" scenario, with this many replicas. */
  replicas: number | undefined;
}

/**
 * Reads the command line. `--help` prints the usage and a bad option or dialect name an error,
 * both before anything is seeded; the process then exits (0 for help, 2 for a usage error).
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('pnpm bench')
    .description(
      'This layer against the raw drivers (pg, mysql2, better-sqlite3) and Kysely 0.28, side by side in one run. ' +
        'PostgreSQL and MariaDB are measured when ITINERARY_TEST_POSTGRES_URL and ITINERARY_TEST_MYSQL_URL ' +
        'are set, SQLite always, and the PgBouncer pooler cost when pgbouncer is installed and PostgreSQL is set. ' +
        'Prints a table of medians and ratios (naming the Node version) and writes .reports/bench.json. ' +
        'A full run took about 11 minutes before Kysely was added; expect more with the third contender.',
    )
    .option('--quick', 'a smaller scale with a short warm-up: a smoke run, not figures to quote', false)
    .option(
      '--dialects <names>',
      `comma-separated, from ${TARGET_NAMES.join(', ')} (pgbouncer: the pooler cost only)`,
      parseDialects,
    )
    .option(
      '--prune',
      'instead: prune a large run table with the scheduler writing alongside (prune-bench.ts)',
    )
    .option('--prune-runs <n>', 'with --prune: runs in the table, a tenth deleted', parseCount, 10_000_000)
    .option(
      '--prune-baseline-seconds <s>',
      'with --prune: how long the writes are timed without the prune',
      parseCount,
      30,
    )
    .option(
      '--replicas <n>',
      'run only the "N replicas against one" scenario: n replica processes writing one slot set, against one (pgbouncer included)',
      parseReplicas,
    )
    .exitOverride();
  try {
    // pnpm passes a leading "--" through (pnpm bench -- --quick); it separates nothing here.
    program.parse(
      argv.filter((arg) => arg !== '--'),
      { from: 'user' },
    );
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
    throw err;
  }
  const options = program.opts<{
    quick: boolean;
    dialects?: TargetName[];
    prune?: boolean;
    pruneRuns: number;
    pruneBaselineSeconds: number;
    replicas?: number;
  }>();
  return {
    quick: options.quick,
    dialects: options.dialects,
    prune: options.prune
      ? { runs: options.pruneRuns, baselineSeconds: options.pruneBaselineSeconds }
      : undefined,
    replicas: options.replicas,
  };
}

function parseDialects(value: string): TargetName[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(TARGET_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown dialect ${unknown.map((n) => JSON.stringify(n)).join(', ')}: use ${TARGET_NAMES.join(', ')}`,
    );
  }
  return names as TargetName[];
}

function parseCount(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!/^[\d_]+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  }
  return n;
}

function parseReplicas(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 32) {
    throw new InvalidArgumentError(
      `--replicas must be a whole number from 2 to 32, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}
