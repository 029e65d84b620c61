// pnpm bench -- --prune: pruning a large run table on each dialect, with the scheduler's writes
// (applyJobRunUpdates) running alongside, against the same writes without the prune.
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Database, type Driver, open } from '@itinerary/db-core';
import { applyJobRunUpdates, pruneJobRuns, valuesPlaceholders } from '@itinerary/db-queries';
import type { JobRunUpdate } from '@itinerary/db-schema';
import { createBenchDatabase } from './bench-database.js';

/** How big the prune benchmark is. */
export interface PruneBenchScale {
  /** Runs in the table before the prune (10 million in the issue). */
  runs: number;
  /** How long the writer runs alone, for the baseline latencies. */
  baselineSeconds: number;
}

const RUNS_PER_JOB = 1000;
// The oldest tenth of every job's runs is older than the cut-off: 1 million of 10 million.
const DELETED_PER_JOB = 100;
const INSERT_ROWS = 1000;
// The writer's pace: a call of 10 updates every 10 ms, about 1,000 single-row writes a second,
// the middle of the scheduler's 700-1,700 at peak (DESIGN.md).
const WRITER_INTERVAL_MS = 10;
const WRITER_BATCH = 10;
const BASE = Date.UTC(2025, 0, 1);
const minute = (n: number) => new Date(BASE + n * 60_000);

interface PruneBenchRow {
  dialect: Driver;
  runs: number;
  deleted: number;
  pruneSeconds: number;
  rowsPerSecond: number;
  writesAlone: string;
  writesDuringPrune: string;
  p99Ratio: number;
  target: string;
  met: boolean;
}

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

/**
 * Fills `jobs` jobs with RUNS_PER_JOB runs each, one a minute from BASE, every tenth failed,
 * in multi-row INSERTs of its own (the seed's generator spreads runs over schedules and
 * statuses, which would not give an exact count to delete).
 */
async function fill(db: Database, jobs: number): Promise<void> {
  const started = Date.now();
  let lastLog = started;
  for (let j = 0; j < jobs; j += INSERT_ROWS) {
    const ids = Array.from({ length: Math.min(INSERT_ROWS, jobs - j) }, (_, k) => [
      `prune-job-${j + k}`,
      'prune bench',
      '* * * * *',
    ]);
    await db.exec(
      `INSERT INTO jobs (id, name, schedule) VALUES ${valuesPlaceholders(ids.length, 3)}`,
      ids.flat(),
    );
  }
  const total = jobs * RUNS_PER_JOB;
  let rows: unknown[] = [];
  let done = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    const n = rows.length / 5;
    await db.exec(
      `INSERT INTO job_runs (job_id, run_id, scheduled_at, status, success) VALUES ${valuesPlaceholders(n, 5)}`,
      rows as never,
    );
    done += n;
    rows = [];
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  filled ${done.toLocaleString('en')} of ${total.toLocaleString('en')} runs`);
    }
  };
  // Minute by minute across all jobs, so each job's runs are spread over the table as the
  // scheduler writes them, not stored together.
  for (let r = 0; r < RUNS_PER_JOB; r++) {
    for (let j = 0; j < jobs; j++) {
      const failed = r % 10 === 9;
      rows.push(`prune-job-${j}`, `prune-run-${j}-${r}`, minute(r), failed ? 'failed' : 'completed', !failed);
      if (rows.length >= INSERT_ROWS * 5) await flush();
    }
  }
  await flush();
  log(
    `  filled ${total.toLocaleString('en')} runs of ${jobs} jobs in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/**
 * The scheduler's writes: every WRITER_INTERVAL_MS a call of WRITER_BATCH updates, new pending
 * runs and earlier ones moved to running, on its own connection. They stay active, so they
 * never change what the prune deletes. Returns each call's latency in ms.
 */
function startWriter(db: Database, jobs: number, prefix: string, year: number) {
  const latencies: number[] = [];
  let stop = false;
  let n = 0;
  const done = (async () => {
    while (!stop) {
      const next = performance.now() + WRITER_INTERVAL_MS;
      const updates: JobRunUpdate[] = [];
      for (let k = 0; k < WRITER_BATCH / 2; k++, n++) {
        updates.push({
          runId: `${prefix}-${n}`,
          jobId: `prune-job-${(n * 7919) % jobs}`,
          scheduledAt: new Date(Date.UTC(year, 0, 1) + n * 1000),
          status: 'pending',
        });
        if (n > 0) updates.push({ runId: `${prefix}-${n - 1}`, status: 'running', startedAt: new Date() });
      }
      const t0 = performance.now();
      await applyJobRunUpdates(db, updates);
      latencies.push(performance.now() - t0);
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    latencies,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summarize(latencies: readonly number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { calls: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function benchPruneDialect(
  driver: Driver,
  adminDsn: string | undefined,
  scale: PruneBenchScale,
): Promise<PruneBenchRow> {
  log(`\n== ${driver}: prune ${scale.runs.toLocaleString('en')} runs`);
  const bench = await createBenchDatabase(driver, adminDsn);
  const writerDb = await open(driver, bench.dsn);
  try {
    const jobs = Math.max(1, Math.round(scale.runs / RUNS_PER_JOB));
    await fill(bench.db, jobs);
    if (driver !== 'sqlite3')
      await bench.db.exec(driver === 'mysql' ? 'ANALYZE TABLE job_runs' : 'ANALYZE job_runs');
    else await bench.db.exec('ANALYZE');

    const alone = startWriter(writerDb, jobs, 'alone', 2030);
    await sleep(scale.baselineSeconds * 1000);
    await alone.stop();
    const before = summarize(alone.latencies);
    log(
      `  writes alone: ${before.calls} calls, p50 ${before.p50.toFixed(2)} ms, p99 ${before.p99.toFixed(2)} ms`,
    );

    const during = startWriter(writerDb, jobs, 'during', 2031);
    const t0 = performance.now();
    let lastLog = t0;
    // Every run older than the cut-off goes; the limits (900 successful, 100 failed a job) are
    // what each job already has, so they select nothing more but run their cut-off queries.
    const result = await pruneJobRuns(bench.db, {
      keepSuccessful: RUNS_PER_JOB - RUNS_PER_JOB / 10,
      keepFailed: RUNS_PER_JOB / 10,
      olderThan: minute(DELETED_PER_JOB),
      onBatch: ({ deleted }) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`  deleted ${deleted.toLocaleString('en')}`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    await during.stop();
    const after = summarize(during.latencies);
    const expected = jobs * DELETED_PER_JOB;
    if (result.deleted !== expected) throw new Error(`deleted ${result.deleted} runs, expected ${expected}`);
    const rowsPerSecond = result.deleted / seconds;
    log(
      `  pruned ${result.deleted.toLocaleString('en')} runs in ${seconds.toFixed(1)} s (${rowsPerSecond.toFixed(0)} rows/s); writes meanwhile: ${after.calls} calls, p50 ${after.p50.toFixed(2)} ms, p99 ${after.p99.toFixed(2)} ms`,
    );
    const p99Ratio = after.p99 / before.p99;
    return {
      dialect: driver,
      runs: jobs * RUNS_PER_JOB,
      deleted: result.deleted,
      pruneSeconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(rowsPerSecond),
      writesAlone: `p50 ${before.p50.toFixed(2)} ms, p99 ${before.p99.toFixed(2)} ms (${before.calls} calls)`,
      writesDuringPrune: `p50 ${after.p50.toFixed(2)} ms, p99 ${after.p99.toFixed(2)} ms (${after.calls} calls)`,
      p99Ratio: Number(p99Ratio.toFixed(2)),
      target: 'p99 ≤ 2x alone',
      met: p99Ratio <= 2,
    };
  } finally {
    await writerDb.close();
    await bench.drop();
  }
}

/** Runs the prune benchmark on each target, prints a table and writes .reports/bench-prune.json. */
export async function runPruneBench(
  targets: ReadonlyArray<{ driver: Driver; adminDsn: string | undefined }>,
  scale: PruneBenchScale,
): Promise<void> {
  const rows: PruneBenchRow[] = [];
  for (const target of targets) rows.push(await benchPruneDialect(target.driver, target.adminDsn, scale));
  console.log(
    `\nPruning ${scale.runs.toLocaleString('en')} runs (a tenth deleted), applyJobRunUpdates alongside (${WRITER_BATCH} updates every ${WRITER_INTERVAL_MS} ms):`,
  );
  console.table(rows);
  await mkdir('.reports', { recursive: true });
  await writeFile(
    '.reports/bench-prune.json',
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, scale, rows }, null, 2)}\n`,
  );
  console.log('results written to .reports/bench-prune.json');
}
