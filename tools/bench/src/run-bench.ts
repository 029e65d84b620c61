#!/usr/bin/env node
// pnpm bench: this layer against the raw drivers and Kysely, per dialect, side by side in one run.
import { mkdir, writeFile } from 'node:fs/promises';
import { DRIVERS, type Driver } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { pgbouncerProblem } from '@itinerary/db-core/testing/pgbouncer';
import { applyJobRunUpdates } from '@itinerary/db-queries';
import type { JobRunUpdate } from '@itinerary/db-schema';
import type { BenchClient, NewJob } from './bench-client.js';
import { createBenchDatabase } from './bench-database.js';
import { parseBenchOptions } from './bench-options.js';
import { KYSELY_VERSION, kyselyClient } from './kysely/kysely-client.js';
import { layerClient } from './layer-client.js';
import { type Comparison, compare, timeOnce } from './measure.js';
import { benchPoolerCost } from './pooler-cost.js';
import { runPruneBench } from './prune-bench.js';
import { mysqlRaw } from './raw/mysql-raw.js';
import { postgresRaw } from './raw/postgres-raw.js';
import { sqliteRaw } from './raw/sqlite-raw.js';
import { runReplicasBench } from './replicas-run.js';
import { seedWithCli } from './seed-with-cli.js';

const { quick, dialects: only, prune, replicas } = parseBenchOptions(process.argv.slice(2));
if (prune) {
  const pruneTargets = dialectTargets().filter(
    (t) => t.available && t.name !== 'pgbouncer' && (!only || only.includes(t.name)),
  );
  await runPruneBench(pruneTargets, prune);
  process.exit(0);
}
if (replicas !== undefined) process.exit(await runReplicasBench(replicas, quick, only));
const SCALE = quick
  ? {
      small: 2_000,
      large: 10_000,
      runsPerJob: 10,
      rounds: 11,
      ops: 50,
      warmup: 200,
      updates: 600,
      reloads: 5,
    }
  : // Many short rounds rather than a few long ones: the ratio is a median over rounds (see compare).
    // The warm-up lets V8 compile both sides' code fully before timing, as in a long-lived scheduler.
    {
      small: 10_000,
      large: 100_000,
      runsPerJob: 10,
      rounds: 21,
      ops: 100,
      warmup: 2_000,
      updates: 3_000,
      reloads: 20,
    };

interface Row {
  dialect: Driver;
  operation: string;
  layer: string;
  raw: string;
  ratio: number | null;
  /** The middle half of the per-round ratios. */
  spread: string;
  /** Kysely 0.28's median on the same operation, timed in the same rounds. */
  kysely?: string;
  /** layer / Kysely, the median of per-round ratios: below 1 means the layer is faster. */
  vsKysely?: number;
  /** The same operation, raw against a second raw client: what the method reads when there is no difference. */
  rawVsRaw?: number;
  target: string;
  met: boolean | null;
}

const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const podSpec = {
  containers: [
    {
      name: 'bench',
      image: 'registry.example.com/bench:1',
      args: ['--once'],
      env: [{ name: 'A', value: 'b' }],
    },
  ],
};

/**
 * Targets of issue 23: a point operation at most 1.10x raw on the servers and 1.25x on SQLite
 * (whose raw calls take microseconds, so the layer's JavaScript is a larger share); a full load
 * at most 1.05x raw and no slower than Kysely.
 */
const POINT_LIMIT: Record<Driver, number> = { postgres: 1.1, mysql: 1.1, sqlite3: 1.25 };
const FULL_LOAD = { limit: 1.05, kyselyLimit: 1 };

function record(
  dialect: Driver,
  operation: string,
  c: Comparison,
  limit: number,
  calibration?: Comparison,
  kyselyLimit?: number,
) {
  const fmt = (us: number) => (us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(0)} µs`);
  rows.push({
    dialect,
    operation,
    layer: fmt(c.layerUs),
    raw: fmt(c.rawUs),
    ratio: Number(c.ratio.toFixed(2)),
    spread: `${c.ratioRange[0].toFixed(2)}–${c.ratioRange[1].toFixed(2)}`,
    ...(c.versus ? { kysely: fmt(c.versus.us), vsKysely: Number(c.versus.ratio.toFixed(2)) } : {}),
    ...(calibration ? { rawVsRaw: Number(calibration.ratio.toFixed(2)) } : {}),
    target: `≤ ${limit}x${kyselyLimit === undefined ? '' : `, ≤ ${kyselyLimit}x Kysely`}`,
    met: c.ratio <= limit && (kyselyLimit === undefined || !c.versus || c.versus.ratio <= kyselyLimit),
  });
  const rawVsRaw = calibration ? `; raw against raw ${calibration.ratio.toFixed(2)}` : '';
  const kysely = c.versus
    ? `; Kysely ${fmt(c.versus.us)}, layer / Kysely ${c.versus.ratio.toFixed(2)} (${c.versus.ratioRange[0].toFixed(2)}–${c.versus.ratioRange[1].toFixed(2)})`
    : '';
  log(
    `  ${operation}: layer ${fmt(c.layerUs)}, raw ${fmt(c.rawUs)}, ratio ${c.ratio.toFixed(2)} (middle half of rounds ${c.ratioRange[0].toFixed(2)}–${c.ratioRange[1].toFixed(2)}${rawVsRaw}; target ≤ ${limit}x)${kysely}`,
  );
}

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

async function benchDialect(driver: Driver, adminDsn: string | undefined): Promise<void> {
  log(`\n== ${driver}`);
  const bench = await createBenchDatabase(driver, adminDsn);
  // On SQLite the raw side gets a file of its own, filled alike: two connections on one file
  // slow each other through the shared WAL unevenly. With two raw clients on one file, raw
  // against raw read 1.18-1.35 on run writes with one connection first and about 1.00 with the
  // other; on files of their own, 1.00-1.06 both ways.
  // Kysely, the third contender, gets a file of its own too, for the same reason.
  const rawFile = driver === 'sqlite3' ? await createBenchDatabase(driver, adminDsn) : undefined;
  const kyselyFile = driver === 'sqlite3' ? await createBenchDatabase(driver, adminDsn) : undefined;
  const rawClient = (dsn: string): BenchClient =>
    driver === 'postgres' ? postgresRaw(dsn) : driver === 'mysql' ? mysqlRaw(dsn) : sqliteRaw(dsn);
  const raw = rawClient(rawFile?.dsn ?? bench.dsn);
  const kysely = kyselyClient(driver, kyselyFile?.dsn ?? bench.dsn);
  const layer = layerClient(bench.db);
  const seed = async (options: { jobs: number; runsPerJob: number; reset: boolean }) => {
    const result = await seedWithCli(driver, bench.dsn, options);
    for (const file of [rawFile, kyselyFile]) if (file) await seedWithCli(driver, file.dsn, options);
    return result;
  };
  // SQLite copies the WAL into the database file every 1,000 pages, inside whichever commit
  // crosses the mark: several ms that land on one side's operation. It is the same work for
  // both sides, not the layer's, so both connections leave it to the bench, which checkpoints
  // untimed before each round.
  let beforeEachRound: (() => Promise<void>) | undefined;
  if (rawFile && kyselyFile) {
    await bench.db.exec('PRAGMA wal_autocheckpoint = 0');
    beforeEachRound = async () => {
      for (const file of [bench, rawFile, kyselyFile]) await file.db.query('PRAGMA wal_checkpoint(TRUNCATE)');
    };
  }
  try {
    const small = await seed({ jobs: SCALE.small, runsPerJob: 0, reset: false });
    log(`  seeded ${SCALE.small} jobs in ${small.elapsedMs} ms`);
    const ids = (await raw.getAllJobs()).map((j) => j.id);
    const pick = (i: number) => ids[(i * 7919) % ids.length] as string;
    // Both sides write keys of one sequence (i counts every operation of either side), so their
    // rows interleave in every index. Keys of a side's own (bench-layer-…, bench-raw-…) put each
    // side's rows in a different part of the B-trees, which alone made one raw client 15% slower
    // than another in a raw-against-raw run on SQLite.
    const newJob = (prefix: string, i: number): NewJob => ({
      id: `${prefix}-job-${i}`,
      name: `Bench ${i}`,
      schedule: '*/5 * * * *',
      podSpec,
      constraintId: null,
    });
    const newRun = (prefix: string, year: number, i: number) => ({
      jobId: pick(i),
      runId: `${prefix}-run-${i}`,
      scheduledAt: new Date(Date.UTC(year, 0, 1) + i * 1000),
      status: 'running' as const,
    });
    type PointOperation = (client: BenchClient, i: number, prefix: string, year: number) => Promise<unknown>;
    const pointOperations: Array<[string, PointOperation]> = [
      ['create job', (client, i, prefix) => client.createJob(newJob(prefix, i))],
      ['get job by id', (client, i) => client.getJob(pick(i))],
      // As the scheduler reads when several runs fire at once: the pool's queueing and
      // connection hand-over are part of the cost (SQLite, one connection, runs them in turn).
      [
        'get job by id, 16 in flight',
        (client, i) => Promise.all(Array.from({ length: 16 }, (_, k) => client.getJob(pick(i * 16 + k)))),
      ],
      [
        'create run in a transaction',
        (client, i, prefix, year) => client.createRunInTransaction(newRun(prefix, year, i)),
      ],
      // compare hands out i to the sides in the same order every time, so each side completes
      // the runs it created.
      ['complete run', (client, i, prefix) => client.completeRun(`${prefix}-run-${i}`, i % 5 !== 0, null)],
    ];
    // Each operation is also run by a second raw client (where the layer runs) against the raw
    // one: the ratio the method reads when there is no difference to find, printed beside the layer's.
    const rawAgain = rawClient(bench.dsn);
    const opts = { rounds: SCALE.rounds, opsPerRound: SCALE.ops, warmup: SCALE.warmup, beforeEachRound };
    try {
      for (const [operation, op] of pointOperations) {
        const pair = (a: BenchClient, b: BenchClient, prefix: string, year: number, c?: BenchClient) =>
          compare(
            (i) => op(a, i, prefix, year),
            (i) => op(b, i, prefix, year),
            { ...opts, ...(c ? { versus: (i: number) => op(c, i, prefix, year) } : {}) },
          );
        const comparison = await pair(layer, raw, 'bench', 2030, kysely);
        const calibration = await pair(rawAgain, raw, 'calibration', 2040);
        record(driver, operation, comparison, POINT_LIMIT[driver], calibration);
      }
    } finally {
      await rawAgain.close();
    }
    // The point operations added thousands of jobs (more where both sides share one database):
    // back to the seeded set, so this reads the number of jobs its label says on every dialect.
    await seed({ jobs: SCALE.small, runsPerJob: 0, reset: true });
    record(
      driver,
      `get all jobs (${SCALE.small.toLocaleString('en')})`,
      await compare(
        () => layer.getAllJobs(),
        () => raw.getAllJobs(),
        { rounds: 7, opsPerRound: 3, warmup: 1, beforeEachRound, versus: () => kysely.getAllJobs() },
      ),
      FULL_LOAD.limit,
      undefined,
      FULL_LOAD.kyselyLimit,
    );

    const large = await seed({ jobs: SCALE.large, runsPerJob: SCALE.runsPerJob, reset: true });
    const runCount = SCALE.large * SCALE.runsPerJob;
    log(`  seeded ${SCALE.large} jobs and ${runCount} runs in ${large.elapsedMs} ms`);
    extra[`${driver}.seedMs`] = large.elapsedMs;
    // Before the raw client reads 100,000 jobs: pg keeps the raw client's last result reachable
    // (its pool closed or not) until some later pg read, which put ~250 MB of it in the baseline.
    await benchReloadHeap(driver, layer);
    const largeIds = (await raw.getAllJobs()).map((j) => j.id);
    const pickLarge = (i: number) => largeIds[(i * 7919) % largeIds.length] as string;
    record(
      driver,
      `get all jobs (${SCALE.large.toLocaleString('en')})`,
      await compare(
        () => layer.getAllJobs(),
        () => raw.getAllJobs(),
        { rounds: 5, opsPerRound: 1, warmup: 1, beforeEachRound, versus: () => kysely.getAllJobs() },
      ),
      FULL_LOAD.limit,
      undefined,
      FULL_LOAD.kyselyLimit,
    );
    record(
      driver,
      `runs of a job, ${runCount.toLocaleString('en')}-row table`,
      await compare(
        (i) => layer.getJobRuns(pickLarge(i), 20),
        (i) => raw.getJobRuns(pickLarge(i), 20),
        { ...opts, versus: (i) => kysely.getJobRuns(pickLarge(i), 20) },
      ),
      1.3,
    );

    // The batched-update figures include checkpoints, as a real writer's would.
    if (driver === 'sqlite3') await bench.db.exec('PRAGMA wal_autocheckpoint = 1000');
    await benchBatchedUpdates(driver, bench.db, largeIds);
  } finally {
    await raw.close();
    await kysely.close();
    await bench.drop();
    await rawFile?.drop();
    await kyselyFile?.drop();
  }
}

/** Each run's life as the scheduler reports it, three updates per run. */
function updatesFor(prefix: string, jobIds: readonly string[], count: number, year: number): JobRunUpdate[] {
  const updates: JobRunUpdate[] = [];
  for (let r = 0; updates.length < count; r++) {
    const runId = `${prefix}-${r}`;
    const scheduledAt = new Date(Date.UTC(year, 0, 1) + r * 1000);
    updates.push({ runId, jobId: jobIds[r % jobIds.length] as string, scheduledAt, status: 'pending' });
    updates.push({ runId, status: 'running', startedAt: new Date(scheduledAt.getTime() + 500) });
    updates.push({
      runId,
      status: 'completed',
      completedAt: new Date(scheduledAt.getTime() + 30_000),
      success: true,
    });
  }
  return updates;
}

async function benchBatchedUpdates(
  driver: Driver,
  db: Parameters<typeof applyJobRunUpdates>[0],
  jobIds: readonly string[],
) {
  const one = updatesFor('bench-single', jobIds, SCALE.updates, 2031);
  const batch = updatesFor('bench-batch', jobIds, SCALE.updates, 2032);
  const singleMs = await timeOnce(async () => {
    for (const update of one) await applyJobRunUpdates(db, [update]);
  }, 1);
  const batchMs = await timeOnce(() => applyJobRunUpdates(db, batch), 1);
  const single = (SCALE.updates / singleMs) * 1000;
  const batched = (SCALE.updates / batchMs) * 1000;
  const ratio = batched / single;
  const target = driver === 'sqlite3' ? null : 10;
  rows.push({
    dialect: driver,
    operation: `job-run updates, batched vs one by one (${SCALE.updates})`,
    layer: `${batched.toFixed(0)}/s`,
    raw: `${single.toFixed(0)}/s one by one`,
    ratio: Number(ratio.toFixed(1)),
    spread: '',
    target: target ? `≥ ${target}x` : 'none',
    met: target ? ratio >= target : null,
  });
  log(
    `  batched updates: ${batched.toFixed(0)}/s vs ${single.toFixed(0)}/s one by one: ${ratio.toFixed(1)}x`,
  );
}

async function benchReloadHeap(driver: Driver, layer: BenchClient) {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  // Results of the comparisons before stay reachable until the event loop turns (see below).
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let jobs = await layer.getAllJobs();
  for (let i = 1; i < SCALE.reloads; i++) jobs = await layer.getAllJobs();
  const held = jobs.length;
  jobs = [];
  // The last awaited result stays reachable from the finished promise job until the event
  // loop turns once; measure after that, as the scheduler's next tick would see it.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  const after = process.memoryUsage().heapUsed;
  const growthMb = (after - baseline) / 1024 / 1024;
  rows.push({
    dialect: driver,
    operation: `heap after ${SCALE.reloads} reloads of ${held.toLocaleString('en')} jobs`,
    layer: `${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB`,
    raw: `baseline ${(baseline / 1024 / 1024).toFixed(1)} MB`,
    ratio: null,
    spread: '',
    target: 'back to baseline (±2 MB)',
    met: Math.abs(growthMb) <= 2,
  });
  log(`  heap after ${SCALE.reloads} reloads: ${growthMb.toFixed(1)} MB from baseline`);
}

/** Rows of what the transaction-mode pooler setting costs, against a direct connection. */
async function benchPooler(adminDsn: string) {
  log('\n== postgres: poolerMode transaction against a direct connection with named statements');
  await benchPoolerCost(adminDsn, SCALE, (operation, route, c) => {
    const fmt = (us: number) => (us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(0)} µs`);
    rows.push({
      dialect: 'postgres',
      operation: `${operation} (${route})`,
      layer: fmt(c.layerUs),
      raw: `${fmt(c.rawUs)} direct`,
      ratio: Number(c.ratio.toFixed(2)),
      spread: `${c.ratioRange[0].toFixed(2)}–${c.ratioRange[1].toFixed(2)}`,
      target: 'none (cost of the mode)',
      met: null,
    });
    log(`  ${operation}, ${route}: ${fmt(c.layerUs)} vs ${fmt(c.rawUs)} direct: ${c.ratio.toFixed(2)}x`);
  });
}

const targets = dialectTargets().filter(
  (t) => t.available && t.name !== 'pgbouncer' && (!only || only.includes(t.name)),
);
const started = Date.now();
for (const target of targets) await benchDialect(target.driver, target.adminDsn);
const postgresDsn = dialectTargets().find((t) => t.name === 'postgres' && t.available)?.adminDsn;
if (!only || only.includes('pgbouncer')) {
  const poolerProblem = postgresDsn
    ? pgbouncerProblem()
    : 'it goes through PostgreSQL, and ITINERARY_TEST_POSTGRES_URL is not set';
  if (poolerProblem) console.log(`pooler cost not measured: ${poolerProblem}`);
  else await benchPooler(postgresDsn as string);
}
const skipped = DRIVERS.filter((d) => (!only || only.includes(d)) && !targets.some((t) => t.driver === d));

console.log(
  `\nItinerary data layer vs raw drivers and Kysely ${KYSELY_VERSION} (${quick ? 'quick' : 'full'} scale), Node ${process.version}, medians:`,
);
console.table(rows);
if (skipped.length > 0) console.log(`not measured (no URL configured): ${skipped.join(', ')}`);
const out = {
  date: new Date().toISOString(),
  node: process.version,
  kysely: KYSELY_VERSION,
  quick,
  scale: SCALE,
  elapsedMs: Date.now() - started,
  rows,
  extra,
};
await mkdir('.reports', { recursive: true });
await writeFile('.reports/bench.json', `${JSON.stringify(out, null, 2)}\n`);
console.log('results written to .reports/bench.json');
