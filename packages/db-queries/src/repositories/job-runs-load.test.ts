import type { Driver, Executor } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import type { JobRunUpdate, RunStatus } from '@itinerary/db-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { applyJobRunUpdates } from './job-run-updates.js';
import { completeJobRun, countActiveRuns, createJobRun, updateJobRunStatus } from './job-runs.js';
import { createJob } from './jobs.js';

const WORKERS = 16;
const JOBS = 8;
// Operations per worker, sized so each dialect's run stays well under a minute on a 2-core CI
// machine running other test files at the same time. A batch operation writes up to five runs,
// so each worker makes a few thousand writes.
const OPERATIONS: Record<Driver, number> = { postgres: 1500, mysql: 1500, sqlite3: 2000 };
const BASE = Date.UTC(2026, 0, 1);

/** What a run must look like afterwards, by the writes that were reported committed. */
interface ExpectedRun {
  jobId: string;
  scheduledAt: number;
  status: RunStatus;
  startedAt: number | null;
  /** A number when the caller chose it; 'set' when the layer stamped it (completeJobRun). */
  completedAt: number | 'set' | null;
  success: boolean | null;
  error: string | null;
}

/** A small deterministic generator, so a failing mix can be replayed exactly. */
function random(seed: number): () => number {
  let state = seed * 2654435761 + 1;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * One scheduler-like worker: creates runs, starts them, completes them, and now and then
 * writes a batch through applyJobRunUpdates, recording every write that resolved.
 */
async function worker(db: Executor, w: number, operations: number, ledger: Map<string, ExpectedRun>) {
  const next = random(w + 1);
  const pending: string[] = [];
  const running: string[] = [];
  let created = 0;
  const newRun = (): [string, ExpectedRun] => {
    const seq = created++;
    return [
      `w${w}-r${seq}`,
      {
        jobId: `load-job-${(w + seq) % JOBS}`,
        // Unique per job across workers: workers interleave in every job's key range.
        scheduledAt: BASE + (seq * WORKERS + w) * 60_000,
        status: 'pending',
        startedAt: null,
        completedAt: null,
        success: null,
        error: null,
      },
    ];
  };

  for (let op = 0; op < operations; op++) {
    const r = next();
    if (r < 0.3 || (pending.length === 0 && running.length === 0)) {
      const [runId, run] = newRun();
      await createJobRun(db, {
        jobId: run.jobId,
        runId,
        scheduledAt: new Date(run.scheduledAt),
        status: 'pending',
      });
      ledger.set(runId, run);
      pending.push(runId);
    } else if (r < 0.55 && pending.length > 0) {
      const runId = pending.shift() as string;
      await updateJobRunStatus(db, runId, 'running');
      (ledger.get(runId) as ExpectedRun).status = 'running';
      running.push(runId);
    } else if (r < 0.85 && running.length > 0) {
      const runId = running.shift() as string;
      const success = next() < 0.8;
      const error = success ? null : `exit code ${op % 255}: ${'OOMKilled '.repeat(op % 5)}`.trim();
      await completeJobRun(db, runId, success, error);
      Object.assign(ledger.get(runId) as ExpectedRun, {
        status: success ? 'completed' : 'failed',
        completedAt: 'set',
        success,
        error,
      });
    } else {
      // A batch as the scheduler flushes it: new runs, a start and a completion.
      const updates: JobRunUpdate[] = [];
      const changes: Array<[string, Partial<ExpectedRun>]> = [];
      for (let i = 0; i < 3; i++) {
        const [runId, run] = newRun();
        updates.push({ runId, jobId: run.jobId, scheduledAt: new Date(run.scheduledAt), status: 'pending' });
        changes.push([runId, run]);
      }
      const toStart = pending.shift();
      if (toStart) {
        const startedAt = BASE + op;
        updates.push({ runId: toStart, status: 'running', startedAt: new Date(startedAt) });
        changes.push([toStart, { status: 'running', startedAt }]);
      }
      const toFinish = running.shift();
      if (toFinish) {
        const completedAt = BASE + op + 1;
        updates.push({
          runId: toFinish,
          status: 'cancelled',
          completedAt: new Date(completedAt),
          success: false,
        });
        changes.push([toFinish, { status: 'cancelled', completedAt, success: false }]);
      }
      const result = await applyJobRunUpdates(db, updates);
      expect(result.skipped).toEqual([]);
      for (const [runId, change] of changes) {
        const known = ledger.get(runId);
        if (known) Object.assign(known, change);
        else ledger.set(runId, change as ExpectedRun);
      }
      pending.push(...changes.slice(0, 3).map(([runId]) => runId));
      if (toStart) running.push(toStart);
    }
  }
}

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] job-run load`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      if (target.driver === 'postgres') {
        // What is under test is concurrency and bookkeeping, not the CI disk's fsync latency,
        // which would otherwise dominate: commits still become visible exactly as before.
        const [row] = await db().query<{ name: string }>('SELECT current_database() AS name');
        await db().exec(`ALTER DATABASE "${row?.name}" SET synchronous_commit = off`);
      }
      for (let j = 0; j < JOBS; j++) {
        await createJob(db(), { id: `load-job-${j}`, name: `Load ${j}`, schedule: '* * * * *' });
      }
    });

    it(`keeps every committed write of ${WORKERS} concurrent workers, and the counts reconcile exactly`, {
      timeout: 120_000,
    }, async () => {
      const ledger = new Map<string, ExpectedRun>();
      const operations = OPERATIONS[target.driver];
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(db(), w, operations, ledger)));

      const rows = await db().query<{
        run_id: string;
        job_id: string;
        scheduled_at: Date;
        started_at: Date | null;
        completed_at: Date | null;
        status: RunStatus;
        success: boolean | null;
        error: string | null;
      }>(
        'SELECT run_id, job_id, scheduled_at, started_at, completed_at, status, success, error FROM job_runs',
      );
      expect(rows.length).toBe(ledger.size);
      const mismatches: string[] = [];
      for (const row of rows) {
        const want = ledger.get(row.run_id);
        const got: ExpectedRun = {
          jobId: row.job_id,
          scheduledAt: row.scheduled_at.getTime(),
          status: row.status,
          startedAt: row.started_at?.getTime() ?? null,
          completedAt:
            want?.completedAt === 'set' && row.completed_at ? 'set' : (row.completed_at?.getTime() ?? null),
          success: row.success,
          error: row.error,
        };
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          mismatches.push(`${row.run_id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);

      // The database's own tallies agree with the ledger's, per status and per job.
      const byStatus = new Map<string, number>();
      for (const run of ledger.values()) byStatus.set(run.status, (byStatus.get(run.status) ?? 0) + 1);
      const counted = await db().query<{ status: string; c: number }>(
        'SELECT status, COUNT(*) AS c FROM job_runs GROUP BY status',
      );
      expect(Object.fromEntries(counted.map((r) => [r.status, r.c]))).toEqual(Object.fromEntries(byStatus));
      for (let j = 0; j < JOBS; j++) {
        const jobId = `load-job-${j}`;
        const active = [...ledger.values()].filter(
          (run) => run.jobId === jobId && (run.status === 'pending' || run.status === 'running'),
        ).length;
        expect(await countActiveRuns(db(), jobId)).toBe(active);
      }
      expect(ledger.size).toBeGreaterThan(WORKERS * operations * 0.5);
    });
  });
}
