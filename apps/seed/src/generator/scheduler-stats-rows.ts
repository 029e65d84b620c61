import type { SchedulerStats } from '@itinerary/db-schema';
import type { PeriodCounters } from './period-counters.js';
import { Random } from './random.js';
import { STREAM } from './seed-streams.js';
import { periodId, STATS_PERIOD_MS } from './synthetic-clock.js';

// Averages are stored as doubles; three decimals keep them readable and exact in every dialect.
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The scheduler's stats row for period number `period`: its counts come from the runs, the
 * inbox figures are drawn to fit them (an empty inbox most of the time, longer when many runs fire).
 */
export function buildSchedulerStats(seed: number, period: number, counters: PeriodCounters): SchedulerStats {
  const random = Random.for(seed, STREAM.period, period);
  const start = counters.firstStart + period * STATS_PERIOD_MS;
  const runJobs = counters.runJobs[period] as number;
  // The loop ticks once a second; a slow tick now and then drops one.
  const iterations = random.chance(0.05) ? 29 : 30;
  const idle = runJobs === 0;
  const maxInbox = idle ? 0 : Math.max(1, Math.ceil(runJobs * (0.05 + random.float() * 0.25)));
  const avgTimeInInbox = idle ? null : round3(0.5 + random.float() * 20);
  return {
    statsPeriodId: periodId(start),
    startTime: new Date(start),
    endTime: new Date(start + STATS_PERIOD_MS),
    iterations,
    runJobs,
    lateJobs: counters.lateJobs[period] as number,
    timePassedRunTime: counters.pastRunTime[period] as number,
    missedJobs: random.chance(0.002) ? random.int(1, 3) : 0,
    timePassedGracePeriod: counters.pastGracePeriod[period] as number,
    jobsCancelled: counters.cancelled[period] as number,
    minInboxLength: 0,
    maxInboxLength: maxInbox,
    avgInboxLength: idle ? 0 : round3(maxInbox * (0.1 + random.float() * 0.4)),
    emptyInboxTime: idle ? STATS_PERIOD_MS : Math.floor(STATS_PERIOD_MS * (0.3 + random.float() * 0.69)),
    avgTimeInInbox,
    minTimeInInbox: avgTimeInInbox === null ? null : random.int(0, Math.floor(avgTimeInInbox)),
    maxTimeInInbox: avgTimeInInbox === null ? null : Math.ceil(avgTimeInInbox * (1.5 + random.float() * 4)),
  };
}
