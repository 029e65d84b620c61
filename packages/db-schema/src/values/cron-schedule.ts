/**
 * A job's schedule. The contract: a schedule is valid exactly when a Kubernetes CronJob
 * accepts it, and its fire times are the ones robfig/cron v3 computes for it. Validation and
 * fire times both go through `readSchedule`, so they cannot drift apart.
 */
import { describeValue } from '../describe-value.js';
import { nextFireTime } from './cron-next.js';
import { CronSpecError, parseStandardSpec, type StandardSchedule } from './cron-spec-parser.js';
import { type GoZone, goZone, UTC_ZONE } from './go-zoned-time.js';
import { stringWithRule, textColumnProblem } from './text.js';
import { timeZoneProblem } from './time-zone.js';

/**
 * The descriptors robfig/cron's standard parser accepts besides `@every <duration>`, as the
 * five-field expressions they fire like.
 */
export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

type ScheduleReading = { ok: true; schedule: StandardSchedule } | { ok: false; reason: string };

function readSchedule(text: string): ScheduleReading {
  if (text.length === 0) return { ok: false, reason: 'it is empty' };
  // Kubernetes refuses "TZ" anywhere in .spec.schedule, whether or not robfig would parse it.
  if (text.includes('TZ')) {
    return {
      ok: false,
      reason:
        "cannot use TZ or CRON_TZ in a schedule; set the job's timeZone instead, as a CronJob's spec.timeZone",
    };
  }
  try {
    return { ok: true, schedule: parseStandardSpec(text) };
  } catch (error) {
    if (!(error instanceof CronSpecError)) throw error;
    return { ok: false, reason: error.field ? `${error.field} field: ${error.message}` : error.message };
  }
}

// A scheduler's jobs share a handful of schedules: remember recent verdicts (bounded, so
// input can't grow it).
const verdicts = new Map<string, string | undefined>();
const VERDICT_LIMIT = 1000;

/** Why `text` is not a valid job schedule, or undefined when it is. */
export function cronScheduleProblem(text: string): string | undefined {
  if (verdicts.has(text)) return verdicts.get(text);
  const stored = textColumnProblem(text);
  const reading = stored === undefined ? readSchedule(text) : undefined;
  const problem =
    stored ??
    (reading?.ok === false
      ? `${describeValue(text)} is not a valid cron expression (${reading.reason})`
      : undefined);
  if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
  verdicts.set(text, problem);
  return problem;
}

/** Options of `parseCronSchedule`. */
export interface CronScheduleOptions {
  /** The job's IANA time zone; null or left out is UTC. */
  timeZone?: string | null;
}

/** A parsed job schedule in its time zone. */
export interface CronSchedule {
  /** The zone fire times are computed in: the job's IANA name, or 'UTC'. */
  readonly timeZone: string;
  /**
   * The first fire time after `after`, as robfig/cron v3's `Schedule.Next` computes it (whole
   * seconds; for `@every`, `after` plus the delay); null when the schedule never fires, such
   * as `0 0 30 2 *`, which robfig reports by finding nothing within five years.
   */
  next(after: Date): Date | null;
}

/**
 * Parses a job schedule exactly as validation reads it, for computing fire times in
 * `options.timeZone` (UTC by default); throws on an invalid schedule or zone.
 */
export function parseCronSchedule(schedule: string, options: CronScheduleOptions = {}): CronSchedule {
  if (typeof schedule !== 'string') {
    throw new TypeError(`expected a cron expression string, got ${describeValue(schedule)}`);
  }
  const problem = cronScheduleProblem(schedule);
  if (problem !== undefined) throw new Error(problem);
  const reading = readSchedule(schedule) as { ok: true; schedule: StandardSchedule };
  const zone = zoneOf(options.timeZone ?? null);
  return {
    timeZone: zone.name,
    next(after: Date): Date | null {
      if (!(after instanceof Date) || Number.isNaN(after.getTime())) {
        throw new TypeError(`expected a valid Date, got ${describeValue(after)}`);
      }
      const next = nextFireTime(reading.schedule, zone, after.getTime());
      return next === null ? null : new Date(next);
    },
  };
}

function zoneOf(timeZone: string | null): GoZone {
  if (timeZone === null) return UTC_ZONE;
  if (typeof timeZone !== 'string') {
    throw new TypeError(`expected a time zone name or null, got ${describeValue(timeZone)}`);
  }
  const problem = timeZoneProblem(timeZone);
  if (problem !== undefined) throw new Error(problem);
  return timeZone === 'UTC' ? UTC_ZONE : goZone(timeZone);
}

/**
 * A job schedule, valid exactly when a Kubernetes CronJob accepts it: five fields (minute
 * hour day-of-month month day-of-week) or a descriptor (`@daily`, `@every 1h30m`, …).
 */
export const cronScheduleSchema = stringWithRule(cronScheduleProblem);
