import {
  actionInputSchema,
  actionSchema,
  constraintInputSchema,
  constraintSchema,
  constraintViolationInputSchema,
  jobActionInputSchema,
  jobInputSchema,
  jobRunInputSchema,
  jobSchema,
  orchestratorStatsInputSchema,
  parseCronSchedule,
  schedulerStatsInputSchema,
} from '@itinerary/db-schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mulberry32 } from './mulberry32.js';
import { SCHEDULE_KINDS } from './schedule-kinds.js';
import { emptyCounts, SEED_TABLES, type SeedRows, type SeedTable } from './seed-tables.js';
import { STATS_PERIOD_MS, SYNTHETIC_NOW } from './synthetic-clock.js';
import { generateSyntheticData, syntheticDataSet } from './synthetic-data-set.js';

type Tables = { [T in SeedTable]: SeedRows[T][] };

function collect(jobs: number, runsPerJob: number, seed: number): Tables {
  const tables = Object.fromEntries(SEED_TABLES.map((t) => [t, []])) as unknown as Tables;
  for (const batch of generateSyntheticData({ jobs, runsPerJob, seed })) {
    (tables[batch.table] as unknown[]).push(...batch.rows);
  }
  return tables;
}

const data = collect(2_000, 6, 1);

// Every validated row is a sample: the generator is trusted at load time, checked here.
function sample<T>(rows: readonly T[], count = 400): T[] {
  const step = Math.max(1, Math.floor(rows.length / count));
  return rows.filter((_, i) => i % step === 0);
}

/** What the check needs of a zod schema; the package does not depend on zod itself. */
interface Schema {
  safeParse(value: unknown): { success: boolean; error?: { message: string } };
}

function expectValid(schema: Schema, rows: readonly unknown[], table: string): void {
  for (const row of rows) {
    const result = schema.safeParse(row);
    if (!result.success) throw new Error(`${table}: ${JSON.stringify(row)}: ${result.error?.message}`);
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const withoutTimestamps = <T extends object>(row: T) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = row as T & { createdAt?: Date; updatedAt?: Date };
  return rest;
};

describe('the synthetic data generator', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('pins mulberry32, so a seed means the same rows in every release', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('gives the same rows for the same seed, other rows for another, without Math.random or the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    expect(collect(300, 4, 7)).toEqual(collect(300, 4, 7));
    const other = collect(300, 4, 8);
    const again = collect(300, 4, 7);
    expect(other.jobs.map((j) => j.schedule)).not.toEqual(again.jobs.map((j) => j.schedule));
    expect(other.job_runs.map((r) => r.startedAt)).not.toEqual(again.job_runs.map((r) => r.startedAt));
  });

  it('knows its row counts in advance (violations as an estimate) and keeps to them', () => {
    const { expectedCounts } = syntheticDataSet({ jobs: 2_000, runsPerJob: 6, seed: 1 });
    const actual = emptyCounts();
    for (const table of SEED_TABLES) actual[table] = data[table].length;
    expect({ ...actual, constraint_violations: 0 }).toEqual({ ...expectedCounts, constraint_violations: 0 });
    expect(actual.constraint_violations).toBeGreaterThan(expectedCounts.constraint_violations * 0.5);
    expect(actual.constraint_violations).toBeLessThan(expectedCounts.constraint_violations * 2);
    expect(collect(0, 10, 1)).toEqual(Object.fromEntries(SEED_TABLES.map((t) => [t, []])));
  });

  it('makes rows the db-schema schemas accept', () => {
    expectValid(constraintInputSchema, sample(data.constraints).map(withoutTimestamps), 'constraints');
    expectValid(constraintSchema, sample(data.constraints), 'constraints');
    expectValid(actionInputSchema, data.actions.map(withoutTimestamps), 'actions');
    expectValid(actionSchema, data.actions, 'actions');
    expectValid(jobInputSchema, sample(data.jobs).map(withoutTimestamps), 'jobs');
    expectValid(jobSchema, sample(data.jobs), 'jobs');
    expectValid(jobActionInputSchema, sample(data.job_actions), 'job_actions');
    expectValid(jobRunInputSchema, sample(data.job_runs), 'job_runs');
    expectValid(constraintViolationInputSchema, data.constraint_violations, 'constraint_violations');
    expectValid(schedulerStatsInputSchema, sample(data.scheduler_stats), 'scheduler_stats');
    expectValid(orchestratorStatsInputSchema, sample(data.orchestrator_stats), 'orchestrator_stats');
  });

  it('keeps every reference inside the data set and every key unique', () => {
    const jobs = new Set(data.jobs.map((j) => j.id));
    const constraints = new Set(data.constraints.map((c) => c.id));
    const actions = new Set(data.actions.map((a) => a.id));
    const runs = new Set(data.job_runs.map((r) => r.runId));
    const periods = new Set(data.scheduler_stats.map((s) => s.statsPeriodId));
    expect(jobs.size).toBe(data.jobs.length);
    expect(runs.size).toBe(data.job_runs.length);
    expect(new Set(data.job_runs.map((r) => `${r.jobId}@${r.scheduledAt.toISOString()}`)).size).toBe(
      runs.size,
    );
    expect(new Set(data.job_actions.map((l) => `${l.jobId}/${l.actionId}`)).size).toBe(
      data.job_actions.length,
    );
    expect(new Set(data.constraint_violations.map((v) => v.id)).size).toBe(data.constraint_violations.length);
    for (const job of data.jobs)
      if (job.constraintId !== null) expect(constraints.has(job.constraintId)).toBe(true);
    for (const link of data.job_actions) {
      expect(jobs.has(link.jobId) && actions.has(link.actionId)).toBe(true);
      if (link.constraintId !== null) expect(constraints.has(link.constraintId)).toBe(true);
    }
    for (const run of data.job_runs) expect(jobs.has(run.jobId)).toBe(true);
    for (const v of data.constraint_violations)
      expect(runs.has(v.runId) && constraints.has(v.constraintId)).toBe(true);
    for (const o of data.orchestrator_stats)
      expect(runs.has(o.runId) && periods.has(o.statsPeriodId)).toBe(true);
    for (const action of data.actions) {
      if (action.actionType === 'kickOffJob') expect(jobs.has(action.config?.jobID ?? '')).toBe(true);
    }
  });

  it('draws schedules in production proportions, and runs at exactly the times cron gives', () => {
    const byKind = new Map<number, number>();
    for (const job of data.jobs) {
      const schedule = parseCronSchedule(job.schedule, { timeZone: job.timeZone });
      const next = schedule.next(new Date(SYNTHETIC_NOW)) as Date;
      const after = (schedule.next(next) as Date).getTime();
      const minutes = (after - next.getTime()) / 60_000;
      byKind.set(minutes, (byKind.get(minutes) ?? 0) + 1);
    }
    for (const kind of SCHEDULE_KINDS) {
      const share = ((byKind.get(kind.periodMinutes) ?? 0) / data.jobs.length) * 100;
      expect(Math.abs(share - kind.share), kind.name).toBeLessThan(3);
    }
    const zoned = data.jobs.filter((j) => j.timeZone !== null);
    expect(zoned.length / data.jobs.length).toBeGreaterThan(0.1);
    const runsByJob = groupBy(data.job_runs, (r) => r.jobId);
    for (const job of [...sample(data.jobs, 100), ...sample(zoned, 50)]) {
      // The last six fire times at or before SYNTHETIC_NOW, walking forward from seven periods before.
      const schedule = parseCronSchedule(job.schedule, { timeZone: job.timeZone });
      const first = schedule.next(new Date(SYNTHETIC_NOW)) as Date;
      const period = (schedule.next(first) as Date).getTime() - first.getTime();
      const cronTimes: number[] = [];
      for (let t = schedule.next(new Date(SYNTHETIC_NOW - 7 * period)); t && t.getTime() <= SYNTHETIC_NOW; ) {
        cronTimes.push(t.getTime());
        t = schedule.next(t);
      }
      expect(
        runsByJob.get(job.id)?.map((r) => r.scheduledAt.getTime()),
        `${job.schedule} in ${job.timeZone}`,
      ).toEqual(cronTimes.slice(-6));
    }
  });

  it('gives pod specs of production size', () => {
    const sizes = data.jobs
      .flatMap((j) => (j.podSpec === null ? [] : [JSON.stringify(j.podSpec).length]))
      .sort((a, b) => a - b);
    const average = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(average).toBeGreaterThan(1_000);
    expect(average).toBeLessThan(2_000);
    expect(sizes[Math.floor(sizes.length * 0.05)]).toBeGreaterThan(900);
    expect(sizes[Math.floor(sizes.length * 0.95)]).toBeLessThan(2_500);
  });

  it('gives runs every status, mostly completed, with times that agree with the status', () => {
    const byStatus = groupBy(data.job_runs, (r) => r.status);
    expect((byStatus.get('completed')?.length ?? 0) / data.job_runs.length).toBeGreaterThan(0.85);
    for (const status of ['failed', 'cancelled', 'running', 'pending'] as const) {
      expect(byStatus.get(status)?.length ?? 0, status).toBeGreaterThan(0);
    }
    for (const run of data.job_runs) {
      const scheduled = run.scheduledAt.getTime();
      const started = run.startedAt?.getTime();
      const completed = run.completedAt?.getTime();
      expect(scheduled).toBeLessThanOrEqual(SYNTHETIC_NOW);
      if (started !== undefined) expect(started).toBeGreaterThanOrEqual(scheduled);
      if (completed !== undefined) expect(completed).toBeGreaterThanOrEqual(started as number);
      expect(completed ?? 0).toBeLessThanOrEqual(SYNTHETIC_NOW);
      switch (run.status) {
        case 'completed':
          expect([run.success, run.error, completed !== undefined]).toEqual([true, null, true]);
          break;
        case 'failed':
          expect([run.success, typeof run.error, completed !== undefined]).toEqual([false, 'string', true]);
          break;
        case 'running':
          expect([run.success, started !== undefined, completed]).toEqual([null, true, undefined]);
          break;
        case 'pending':
          expect([run.success, started, completed]).toEqual([null, undefined, undefined]);
          break;
        case 'cancelled':
          expect(typeof run.error).toBe('string');
          break;
      }
    }
  });

  it('records violations within their run, and stats every 30 s over the whole span of the runs', () => {
    const runs = new Map(data.job_runs.map((r) => [r.runId, r]));
    expect(data.constraint_violations.length).toBeGreaterThan(0);
    for (const v of data.constraint_violations) {
      const run = runs.get(v.runId);
      expect(v.violationTime.getTime()).toBeGreaterThan(
        run?.startedAt?.getTime() ?? Number.POSITIVE_INFINITY,
      );
      expect(v.violationTime.getTime()).toBeLessThanOrEqual(run?.completedAt?.getTime() ?? SYNTHETIC_NOW);
      expect(v.details?.message).toMatch(/^Job exceeded max(Expected|Allowed)RunTime of \w+$/);
    }
    const starts = data.scheduler_stats.map((s) => s.startTime.getTime());
    starts.forEach((start, i) => {
      if (i > 0) expect(start - (starts[i - 1] as number)).toBe(STATS_PERIOD_MS);
    });
    const scheduled = data.job_runs.map((r) => r.scheduledAt.getTime());
    expect(starts[0]).toBeLessThanOrEqual(Math.min(...scheduled));
    expect((starts.at(-1) as number) + STATS_PERIOD_MS).toBeGreaterThan(SYNTHETIC_NOW);
    expect(data.scheduler_stats.reduce((sum, s) => sum + s.runJobs, 0)).toBe(data.job_runs.length);
  });
});
