import type { Random } from './random.js';

/** How often a job runs, with what production jobs of that cadence look like. */
export interface ScheduleKind {
  name: 'every-minute' | 'every-5-minutes' | 'every-15-minutes' | 'hourly' | 'daily';
  /** Share of jobs with this cadence, in percent. */
  share: number;
  /** Minutes between two runs. */
  periodMinutes: number;
  /** Shortest and longest usual run time, ms; a few runs take far longer (see run-rows). */
  runTimeMs: readonly [number, number];
  /** A constraint's maxExpectedRunTime and maxAllowedRunTime for jobs of this cadence. */
  maxExpectedRunTime: { text: string; ms: number };
  maxAllowedRunTime: { text: string; ms: number };
}

// Proportions as a scheduler with 100,000 jobs sees them: a tenth fire every minute (the
// "10,000 jobs firing every minute" of the design), most are hourly or slower.
export const SCHEDULE_KINDS: readonly ScheduleKind[] = [
  {
    name: 'every-minute',
    share: 10,
    periodMinutes: 1,
    runTimeMs: [2_000, 45_000],
    maxExpectedRunTime: { text: '1m', ms: 60_000 },
    maxAllowedRunTime: { text: '2m', ms: 120_000 },
  },
  {
    name: 'every-5-minutes',
    share: 20,
    periodMinutes: 5,
    runTimeMs: [5_000, 180_000],
    maxExpectedRunTime: { text: '4m', ms: 240_000 },
    maxAllowedRunTime: { text: '10m', ms: 600_000 },
  },
  {
    name: 'every-15-minutes',
    share: 20,
    periodMinutes: 15,
    runTimeMs: [10_000, 480_000],
    maxExpectedRunTime: { text: '10m', ms: 600_000 },
    maxAllowedRunTime: { text: '25m', ms: 1_500_000 },
  },
  {
    name: 'hourly',
    share: 30,
    periodMinutes: 60,
    runTimeMs: [20_000, 1_200_000],
    maxExpectedRunTime: { text: '30m', ms: 1_800_000 },
    maxAllowedRunTime: { text: '1h', ms: 3_600_000 },
  },
  {
    name: 'daily',
    share: 20,
    periodMinutes: 1440,
    runTimeMs: [60_000, 5_400_000],
    maxExpectedRunTime: { text: '2h', ms: 7_200_000 },
    maxAllowedRunTime: { text: '4h', ms: 14_400_000 },
  },
];

/** A job's cadence: it runs at every minute `m` (since the epoch, UTC) with `m % periodMinutes === offsetMinutes`. */
export interface JobSchedule {
  kind: ScheduleKind;
  offsetMinutes: number;
  /** The cron expression that means exactly that. */
  cron: string;
}

/** Draws a cadence in the production proportions and writes it the way people write such crons. */
export function drawSchedule(random: Random): JobSchedule {
  const kind = random.weighted(SCHEDULE_KINDS.map((k) => [k, k.share] as const));
  switch (kind.name) {
    case 'every-minute':
      return { kind, offsetMinutes: 0, cron: '* * * * *' };
    case 'every-5-minutes': {
      const offset = random.chance(0.6) ? 0 : random.int(1, 4);
      return { kind, offsetMinutes: offset, cron: offset === 0 ? '*/5 * * * *' : `${offset}-59/5 * * * *` };
    }
    case 'every-15-minutes': {
      const offset = random.chance(0.5) ? 0 : random.int(1, 14);
      const minutes = [0, 15, 30, 45].map((m) => m + offset).join(',');
      return { kind, offsetMinutes: offset, cron: offset === 0 ? '*/15 * * * *' : `${minutes} * * * *` };
    }
    case 'hourly': {
      if (random.chance(0.15)) return { kind, offsetMinutes: 0, cron: '@hourly' };
      const minute = random.int(0, 59);
      return { kind, offsetMinutes: minute, cron: `${minute} * * * *` };
    }
    case 'daily': {
      if (random.chance(0.1)) return { kind, offsetMinutes: 0, cron: '@daily' };
      // Night-time batch work is the norm, so hours cluster after midnight.
      const hour = random.chance(0.6) ? random.int(0, 5) : random.int(0, 23);
      const minute = random.pick([0, 0, 0, 5, 10, 15, 30, 45, random.int(0, 59)]);
      return { kind, offsetMinutes: hour * 60 + minute, cron: `${minute} ${hour} * * *` };
    }
  }
}

// Zones whose offset from UTC is always whole hours: an hourly or shorter cadence fires at
// the same instants there as in UTC, across daylight-saving changes too (robfig/cron's Next
// skips a missing hour and repeats a doubled one, one hour apart either way), so
// lastOccurrences stays exact. A daily job's time would move with the zone, so those keep UTC.
const WHOLE_HOUR_ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'UTC'] as const;

/** A job's time zone (null = UTC), as teams set them: some sub-daily jobs name their region's zone. */
export function drawTimeZone(random: Random, schedule: JobSchedule): string | null {
  if (schedule.kind.periodMinutes > 60 || !random.chance(0.3)) return null;
  return random.pick(WHOLE_HOUR_ZONES);
}

/**
 * The scheduled times (ms since the epoch, oldest first) of the last `count` runs at or
 * before `now`. Every cadence divides a day, so minute arithmetic since the epoch is exact.
 */
export function lastOccurrences(schedule: JobSchedule, now: number, count: number): number[] {
  const period = schedule.kind.periodMinutes;
  const nowMinute = Math.floor(now / 60_000);
  const last = nowMinute - ((((nowMinute - schedule.offsetMinutes) % period) + period) % period);
  const times = new Array<number>(count);
  for (let i = 0; i < count; i++) times[i] = (last - (count - 1 - i) * period) * 60_000;
  return times;
}
