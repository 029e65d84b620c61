import type { Executor } from '@itinerary/db-core';
import { type Job, type JobInput, jobInputSchema, type PodSpec, validate } from '@itinerary/db-schema';
import { checkId } from '../arguments.js';
import { layerNow } from '../clock.js';
import { notFound } from '../not-found.js';
import { jsonColumn, jsonParam } from '../row-values.js';
import { missedUpdate, nextVersion, type ReadBackFields, splitVersion } from '../versioned-update.js';

interface JobRow {
  id: string;
  name: string;
  schedule: string;
  time_zone: string | null;
  pod_spec: unknown;
  constraint_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_JOBS =
  'SELECT id, name, schedule, time_zone, pod_spec, constraint_id, created_at, updated_at FROM jobs';

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name,
    schedule: row.schedule,
    timeZone: row.time_zone,
    podSpec: jsonColumn<PodSpec>(row.pod_spec),
    constraintId: row.constraint_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads one job; throws `NotFoundError` when there is none with that id. */
export async function getJob(db: Executor, id: string): Promise<Job> {
  const [row] = await db.query<JobRow & Record<string, unknown>>(`${SELECT_JOBS} WHERE id = ?`, [
    checkId(id, 'job id'),
  ]);
  if (!row) throw notFound('job', { id });
  return toJob(row);
}

/** Reads every job, ordered by id, into a new array (nothing is cached between calls). */
export async function getAllJobs(db: Executor): Promise<Job[]> {
  const rows = await db.query<JobRow & Record<string, unknown>>(`${SELECT_JOBS} ORDER BY id`);
  return rows.map(toJob);
}

/** What the scheduler's index rebuild needs of a job: no name, no pod spec. */
export interface JobSchedule {
  id: string;
  schedule: string;
  /** The zone `schedule` fires in (null = UTC), for `parseCronSchedule`. */
  timeZone: string | null;
  constraintId: string | null;
}

/** Options of `iterateJobs`. */
export interface IterateJobsOptions {
  /** Rows fetched per round trip (default 1000); memory is bounded by one batch. */
  batchSize?: number;
}

/**
 * Streams every job, ordered by id, holding one batch in memory at a time. With
 * `fields: 'schedule'` only id, schedule and constraint are read, so the index rebuild
 * neither transfers nor parses pod specs.
 */
export function iterateJobs(
  db: Executor,
  options: IterateJobsOptions & { fields: 'schedule' },
): AsyncIterable<JobSchedule>;
export function iterateJobs(
  db: Executor,
  options?: IterateJobsOptions & { fields?: 'all' },
): AsyncIterable<Job>;
export async function* iterateJobs(
  db: Executor,
  options: IterateJobsOptions & { fields?: 'all' | 'schedule' } = {},
): AsyncIterable<Job | JobSchedule> {
  const batchSize = options.batchSize ?? 1000;
  if (options.fields === 'schedule') {
    const rows = db.iterate<{
      id: string;
      schedule: string;
      time_zone: string | null;
      constraint_id: string | null;
    }>('SELECT id, schedule, time_zone, constraint_id FROM jobs ORDER BY id', [], { batchSize });
    for await (const row of rows)
      yield { id: row.id, schedule: row.schedule, timeZone: row.time_zone, constraintId: row.constraint_id };
    return;
  }
  for await (const row of db.iterate<JobRow & Record<string, unknown>>(`${SELECT_JOBS} ORDER BY id`, [], {
    batchSize,
  })) {
    yield toJob(row);
  }
}

/** Validates and inserts a job; the layer sets `createdAt` and `updatedAt`. */
export async function createJob(db: Executor, input: JobInput): Promise<Job> {
  const job = validate(jobInputSchema, input, 'job');
  const now = layerNow();
  await db.exec(
    'INSERT INTO jobs (id, name, schedule, time_zone, pod_spec, constraint_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [job.id, job.name, job.schedule, job.timeZone, jsonParam(job.podSpec), job.constraintId, now, now],
  );
  // Written out: on Node 20, `{ ...job, createdAt }` builds a new hidden class per call (~2 µs).
  return {
    id: job.id,
    name: job.name,
    schedule: job.schedule,
    timeZone: job.timeZone,
    podSpec: job.podSpec,
    constraintId: job.constraintId,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Validates and replaces a job's fields, moving `updatedAt` forward; throws `NotFoundError` when
 * missing. Takes the object `getJob` returned as it is: `createdAt` is ignored, and a given
 * `updatedAt` turns on the lost-update check: when the row changed since that read, nothing is
 * written and a `LostUpdateError` is thrown. Without `updatedAt` the last write wins.
 */
export async function updateJob(db: Executor, input: JobInput & ReadBackFields): Promise<Job> {
  const { fields, expected } = splitVersion(input);
  const job = validate(jobInputSchema, fields, 'job');
  const params = [
    job.name,
    job.schedule,
    job.timeZone,
    jsonParam(job.podSpec),
    job.constraintId,
    nextVersion(expected),
    job.id,
  ];
  const { rowsAffected } =
    expected === undefined
      ? await db.exec(
          'UPDATE jobs SET name = ?, schedule = ?, time_zone = ?, pod_spec = ?, constraint_id = ?, updated_at = ? WHERE id = ?',
          params,
        )
      : await db.exec(
          'UPDATE jobs SET name = ?, schedule = ?, time_zone = ?, pod_spec = ?, constraint_id = ?, updated_at = ? WHERE id = ? AND updated_at = ?',
          [...params, expected],
        );
  if (rowsAffected === 0) throw await missedUpdate(db, 'jobs', 'job', job.id, expected);
  return getJob(db, job.id);
}

/** Deletes a job with its runs, action links and their violations; throws `NotFoundError` when missing. */
export async function deleteJob(db: Executor, id: string): Promise<void> {
  const { rowsAffected } = await db.exec('DELETE FROM jobs WHERE id = ?', [checkId(id, 'job id')]);
  if (rowsAffected === 0) throw notFound('job', { id });
}
