/**
 * robfig/cron v3.0.1's `SpecSchedule.Next` (spec.go) and `ConstantDelaySchedule.Next`
 * (constantdelay.go), step for step on Go's time operations (go-zoned-time.ts), so that the
 * fire times, including those around daylight-saving changes, are the ones Kubernetes uses.
 */
import type { SpecFields, StandardSchedule } from './cron-spec-parser.js';
import { STAR_BIT } from './cron-spec-parser.js';
import { type GoZone, goAddDate, goDate, goTruncate, type WallClock, wallClock } from './go-zoned-time.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const has = (bits: bigint, value: number) => ((bits >> BigInt(value)) & 1n) === 1n;

/** robfig's `dayMatches`: with a star in either day field both must match, otherwise either. */
function dayMatches(s: SpecFields, w: WallClock): boolean {
  const domMatch = has(s.dom, w.day);
  const dowMatch = has(s.dow, w.weekday);
  if ((s.dom & STAR_BIT) !== 0n || (s.dow & STAR_BIT) !== 0n) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * The first time after `afterMs` (epoch ms) that `s` matches in `zone`, or null where robfig
 * returns the zero time (nothing within five years, such as `0 0 30 2 *`).
 */
function nextSpec(s: SpecFields, zone: GoZone, afterMs: number): number | null {
  // Start at the earliest possible time (the upcoming second).
  let t = afterMs + SECOND - (((afterMs % SECOND) + SECOND) % SECOND);
  let added = false;
  const yearLimit = wallClock(t, zone).year + 5;

  wrap: for (;;) {
    let w = wallClock(t, zone);
    if (w.year > yearLimit) return null;

    while (!has(s.month, w.month)) {
      if (!added) {
        added = true;
        t = goDate(zone, w.year, w.month, 1, 0, 0, 0, 0);
      }
      t = goAddDate(t, zone, 0, 1, 0);
      w = wallClock(t, zone);
      if (w.month === 1) continue wrap;
    }

    while (!dayMatches(s, w)) {
      if (!added) {
        added = true;
        t = goDate(zone, w.year, w.month, w.day, 0, 0, 0, 0);
      }
      t = goAddDate(t, zone, 0, 0, 1);
      w = wallClock(t, zone);
      // Where DST moves midnight, robfig nudges back to it: an hour above 12 rounds up to the
      // next midnight, one below rounds down.
      if (w.hour !== 0) {
        t += w.hour > 12 ? (24 - w.hour) * HOUR : -w.hour * HOUR;
        w = wallClock(t, zone);
      }
      if (w.day === 1) continue wrap;
    }

    while (!has(s.hour, w.hour)) {
      if (!added) {
        added = true;
        t = goDate(zone, w.year, w.month, w.day, w.hour, 0, 0, 0);
      }
      t += HOUR;
      w = wallClock(t, zone);
      if (w.hour === 0) continue wrap;
    }

    while (!has(s.minute, w.minute)) {
      if (!added) {
        added = true;
        t = goTruncate(t, MINUTE);
      }
      t += MINUTE;
      w = wallClock(t, zone);
      if (w.minute === 0) continue wrap;
    }

    while (!has(s.second, w.second)) {
      if (!added) {
        added = true;
        t = goTruncate(t, SECOND);
      }
      t += SECOND;
      w = wallClock(t, zone);
      if (w.second === 0) continue wrap;
    }

    return t;
  }
}

/** The next fire time after `afterMs` of a parsed schedule, in `zone`; null when robfig finds none. */
export function nextFireTime(schedule: StandardSchedule, zone: GoZone, afterMs: number): number | null {
  if (schedule.kind === 'every') {
    // ConstantDelaySchedule.Next: the delay, minus the sub-second part of the start.
    return afterMs + schedule.delayMs - (((afterMs % SECOND) + SECOND) % SECOND);
  }
  return nextSpec(schedule, zone, afterMs);
}
