import type { Executor, SqlParam } from '@itinerary/db-core';
import {
  type SchedulerStats,
  type SchedulerStatsInput,
  schedulerStatsInputSchema,
  validate,
} from '@itinerary/db-schema';
import { checkTimestamp } from '../arguments.js';

/** The columns of `scheduler_stats`, in the order `schedulerStatsParams` binds them. */
export const SCHEDULER_STATS_COLUMNS = [
  'stats_period_id',
  'start_time',
  'end_time',
  'iterations',
  'run_jobs',
  'late_jobs',
  'time_passed_run_time',
  'missed_jobs',
  'time_passed_grace_period',
  'jobs_cancelled',
  'min_inbox_length',
  'max_inbox_length',
  'avg_inbox_length',
  'empty_inbox_time',
  'avg_time_in_inbox',
  'min_time_in_inbox',
  'max_time_in_inbox',
] as const;

type StatsRow = {
  stats_period_id: string;
  start_time: Date;
  end_time: Date;
  avg_inbox_length: number | null;
  avg_time_in_inbox: number | null;
} & Record<(typeof SCHEDULER_STATS_COLUMNS)[number], unknown>;

function toSchedulerStats(row: StatsRow): SchedulerStats {
  return {
    statsPeriodId: row.stats_period_id,
    startTime: row.start_time,
    endTime: row.end_time,
    iterations: row.iterations as number,
    runJobs: row.run_jobs as number,
    lateJobs: row.late_jobs as number,
    timePassedRunTime: row.time_passed_run_time as number,
    missedJobs: row.missed_jobs as number,
    timePassedGracePeriod: row.time_passed_grace_period as number,
    jobsCancelled: row.jobs_cancelled as number,
    minInboxLength: row.min_inbox_length as number | null,
    maxInboxLength: row.max_inbox_length as number | null,
    avgInboxLength: row.avg_inbox_length,
    emptyInboxTime: row.empty_inbox_time as number | null,
    avgTimeInInbox: row.avg_time_in_inbox,
    minTimeInInbox: row.min_time_in_inbox as number | null,
    maxTimeInInbox: row.max_time_in_inbox as number | null,
  };
}

/** A stats period's values in `SCHEDULER_STATS_COLUMNS` order. */
export function schedulerStatsParams(s: SchedulerStats): SqlParam[] {
  return [
    s.statsPeriodId,
    s.startTime,
    s.endTime,
    s.iterations,
    s.runJobs,
    s.lateJobs,
    s.timePassedRunTime,
    s.missedJobs,
    s.timePassedGracePeriod,
    s.jobsCancelled,
    s.minInboxLength,
    s.maxInboxLength,
    s.avgInboxLength,
    s.emptyInboxTime,
    s.avgTimeInInbox,
    s.minTimeInInbox,
    s.maxTimeInInbox,
  ];
}

/**
 * Writes one stats period. The collector flushes a period several times while it is open, so
 * writing a period that already exists replaces its figures and leaves one row.
 */
export async function createSchedulerStats(
  db: Executor,
  input: SchedulerStatsInput,
): Promise<SchedulerStats> {
  const s = validate(schedulerStatsInputSchema, input, 'scheduler stats');
  const upsert = db.dialect.onConflictUpdate(['stats_period_id'], SCHEDULER_STATS_COLUMNS.slice(1));
  await db.exec(
    `INSERT INTO scheduler_stats (${SCHEDULER_STATS_COLUMNS.join(', ')})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${upsert}`,
    schedulerStatsParams(s),
  );
  return s;
}

/** Reads every period that overlaps [startTime, endTime], ordered by start. */
export async function getSchedulerStats(
  db: Executor,
  startTime: Date,
  endTime: Date,
): Promise<SchedulerStats[]> {
  const from = checkTimestamp(startTime, 'startTime');
  const to = checkTimestamp(endTime, 'endTime');
  const rows = await db.query<StatsRow>(
    `SELECT ${SCHEDULER_STATS_COLUMNS.join(', ')} FROM scheduler_stats
     WHERE start_time <= ? AND end_time >= ? ORDER BY start_time, stats_period_id`,
    [to, from],
  );
  return rows.map(toSchedulerStats);
}
