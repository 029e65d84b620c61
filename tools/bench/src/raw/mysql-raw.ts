import type { JsonObject } from '@itinerary/db-schema';
import mysql from 'mysql2/promise';
import type { BenchClient } from '../bench-client.js';
import {
  expectOneRow,
  JOB_COLUMNS,
  type RawDecoders,
  RUN_COLUMNS,
  rawJob,
  rawJobRun,
} from './row-mapping.js';

/** How mysql2 hands over dates, JSON and booleans; the Kysely contender reads them through the same driver. */
export const mysqlDecoders: RawDecoders = {
  date: (v) => v as Date,
  // MariaDB's JSON is LONGTEXT on the wire.
  json: (v) => (v === null ? null : typeof v === 'string' ? JSON.parse(v) : (v as JsonObject)),
  bool: (v) => (v === null ? null : Number(v) === 1),
};

/** mysql2 used the fastest idiomatic way: a pool and `execute` (cached prepared statements). */
export function mysqlRaw(dsn: string): BenchClient {
  const pool = mysql.createPool({ uri: dsn, connectionLimit: 25, timezone: 'Z', dateStrings: false });
  return {
    createJob: async (job) => {
      const now = new Date();
      await pool.execute(
        'INSERT INTO jobs (id, name, schedule, time_zone, pod_spec, constraint_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [job.id, job.name, job.schedule, null, JSON.stringify(job.podSpec), job.constraintId, now, now],
      );
    },
    getJob: async (id) => {
      const [rows] = await pool.execute(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`, [id]);
      return rawJob((rows as Record<string, unknown>[])[0] as Record<string, unknown>, mysqlDecoders);
    },
    getAllJobs: async () => {
      const [rows] = await pool.execute(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id`);
      return (rows as Record<string, unknown>[]).map((row) => rawJob(row, mysqlDecoders));
    },
    createRunInTransaction: async (run) => {
      const conn = await pool.getConnection();
      try {
        await conn.query('START TRANSACTION');
        await conn.execute(
          'INSERT INTO job_runs (job_id, run_id, scheduled_at, started_at, completed_at, status, success, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [run.jobId, run.runId, run.scheduledAt, null, null, run.status, null, null],
        );
        await conn.query('COMMIT');
      } catch (err) {
        await conn.query('ROLLBACK');
        throw err;
      } finally {
        conn.release();
      }
    },
    getJobRuns: async (jobId, limit) => {
      const [rows] = await pool.execute(
        `SELECT ${RUN_COLUMNS} FROM job_runs WHERE job_id = ? ORDER BY scheduled_at DESC LIMIT ?`,
        [jobId, limit],
      );
      return (rows as Record<string, unknown>[]).map((row) => rawJobRun(row, mysqlDecoders));
    },
    completeRun: async (runId, success, error) => {
      const [result] = await pool.execute(
        'UPDATE job_runs SET status = ?, completed_at = ?, success = ?, error = ? WHERE run_id = ?',
        [success ? 'completed' : 'failed', new Date(), success ? 1 : 0, error, runId],
      );
      expectOneRow((result as mysql.ResultSetHeader).affectedRows, runId);
    },
    close: () => pool.end(),
  };
}
