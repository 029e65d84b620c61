import Database from 'better-sqlite3';
import type { BenchClient } from '../bench-client.js';
import {
  expectOneRow,
  JOB_COLUMNS,
  type RawDecoders,
  RUN_COLUMNS,
  rawJob,
  rawJobRun,
} from './row-mapping.js';

/** How better-sqlite3 hands over dates, JSON and booleans; the Kysely contender reads them through the same driver. */
export const sqliteDecoders: RawDecoders = {
  date: (v) => new Date(v as string),
  json: (v) => (v === null ? null : JSON.parse(v as string)),
  bool: (v) => (v === null ? null : v === 1),
};

/** A better-sqlite3 connection set up as the layer sets up its own (WAL, foreign keys). */
export function openBenchSqlite(path: string): Database.Database {
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // The bench checkpoints between rounds instead (see run-bench), on every side alike.
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

/** better-sqlite3 used the fastest idiomatic way: statements prepared once and reused. */
export function sqliteRaw(path: string): BenchClient {
  const db = openBenchSqlite(path);
  const insertJob = db.prepare(
    'INSERT INTO jobs (id, name, schedule, time_zone, pod_spec, constraint_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const selectJob = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`);
  const selectAllJobs = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id`);
  const insertRun = db.prepare(
    'INSERT INTO job_runs (job_id, run_id, scheduled_at, started_at, completed_at, status, success, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const selectRuns = db.prepare(
    `SELECT ${RUN_COLUMNS} FROM job_runs WHERE job_id = ? ORDER BY scheduled_at DESC LIMIT ?`,
  );
  const updateRun = db.prepare(
    'UPDATE job_runs SET status = ?, completed_at = ?, success = ?, error = ? WHERE run_id = ?',
  );
  const createRun = db.transaction((values: unknown[]) => insertRun.run(...values));
  return {
    createJob: async (job) => {
      const now = new Date().toISOString();
      insertJob.run(
        job.id,
        job.name,
        job.schedule,
        null,
        JSON.stringify(job.podSpec),
        job.constraintId,
        now,
        now,
      );
    },
    getJob: async (id) => rawJob(selectJob.get(id) as Record<string, unknown>, sqliteDecoders),
    getAllJobs: async () =>
      (selectAllJobs.all() as Record<string, unknown>[]).map((row) => rawJob(row, sqliteDecoders)),
    createRunInTransaction: async (run) => {
      createRun.immediate([
        run.jobId,
        run.runId,
        run.scheduledAt.toISOString(),
        null,
        null,
        run.status,
        null,
        null,
      ]);
    },
    getJobRuns: async (jobId, limit) =>
      (selectRuns.all(jobId, limit) as Record<string, unknown>[]).map((row) =>
        rawJobRun(row, sqliteDecoders),
      ),
    completeRun: async (runId, success, error) => {
      const { changes } = updateRun.run(
        success ? 'completed' : 'failed',
        new Date().toISOString(),
        success ? 1 : 0,
        error,
        runId,
      );
      expectOneRow(changes, runId);
    },
    close: async () => {
      db.close();
    },
  };
}
