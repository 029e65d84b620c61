import type { JsonObject } from '@itinerary/db-schema';
import pg from 'pg';
import type { BenchClient } from '../bench-client.js';
import {
  expectOneRow,
  JOB_COLUMNS,
  type RawDecoders,
  RUN_COLUMNS,
  rawJob,
  rawJobRun,
} from './row-mapping.js';

/** How pg hands over dates, JSON and booleans; the Kysely contender reads them through the same driver. */
export const postgresDecoders: RawDecoders = {
  date: (v) => v as Date,
  json: (v) => (v ?? null) as JsonObject | null,
  bool: (v) => (v ?? null) as boolean | null,
};

/** pg used the fastest idiomatic way: a pool and named prepared statements. */
export function postgresRaw(dsn: string): BenchClient {
  const pool = new pg.Pool({ connectionString: dsn, max: 25 });
  return {
    createJob: async (job) => {
      const now = new Date();
      await pool.query({
        name: 'bench_create_job',
        text: 'INSERT INTO jobs (id, name, schedule, time_zone, pod_spec, constraint_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        values: [
          job.id,
          job.name,
          job.schedule,
          null,
          JSON.stringify(job.podSpec),
          job.constraintId,
          now,
          now,
        ],
      });
    },
    getJob: async (id) => {
      const { rows } = await pool.query({
        name: 'bench_get_job',
        text: `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`,
        values: [id],
      });
      return rawJob(rows[0], postgresDecoders);
    },
    getAllJobs: async () => {
      const { rows } = await pool.query({
        name: 'bench_all_jobs',
        text: `SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id`,
      });
      return rows.map((row) => rawJob(row, postgresDecoders));
    },
    createRunInTransaction: async (run) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query({
          name: 'bench_create_run',
          text: 'INSERT INTO job_runs (job_id, run_id, scheduled_at, started_at, completed_at, status, success, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          values: [run.jobId, run.runId, run.scheduledAt, null, null, run.status, null, null],
        });
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    getJobRuns: async (jobId, limit) => {
      const { rows } = await pool.query({
        name: 'bench_job_runs',
        text: `SELECT ${RUN_COLUMNS} FROM job_runs WHERE job_id = $1 ORDER BY scheduled_at DESC LIMIT $2`,
        values: [jobId, limit],
      });
      return rows.map((row) => rawJobRun(row, postgresDecoders));
    },
    completeRun: async (runId, success, error) => {
      const result = await pool.query({
        name: 'bench_complete_run',
        text: 'UPDATE job_runs SET status = $1, completed_at = $2, success = $3, error = $4 WHERE run_id = $5',
        values: [success ? 'completed' : 'failed', new Date(), success, error, runId],
      });
      expectOneRow(result.rowCount, runId);
    },
    close: () => pool.end(),
  };
}
