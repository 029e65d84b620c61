import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Driver } from '@itinerary/db-core';
import type { JobRun } from '@itinerary/db-schema';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import type { BenchClient } from '../bench-client.js';
import { mysqlDecoders } from '../raw/mysql-raw.js';
import { postgresDecoders } from '../raw/postgres-raw.js';
import type { RawDecoders } from '../raw/row-mapping.js';
import { expectOneRow, rawJob, rawJobRun } from '../raw/row-mapping.js';
import { openBenchSqlite, sqliteDecoders } from '../raw/sqlite-raw.js';
import type { BenchTables } from './bench-tables.js';

/** The Kysely version installed, for the report (its package.json is not in its exports map). */
export const KYSELY_VERSION: string = (() => {
  // …/kysely/dist/cjs/index.js → …/kysely/package.json
  const entry = createRequire(import.meta.url).resolve('kysely');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8'));
  return pkg.version as string;
})();

/** How a dialect's driver takes the values Kysely passes on as parameters. */
interface ParamEncoders {
  date(value: Date): unknown;
  bool(value: boolean): unknown;
}

interface KyselySetup {
  db: Kysely<BenchTables>;
  decoders: RawDecoders;
  params: ParamEncoders;
}

function setup(driver: Driver, dsn: string): KyselySetup {
  if (driver === 'postgres') {
    // Kysely's documented setup: a pg.Pool of the same size as the raw side's and the layer's.
    const dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: dsn, max: 25 }) });
    return {
      db: new Kysely<BenchTables>({ dialect }),
      decoders: postgresDecoders,
      params: { date: (d) => d, bool: (b) => b },
    };
  }
  if (driver === 'mysql') {
    // MysqlDialect takes mysql2's callback pool (not mysql2/promise); same settings as the raw side.
    const pool = createPool({ uri: dsn, connectionLimit: 25, timezone: 'Z', dateStrings: false });
    return {
      db: new Kysely<BenchTables>({ dialect: new MysqlDialect({ pool }) }),
      decoders: mysqlDecoders,
      params: { date: (d) => d, bool: (b) => (b ? 1 : 0) },
    };
  }
  // SQLite keeps timestamps in the schema's canonical text form and booleans as 0/1.
  const database = openBenchSqlite(dsn);
  return {
    db: new Kysely<BenchTables>({ dialect: new SqliteDialect({ database }) }),
    decoders: sqliteDecoders,
    params: { date: (d) => d.toISOString(), bool: (b) => (b ? 1 : 0) },
  };
}

const JOB_COLUMNS = [
  'id',
  'name',
  'schedule',
  'pod_spec',
  'constraint_id',
  'created_at',
  'updated_at',
] as const;
const RUN_COLUMNS = [
  'job_id',
  'run_id',
  'scheduled_at',
  'started_at',
  'completed_at',
  'status',
  'success',
  'error',
] as const;

/**
 * The operations through Kysely 0.28 as its documentation writes them (query builder, one
 * `Kysely` instance, `transaction().execute`), on the same tables and values as the other
 * contenders, and returning the same objects: rows mapped by the raw side's own mapping.
 */
export function kyselyClient(driver: Driver, dsn: string): BenchClient {
  const { db, decoders, params } = setup(driver, dsn);
  return {
    createJob: async (job) => {
      const now = params.date(new Date());
      await db
        .insertInto('jobs')
        .values({
          id: job.id,
          name: job.name,
          schedule: job.schedule,
          pod_spec: JSON.stringify(job.podSpec),
          constraint_id: job.constraintId,
          created_at: now,
          updated_at: now,
        })
        .execute();
    },
    getJob: async (id) => {
      const row = await db
        .selectFrom('jobs')
        .select(JOB_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return rawJob(row, decoders);
    },
    getAllJobs: async () => {
      const rows = await db.selectFrom('jobs').select(JOB_COLUMNS).orderBy('id').execute();
      return rows.map((row) => rawJob(row, decoders));
    },
    createRunInTransaction: (run) =>
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('job_runs')
          .values({
            job_id: run.jobId,
            run_id: run.runId,
            scheduled_at: params.date(run.scheduledAt),
            started_at: null,
            completed_at: null,
            status: run.status,
            success: null,
            error: null,
          })
          .execute();
      }),
    getJobRuns: async (jobId, limit) => {
      const rows = await db
        .selectFrom('job_runs')
        .select(RUN_COLUMNS)
        .where('job_id', '=', jobId)
        .orderBy('scheduled_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => rawJobRun(row, decoders));
    },
    completeRun: async (runId, success, error) => {
      const status: JobRun['status'] = success ? 'completed' : 'failed';
      const result = await db
        .updateTable('job_runs')
        .set({ status, completed_at: params.date(new Date()), success: params.bool(success), error })
        .where('run_id', '=', runId)
        .executeTakeFirst();
      expectOneRow(result.numUpdatedRows, runId);
    },
    close: () => db.destroy(),
  };
}
