import type { GeneratedRun } from './run-rows.js';
import { STATS_PERIOD_MS } from './synthetic-clock.js';

/**
 * What the scheduler counted in each stats period, gathered while the runs are generated so
 * the stats rows agree with the runs: runs scheduled, late, past the grace period, killed for
 * run time, cancelled.
 */
export class PeriodCounters {
  readonly firstStart: number;
  readonly runJobs: Uint32Array;
  readonly lateJobs: Uint32Array;
  readonly pastGracePeriod: Uint32Array;
  readonly pastRunTime: Uint32Array;
  readonly cancelled: Uint32Array;

  constructor(firstStart: number, periods: number) {
    this.firstStart = firstStart;
    this.runJobs = new Uint32Array(periods);
    this.lateJobs = new Uint32Array(periods);
    this.pastGracePeriod = new Uint32Array(periods);
    this.pastRunTime = new Uint32Array(periods);
    this.cancelled = new Uint32Array(periods);
  }

  /** Counts one run in the period of its scheduled time. */
  add(generated: GeneratedRun): void {
    const period = Math.floor((generated.run.scheduledAt.getTime() - this.firstStart) / STATS_PERIOD_MS);
    (this.runJobs[period] as number)++;
    if (generated.late) (this.lateJobs[period] as number)++;
    if (generated.pastGracePeriod) (this.pastGracePeriod[period] as number)++;
    if (generated.pastAllowedRunTime) (this.pastRunTime[period] as number)++;
    if (generated.run.status === 'cancelled') (this.cancelled[period] as number)++;
  }
}
