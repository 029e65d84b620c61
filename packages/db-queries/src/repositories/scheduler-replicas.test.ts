import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { migrate, type RunStatus } from '@itinerary/db-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunUpdateResult } from './job-run-updates.js';
import { createJob } from './jobs.js';

// The scenario of issue 19, as a new user ran it: 4 replicas, 20 jobs x 30 scheduled times,
// every replica firing every slot, in its own shuffled order, through applyJobRunUpdates in
// batches of 25 and claimJobRun. A third of the slots use one run id every replica shares
// (derived from the slot), a third each replica's own run id written through
// applyJobRunUpdates, a third each replica's own run id claimed first with claimJobRun.
const REPLICAS = 4;
const JOBS = 20;
const TIMES = 30;
const BATCH = 25;
const BASE = Date.UTC(2026, 2, 1);

const SCRIPT = fileURLToPath(new URL('./test-support/scheduler-replica.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/repositories/', import.meta.url));
const SRC = fileURLToPath(new URL('./', import.meta.url));

type Kind = 'shared' | 'own' | 'claimed';

interface Slot {
  jobId: string;
  scheduledAt: number;
  kind: Kind;
}

/** The run id replica `r` gives a slot. */
function runIdOf(slot: Slot, r: number): string {
  const base = `${slot.jobId}@${slot.scheduledAt}`;
  return slot.kind === 'shared' ? `run-${base}` : `run-${base}-r${r}`;
}

/** What a run ends as when all its updates are written: replicas sharing a run id agree. */
function finalOf(slot: Slot, runId: string) {
  const r = slot.kind === 'shared' ? 0 : Number(runId.slice(runId.lastIndexOf('-r') + 2));
  const failed = (slot.scheduledAt / 60_000 + r) % 4 === 0;
  return {
    status: (failed ? 'failed' : 'completed') as RunStatus,
    startedAt: slot.scheduledAt + 1000 + r,
    completedAt: slot.scheduledAt + 5000 + r,
    success: !failed,
    error: failed ? `exit ${r + 1}` : null,
  };
}

/** A small deterministic generator, so a failing order can be replayed exactly. */
function random(seed: number): () => number {
  let state = seed * 2654435761 + 7;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

type Update = Record<string, string | number | boolean | null>;
type Step = { claim: Update } | { update: Update; ifClaimed?: boolean };

/**
 * Replica `r`'s steps: each slot's first write at its place in the shuffled order, its start
 * 3 slots later and its end 7 slots later, so a batch mixes new runs with later updates of
 * earlier ones and every run's updates stay in order.
 */
function stepsOf(slots: readonly Slot[], r: number, seed: number): Step[] {
  const order = shuffled(slots, random(seed * 31 + r));
  const lanes: Step[][] = Array.from({ length: order.length + 8 }, () => []);
  order.forEach((slot, i) => {
    const runId = runIdOf(slot, r);
    const end = finalOf(slot, runId);
    const first = { runId, jobId: slot.jobId, scheduledAt: slot.scheduledAt, status: 'pending' };
    const claimed = slot.kind === 'claimed';
    (lanes[i] as Step[]).push(claimed ? { claim: first } : { update: first });
    (lanes[i + 3] as Step[]).push({
      update: { runId, status: 'running', startedAt: end.startedAt },
      ifClaimed: claimed,
    });
    (lanes[i + 7] as Step[]).push({
      update: {
        runId,
        status: end.status,
        completedAt: end.completedAt,
        success: end.success,
        error: end.error,
      },
      ifClaimed: claimed,
    });
  });
  return lanes.flat();
}

interface ReplicaReport {
  ok: boolean;
  name?: string;
  message?: string;
  claims: Array<{ runId: string; claimed: boolean; key?: 'slot' | 'run-id'; owner: string }>;
  batches: Array<{ sent: Update[]; result: JobRunUpdateResult }>;
}

function runReplica(planFile: string): Promise<ReplicaReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, planFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ReplicaReport);
      } catch {
        reject(new Error(`replica exited ${code ?? signal} without a report: ${stdout}${stderr}`));
      }
    });
  });
}

/** The replicas run the built package: a stale build would test old code, so fail naming the fix. */
function assertBuilt(): void {
  for (const file of ['job-runs', 'job-run-updates']) {
    const built = `${DIST}${file}.js`;
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(`${SRC}${file}.ts`).mtimeMs) {
      throw new Error(`${built} is missing or older than its source: run \`pnpm build\` before this test`);
    }
  }
}

interface RunRow {
  job_id: string;
  run_id: string;
  scheduled_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  status: RunStatus;
  success: boolean | null;
  error: string | null;
}

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] several scheduler replicas on one database`, () => {
    let scratch: ScratchDatabase | undefined;
    let db: Database | undefined;
    let dir = '';
    const slots: Slot[] = [];
    for (let j = 0; j < JOBS; j++) {
      for (let t = 0; t < TIMES; t++) {
        const kinds: Kind[] = ['shared', 'own', 'claimed'];
        slots.push({
          jobId: `replica-job-${j}`,
          scheduledAt: BASE + t * 60_000,
          kind: kinds[(j + t) % 3] as Kind,
        });
      }
    }

    beforeAll(async () => {
      assertBuilt();
      dir = mkdtempSync(join(tmpdir(), 'itinerary-replicas-'));
      scratch = await createScratchDatabase(target);
      db = await openWithConfig(scratch.config);
      await migrate(db);
      if (target.driver === 'postgres') {
        // Concurrency and bookkeeping are under test, not the disk's fsync latency (as in the
        // load test); commits become visible exactly as before.
        const [row] = await db.query<{ name: string }>('SELECT current_database() AS name');
        await db.exec(`ALTER DATABASE "${row?.name}" SET synchronous_commit = off`);
      }
      for (let j = 0; j < JOBS; j++) {
        await createJob(db, { id: `replica-job-${j}`, name: `Replica ${j}`, schedule: '* * * * *' });
      }
    });
    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    // Two rounds on fresh rows, each with its own shuffles: a race lost once is not enough.
    for (const round of [1, 2]) {
      it(`round ${round}: ${REPLICAS} replica processes, ${JOBS * TIMES} slots: one run per slot, nothing lost, every outcome reported`, {
        timeout: 120_000,
      }, async () => {
        const live = db as Database;
        await live.exec('DELETE FROM job_runs');
        const startAt = Date.now() + 1500;
        const plans = Array.from({ length: REPLICAS }, (_, r) => {
          const file = join(dir, `plan-${round}-${r}.json`);
          const steps = stepsOf(slots, r, round);
          writeFileSync(file, JSON.stringify({ config: scratch?.config, startAt, batchSize: BATCH, steps }));
          return { file, steps };
        });
        const reports = await Promise.all(plans.map((p) => runReplica(p.file)));
        for (const report of reports) expect(report, report.message).toMatchObject({ ok: true });

        const rows = await live.query<RunRow & Record<string, unknown>>(
          'SELECT job_id, run_id, scheduled_at, started_at, completed_at, status, success, error FROM job_runs',
        );
        const bySlot = new Map<string, RunRow>();
        for (const row of rows) bySlot.set(`${row.job_id}@${row.scheduled_at.getTime()}`, row);
        // Exactly one run per slot: none missing (the key makes two impossible).
        expect(rows.length).toBe(slots.length);
        expect(bySlot.size).toBe(slots.length);

        const problems: string[] = [];
        const insertsPerSlot = new Map<string, number>();
        const expectedStatus = new Map<string, number>();
        for (const slot of slots) {
          const key = `${slot.jobId}@${slot.scheduledAt}`;
          const row = bySlot.get(key);
          if (!row) {
            problems.push(`${key}: no run`);
            continue;
          }
          const owners = Array.from({ length: REPLICAS }, (_, r) => runIdOf(slot, r));
          if (!owners.includes(row.run_id)) problems.push(`${key}: owned by unexpected run ${row.run_id}`);
          // Every update of the owning run was written: the row is that run's final state.
          const want = finalOf(slot, row.run_id);
          const got = {
            status: row.status,
            startedAt: row.started_at?.getTime() ?? null,
            completedAt: row.completed_at?.getTime() ?? null,
            success: row.success,
            error: row.error,
          };
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            problems.push(`${key}: ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
          }
          expectedStatus.set(want.status, (expectedStatus.get(want.status) ?? 0) + 1);
        }

        reports.forEach((report, r) => {
          // Every update sent has exactly one outcome, and the outcomes are the ones possible.
          const sent = report.batches.reduce((n, b) => n + b.sent.length, 0);
          const planned = plans[r]?.steps.filter(
            (s) =>
              'update' in s &&
              (!s.ifClaimed || report.claims.some((c) => c.claimed && c.runId === s.update.runId)),
          ).length;
          expect(sent).toBe(planned);
          for (const { sent: batch, result } of report.batches) {
            const outcomes = result.inserted.length + result.updated.length + result.skipped.length;
            if (outcomes !== batch.length)
              problems.push(`replica ${r}: ${batch.length} sent, ${outcomes} outcomes`);
            for (const runId of result.inserted) {
              const update = batch.find((u) => u.runId === runId && u.jobId !== undefined) as Update;
              const key = `${update.jobId}@${update.scheduledAt}`;
              insertsPerSlot.set(key, (insertsPerSlot.get(key) ?? 0) + 1);
              if (bySlot.get(key)?.run_id !== runId)
                problems.push(`replica ${r}: reported ${runId} inserted, not stored`);
            }
            for (const skip of result.skipped) {
              const update = batch[skip.index] as Update;
              if (update.runId !== skip.runId)
                problems.push(`replica ${r}: skip ${skip.index} names another run`);
              const slot = slots.find((s) => runIdOf(s, r) === skip.runId) as Slot;
              const owner = bySlot.get(`${slot.jobId}@${slot.scheduledAt}`)?.run_id;
              const won = owner === skip.runId;
              if (skip.reason === 'slot-taken') {
                // Only a first write of a run id that lost its slot, naming the run that won it.
                if (won || update.jobId === undefined || skip.owner !== owner) {
                  problems.push(`replica ${r}: ${JSON.stringify(skip)} but the slot is ${owner}`);
                }
              } else if (skip.reason === 'unknown-run') {
                // Only a later update of a run id that lost its slot.
                if (won || update.jobId !== undefined) problems.push(`replica ${r}: ${JSON.stringify(skip)}`);
              } else if (skip.reason === 'identity-mismatch' || !(slot.kind === 'shared')) {
                // A run id of one replica's own is written by it alone, in order: nothing to skip.
                problems.push(`replica ${r}: ${JSON.stringify(skip)} (${slot.kind})`);
              }
            }
          }
          for (const claim of report.claims) {
            const slot = slots.find((s) => runIdOf(s, r) === claim.runId) as Slot;
            const owner = bySlot.get(`${slot.jobId}@${slot.scheduledAt}`)?.run_id;
            if (
              claim.claimed !== (owner === claim.runId) ||
              claim.owner !== owner ||
              (!claim.claimed && claim.key !== 'slot')
            ) {
              problems.push(`replica ${r}: claim ${JSON.stringify(claim)} but the slot is ${owner}`);
            }
            if (claim.claimed) {
              const key = `${slot.jobId}@${slot.scheduledAt}`;
              insertsPerSlot.set(key, (insertsPerSlot.get(key) ?? 0) + 1);
            }
          }
        });
        // Each slot's run was created by exactly one replica, as the replicas reported it.
        for (const slot of slots) {
          const key = `${slot.jobId}@${slot.scheduledAt}`;
          if (insertsPerSlot.get(key) !== 1)
            problems.push(`${key}: reported created ${insertsPerSlot.get(key) ?? 0} times`);
        }
        expect(problems.slice(0, 10)).toEqual([]);

        // The database's tallies per status are the ones the owners' updates add up to.
        const counted = await live.query<{ status: string; c: number }>(
          'SELECT status, COUNT(*) AS c FROM job_runs GROUP BY status',
        );
        expect(Object.fromEntries(counted.map((c) => [c.status, Number(c.c)]))).toEqual(
          Object.fromEntries(expectedStatus),
        );
        // Losers: own and claimed slots have REPLICAS - 1 each, shared ones none.
        const slotTaken = reports.flatMap((rep) =>
          rep.batches.flatMap((b) => b.result.skipped.filter((s) => s.reason === 'slot-taken')),
        ).length;
        const lostClaims = reports.flatMap((rep) => rep.claims.filter((c) => !c.claimed)).length;
        const third = slots.filter((s) => s.kind === 'own').length;
        expect(slotTaken).toBe(third * (REPLICAS - 1));
        expect(lostClaims).toBe(slots.filter((s) => s.kind === 'claimed').length * (REPLICAS - 1));
      });
    }
  });
}
