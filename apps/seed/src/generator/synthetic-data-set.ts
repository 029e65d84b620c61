import { UsageError } from '@itinerary/db-core';
import { buildAction } from './action-rows.js';
import { buildConstraint } from './constraint-rows.js';
import { buildJobActions } from './job-action-rows.js';
import { type ActionPool, actionCount, buildActionPool, type JobPlan, planJob } from './job-plan.js';
import { buildJob } from './job-rows.js';
import { PeriodCounters } from './period-counters.js';
import { buildJobRuns } from './run-rows.js';
import { lastOccurrences } from './schedule-kinds.js';
import { buildSchedulerStats } from './scheduler-stats-rows.js';
import { emptyCounts, type RowCounts, type SeedBatch, type SeedRows, type SeedTable } from './seed-tables.js';
import { MINUTE_MS, periodStart, STATS_PERIOD_MS, SYNTHETIC_NOW } from './synthetic-clock.js';

/** What to generate. */
export interface SyntheticOptions {
  jobs: number;
  runsPerJob: number;
  /** Same seed, same rows: on every run, machine and database. A 32-bit unsigned integer. */
  seed: number;
  /** Rows per yielded batch (default 1000). */
  batchSize?: number;
}

/** The command's defaults: a developer's database in seconds. */
export const SYNTHETIC_DEFAULTS = { jobs: 1000, runsPerJob: 10, seed: 1 } as const;

/** Largest job count and runs per job accepted: past these, ids and memory stop being sensible. */
export const MAX_JOBS = 10_000_000;
export const MAX_RUNS_PER_JOB = 100_000;

// Measured on generated sets: about 3% of a constrained job's runs break maxExpectedRunTime.
const VIOLATIONS_PER_CONSTRAINED_RUN = 0.033;

/** A deterministic, production-shaped data set, generated lazily in batches. */
export interface SyntheticDataSet {
  readonly options: Required<SyntheticOptions>;
  /** The instant the data set is a snapshot of; every timestamp is at or before it. */
  readonly now: Date;
  /**
   * Rows per table. Exact for every table except `constraint_violations`, which is an estimate
   * until the runs have been generated (violations follow from run times).
   */
  readonly expectedCounts: RowCounts;
  /** The rows, table by table in insertion order (`SEED_TABLES`), in batches of `batchSize`. */
  batches(): Generator<SeedBatch>;
}

function checkOptions(options: SyntheticOptions): Required<SyntheticOptions> {
  const { jobs, runsPerJob, seed, batchSize = 1000 } = options;
  const whole = (value: number, name: string, min: number, max: number) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
    }
  };
  whole(jobs, 'jobs', 0, MAX_JOBS);
  whole(runsPerJob, 'runsPerJob', 0, MAX_RUNS_PER_JOB);
  whole(seed, 'seed', 0, 0xffff_ffff);
  whole(batchSize, 'batchSize', 1, 1_000_000);
  return { jobs, runsPerJob, seed, batchSize };
}

function* inBatches<T extends SeedTable>(
  table: T,
  rows: Iterable<SeedRows[T]>,
  size: number,
): Generator<SeedBatch> {
  let batch: SeedRows[T][] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield { table, rows: batch } as SeedBatch;
      batch = [];
    }
  }
  if (batch.length > 0) yield { table, rows: batch } as SeedBatch;
}

/**
 * Plans a synthetic data set of `jobs` jobs with `runsPerJob` runs each. Planning is cheap
 * (each job's cadence, constraint and links); rows are built only as `batches()` is consumed,
 * so memory stays flat whatever the size.
 */
export function syntheticDataSet(options: SyntheticOptions): SyntheticDataSet {
  const opts = checkOptions(options);
  const { jobs, runsPerJob, seed, batchSize } = opts;
  const now = SYNTHETIC_NOW;
  const pool: ActionPool = buildActionPool(seed, jobs);
  const plans: JobPlan[] = new Array(jobs);
  const firstRunAt = new Float64Array(jobs);
  let earliestRun = now;
  const counts = emptyCounts();
  for (let j = 0; j < jobs; j++) {
    const plan = planJob(seed, j, pool);
    plans[j] = plan;
    const [last] = lastOccurrences(plan.schedule, now, 1) as [number];
    const first = last - Math.max(0, runsPerJob - 1) * plan.schedule.kind.periodMinutes * MINUTE_MS;
    firstRunAt[j] = first;
    if (runsPerJob > 0 && first < earliestRun) earliestRun = first;
    if (plan.constraint !== null) counts.constraints++;
    counts.job_actions += plan.links.length;
  }
  counts.actions = actionCount(jobs);
  counts.jobs = jobs;
  counts.job_runs = jobs * runsPerJob;
  counts.orchestrator_stats = jobs * runsPerJob;
  counts.constraint_violations = Math.round(counts.constraints * runsPerJob * VIOLATIONS_PER_CONSTRAINED_RUN);
  // Stats periods cover every run, from the period of the oldest scheduled run to the current one.
  const firstPeriod = periodStart(earliestRun);
  counts.scheduler_stats = counts.job_runs === 0 ? 0 : (periodStart(now) - firstPeriod) / STATS_PERIOD_MS + 1;

  function* batches(): Generator<SeedBatch> {
    const runsOf = (j: number) => buildJobRuns(seed, j, plans[j] as JobPlan, runsPerJob, now);
    yield* inBatches(
      'constraints',
      (function* () {
        for (let j = 0; j < jobs; j++) {
          if ((plans[j] as JobPlan).constraint !== null) {
            yield buildConstraint(seed, j, plans[j] as JobPlan, jobs, firstRunAt[j] as number, now);
          }
        }
      })(),
      batchSize,
    );
    yield* inBatches(
      'actions',
      (function* () {
        for (let i = 0; i < counts.actions; i++) yield buildAction(seed, i, jobs, earliestRun);
      })(),
      batchSize,
    );
    yield* inBatches(
      'jobs',
      (function* () {
        for (let j = 0; j < jobs; j++)
          yield buildJob(seed, j, plans[j] as JobPlan, firstRunAt[j] as number, now);
      })(),
      batchSize,
    );
    yield* inBatches(
      'job_actions',
      (function* () {
        for (let j = 0; j < jobs; j++) yield* buildJobActions(j, plans[j] as JobPlan);
      })(),
      batchSize,
    );
    const counters = new PeriodCounters(firstPeriod, counts.scheduler_stats);
    yield* inBatches(
      'job_runs',
      (function* () {
        for (let j = 0; j < jobs; j++) {
          for (const generated of runsOf(j)) {
            counters.add(generated);
            yield generated.run;
          }
        }
      })(),
      batchSize,
    );
    // Violations and orchestrator stats rebuild each job's runs: cheaper than keeping a million in memory.
    yield* inBatches(
      'constraint_violations',
      (function* () {
        for (let j = 0; j < jobs; j++) {
          if ((plans[j] as JobPlan).constraint === null) continue;
          for (const generated of runsOf(j)) yield* generated.violations;
        }
      })(),
      batchSize,
    );
    yield* inBatches(
      'scheduler_stats',
      (function* () {
        for (let p = 0; p < counts.scheduler_stats; p++) yield buildSchedulerStats(seed, p, counters);
      })(),
      batchSize,
    );
    yield* inBatches(
      'orchestrator_stats',
      (function* () {
        for (let j = 0; j < jobs; j++) for (const generated of runsOf(j)) yield generated.orchestrator;
      })(),
      batchSize,
    );
  }

  return { options: opts, now: new Date(now), expectedCounts: counts, batches };
}

/** The rows of a synthetic data set, table by table in insertion order, in batches. */
export function* generateSyntheticData(options: SyntheticOptions): Generator<SeedBatch> {
  yield* syntheticDataSet(options).batches();
}
