import type { Job, JobRun, JsonObject } from '@itinerary/db-schema';

/** The columns both sides select, in the same order. */
export const JOB_COLUMNS = 'id, name, schedule, time_zone, pod_spec, constraint_id, created_at, updated_at';
export const RUN_COLUMNS = 'job_id, run_id, scheduled_at, started_at, completed_at, status, success, error';

/** How one driver hands over the values a row mapping must normalise. */
export interface RawDecoders {
  date(value: unknown): Date;
  json(value: unknown): JsonObject | null;
  bool(value: unknown): boolean | null;
}

/**
 * Throws unless an UPDATE changed exactly one row: a contender that completed a run it never
 * created would time a no-op (each side completes the runs it created; see run-bench).
 */
export function expectOneRow(changed: number | bigint | null | undefined, runId: string): void {
  if (Number(changed) !== 1) throw new Error(`complete run ${runId}: ${changed} rows changed, expected 1`);
}

/** Maps a raw jobs row to the same `Job` the layer returns. */
export function rawJob(row: Record<string, unknown>, d: RawDecoders): Job {
  return {
    id: row.id as string,
    name: row.name as string,
    schedule: row.schedule as string,
    timeZone: row.time_zone as string | null,
    podSpec: d.json(row.pod_spec),
    constraintId: row.constraint_id as string | null,
    createdAt: d.date(row.created_at),
    updatedAt: d.date(row.updated_at),
  };
}

/** Maps a raw job_runs row to the same `JobRun` the layer returns. */
export function rawJobRun(row: Record<string, unknown>, d: RawDecoders): JobRun {
  return {
    jobId: row.job_id as string,
    runId: row.run_id as string,
    scheduledAt: d.date(row.scheduled_at),
    startedAt: row.started_at === null ? null : d.date(row.started_at),
    completedAt: row.completed_at === null ? null : d.date(row.completed_at),
    status: row.status as JobRun['status'],
    success: d.bool(row.success),
    error: row.error as string | null,
  };
}
