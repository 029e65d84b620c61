import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config, Driver } from '@itinerary/db-core';
import { startPgBouncer } from '@itinerary/db-core/testing/pgbouncer';
import { createJob } from '@itinerary/db-queries';
import { createBenchDatabase } from './bench-database.js';
import type { ReplicaOutcome, ReplicaPlan } from './replica-process.js';

const SCRIPT = fileURLToPath(new URL('./replica-process.js', import.meta.url));

/** The sizes of one replicas scenario. */
export interface ReplicasScale {
  jobs: number;
  times: number;
  rounds: number;
}

/** One measured line: N replicas writing one slot set against one replica writing it alone. */
export interface ReplicasFigure {
  target: string;
  replicas: number;
  /** Runs (slots) written per second by one replica alone, and by N together; medians over rounds. */
  oneRunsPerSec: number;
  manyRunsPerSec: number;
  /** N replicas' runs per second over one replica's: 1 means the extra replicas cost nothing. */
  ratio: number;
  /** Updates every replica together had answered per second (all outcomes, skips included). */
  manyUpdatesPerSec: number;
  rounds: number;
}

type Update = ReplicaPlan['updates'][number];

/**
 * Replica r's stream: every slot in its own shuffled order, three updates a run (pending,
 * running, finished), a run's later updates a few slots after its first. Half the slots use a
 * run id every replica shares, the others each replica's own, as in the several-replicas test.
 */
function streamOf(jobs: number, times: number, r: number, seed: number): Update[] {
  const base = Date.UTC(2035, 0, 1);
  const slots: Array<{ jobId: string; at: number; shared: boolean }> = [];
  for (let j = 0; j < jobs; j++) {
    for (let t = 0; t < times; t++)
      slots.push({ jobId: `replicas-job-${j}`, at: base + t * 60_000, shared: (j + t) % 2 === 0 });
  }
  let state = seed * 2654435761 + r * 97 + 1;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let i = slots.length - 1; i > 0; i--) {
    const k = Math.floor(next() * (i + 1));
    [slots[i], slots[k]] = [slots[k] as (typeof slots)[number], slots[i] as (typeof slots)[number]];
  }
  const lanes: Update[][] = Array.from({ length: slots.length + 8 }, () => []);
  slots.forEach((slot, i) => {
    const runId = slot.shared ? `run-${slot.jobId}-${slot.at}` : `run-${slot.jobId}-${slot.at}-r${r}`;
    lanes[i]?.push({ runId, jobId: slot.jobId, scheduledAt: slot.at, status: 'pending' });
    lanes[i + 3]?.push({ runId, status: 'running', startedAt: slot.at + 1000 });
    lanes[i + 7]?.push({ runId, status: 'completed', completedAt: slot.at + 5000, success: true });
  });
  return lanes.flat();
}

function runReplica(planFile: string): Promise<ReplicaOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        const outcome = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ReplicaOutcome;
        if (!outcome.ok) reject(new Error(`a replica failed: ${outcome.message}`));
        else resolve(outcome);
      } catch {
        reject(new Error(`a replica exited ${code} without a report: ${stdout}`));
      }
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * N replica processes, each with its own Database, write the same slots (every replica every
 * slot, shuffled, through applyJobRunUpdates in batches of 25) against one replica writing them
 * alone: runs per second from the common start to the last replica's end, median over rounds,
 * on a fresh table each round. The replicas' outcomes must add up to one run per slot.
 */
export async function benchReplicas(
  target: { name: string; driver: Driver; adminDsn: string | undefined; viaPgBouncer: boolean },
  replicas: number,
  scale: ReplicasScale,
  log: (line: string) => void,
): Promise<ReplicasFigure> {
  const bench = await createBenchDatabase(target.driver, target.adminDsn);
  const bouncer =
    target.viaPgBouncer && target.adminDsn ? await startPgBouncer({ serverUrl: target.adminDsn }) : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-replicas-bench-'));
  try {
    let config: Config = { driver: target.driver, dsn: bench.dsn };
    if (bouncer) {
      const url = new URL(bouncer.url);
      url.pathname = new URL(bench.dsn).pathname;
      config = { driver: 'postgres', dsn: url.toString(), poolerMode: 'transaction' };
    }
    for (let j = 0; j < scale.jobs; j++) {
      await createJob(bench.db, { id: `replicas-job-${j}`, name: `Replicas ${j}`, schedule: '* * * * *' });
    }
    const slots = scale.jobs * scale.times;
    const play = async (count: number, round: number) => {
      await bench.db.exec('DELETE FROM job_runs');
      const startAt = Date.now() + 1000 + 150 * count;
      const files = await Promise.all(
        Array.from({ length: count }, async (_, r) => {
          const file = join(dir, `plan-${count}-${round}-${r}.json`);
          const plan: ReplicaPlan = {
            config,
            startAt,
            batchSize: 25,
            updates: streamOf(scale.jobs, scale.times, r, round),
          };
          await writeFile(file, JSON.stringify(plan));
          return file;
        }),
      );
      const outcomes = await Promise.all(files.map(runReplica));
      const [row] = await bench.db.query<{ c: number }>('SELECT COUNT(*) AS c FROM job_runs');
      const inserted = outcomes.reduce((n, o) => n + o.inserted, 0);
      if (Number(row?.c) !== slots || inserted !== slots) {
        throw new Error(
          `${count} replicas left ${row?.c} runs for ${slots} slots (${inserted} reported inserted)`,
        );
      }
      // From the first replica's start: a process that started late on a busy machine shows as
      // a slower run, not as time before the start.
      const elapsedMs =
        Math.max(...outcomes.map((o) => o.endedAt)) - Math.min(...outcomes.map((o) => o.startedAt));
      const answered = outcomes.reduce((n, o) => n + o.inserted + o.updated + o.skipped, 0);
      return { runsPerSec: (slots / elapsedMs) * 1000, updatesPerSec: (answered / elapsedMs) * 1000 };
    };
    const one: number[] = [];
    const many: Array<{ runsPerSec: number; updatesPerSec: number }> = [];
    for (let round = 1; round <= scale.rounds; round++) {
      one.push((await play(1, round)).runsPerSec);
      many.push(await play(replicas, round));
    }
    const figure: ReplicasFigure = {
      target: target.name,
      replicas,
      oneRunsPerSec: median(one),
      manyRunsPerSec: median(many.map((m) => m.runsPerSec)),
      ratio: median(many.map((m) => m.runsPerSec)) / median(one),
      manyUpdatesPerSec: median(many.map((m) => m.updatesPerSec)),
      rounds: scale.rounds,
    };
    log(
      `  ${target.name}: ${replicas} replicas ${figure.manyRunsPerSec.toFixed(0)} runs/s (${figure.manyUpdatesPerSec.toFixed(0)} updates answered/s), one replica ${figure.oneRunsPerSec.toFixed(0)} runs/s: ${figure.ratio.toFixed(2)}x`,
    );
    return figure;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await bouncer?.stop();
    await bench.drop();
  }
}
