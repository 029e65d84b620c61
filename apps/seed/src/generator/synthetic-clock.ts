/**
 * The instant a synthetic data set is a snapshot of. Fixed, so the same seed gives the same
 * timestamps on every run and machine; 20 s past the minute, so some every-minute jobs are
 * still running and the newest runs show every status.
 */
export const SYNTHETIC_NOW = Date.UTC(2026, 0, 1, 12, 0, 20);

/** Length of a scheduler stats period: the collector writes one row every 30 s. */
export const STATS_PERIOD_MS = 30_000;

/** One minute, in ms. */
export const MINUTE_MS = 60_000;
/** One day, in ms. */
export const DAY_MS = 86_400_000;

/** The start of the stats period holding `time` (ms since the epoch). */
export function periodStart(time: number): number {
  return Math.floor(time / STATS_PERIOD_MS) * STATS_PERIOD_MS;
}

/** The id of the stats period starting at `start`, in the form the collector writes. */
export function periodId(start: number): string {
  return `period-${new Date(start).toISOString().slice(0, 19)}Z`;
}
