/**
 * The few operations of Go's `time` package that robfig/cron's `Next` is built from, on an
 * instant in milliseconds and a zone. Fire times must match robfig's to the second, and in
 * daylight-saving gaps and overlaps those come from how Go's `time.Date` picks an offset for
 * a wall-clock time, so that choice is reproduced here exactly rather than left to a library.
 */

/** A time zone as Go's `*time.Location` answers for it: the UTC offset in force at an instant. */
export interface GoZone {
  /** The IANA name, or 'UTC'. */
  readonly name: string;
  /** Offset from UTC in milliseconds (whole seconds) in force at `instantMs`. */
  offsetAt(instantMs: number): number;
}

/** Go's `time.UTC`. */
export const UTC_ZONE: GoZone = { name: 'UTC', offsetAt: () => 0 };

const HOUR_MS = 3_600_000;
const zones = new Map<string, GoZone>();

/**
 * The zone of an IANA name, read from the runtime's zone database (Intl). The caller has
 * validated the name; Intl throws a RangeError for one it does not know.
 */
export function goZone(name: string): GoZone {
  const known = zones.get(name);
  if (known !== undefined) return known;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // Intl's answer, to the second. Offsets are whole seconds (old local mean times have seconds).
  const intlOffset = (second: number): number => {
    const fields: Record<string, string> = {};
    for (const part of format.formatToParts(second)) fields[part.type] = part.value;
    // 'en-US' writes year 0 as 1 BC, -1 as 2 BC, …
    const bc = fields.era === 'BC' || fields.era === 'B';
    const wall = utcMs(
      bc ? 1 - Number(fields.year) : Number(fields.year),
      Number(fields.month),
      Number(fields.day),
      Number(fields.hour),
      Number(fields.minute),
      Number(fields.second),
      0,
    );
    return wall - second;
  };
  // formatToParts costs microseconds and Next asks dozens of times, so offsets are kept per
  // hour: the offset at each whole hour, and where an hour holds a change, the second it
  // happens. This assumes no zone changes its offset twice within one hour, which no zone
  // in the tz database does.
  const atHour = new Map<number, number>();
  const changeIn = new Map<number, number>();
  const hourOffset = (hour: number): number => {
    let offset = atHour.get(hour);
    if (offset === undefined) {
      if (atHour.size > 100_000) atHour.clear();
      offset = intlOffset(hour * HOUR_MS);
      atHour.set(hour, offset);
    }
    return offset;
  };
  const zone: GoZone = {
    name,
    offsetAt(instantMs: number): number {
      const hour = Math.floor(instantMs / HOUR_MS);
      const before = hourOffset(hour);
      const after = hourOffset(hour + 1);
      if (before === after) return before;
      let change = changeIn.get(hour);
      if (change === undefined) {
        // The first second of the hour (exclusive) to the next hour (inclusive) with the new offset.
        let low = hour * HOUR_MS;
        let high = (hour + 1) * HOUR_MS;
        while (high - low > 1000) {
          const middle = low + Math.floor((high - low) / 2000) * 1000;
          if (intlOffset(middle) === after) high = middle;
          else low = middle;
        }
        change = high;
        if (changeIn.size > 10_000) changeIn.clear();
        changeIn.set(hour, change);
      }
      return instantMs < change ? before : after;
    },
  };
  zones.set(name, zone);
  return zone;
}

/**
 * Milliseconds since the epoch of a wall-clock time read as UTC, normalising out-of-range
 * fields as Go's `time.Date` does (month 13 is January of the next year, day 0 the last day
 * of the previous month, hour 24 the next day). Years 0-99 are meant literally.
 */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/** A wall-clock reading of an instant in a zone: what Go's Year(), Month(), … return. */
export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday, as Go's Weekday(). */
  weekday: number;
}

/** The wall clock of `instantMs` in `zone`. */
export function wallClock(instantMs: number, zone: GoZone): WallClock {
  const wall = new Date(instantMs + zone.offsetAt(instantMs));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * Go's `time.Date(year, month, day, hour, min, sec, nsec, loc)`. Go documents that in a
 * transition "Date returns a time that is correct in one of the two zones involved in the
 * transition, but it does not guarantee which"; its implementation is deterministic: it looks
 * the offset up at the wall time read as UTC, and if the instant that offset gives lies outside
 * that offset's period it takes the offset in force at that instant instead. Both cases come
 * to `wall - offsetAt(wall - offsetAt(wall))`: in a spring-forward gap that lands after the gap
 * or before it depending on the zone's side of UTC, and in a fall-back overlap it picks one of
 * the two occurrences the same way Go does.
 */
export function goDate(
  zone: GoZone,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  const wall = utcMs(year, month, day, hour, minute, second, millisecond);
  return wall - zone.offsetAt(wall - zone.offsetAt(wall));
}

/** Go's `t.AddDate(years, months, days)`: the wall-clock fields moved, then `time.Date`. */
export function goAddDate(instantMs: number, zone: GoZone, years: number, months: number, days: number) {
  const w = wallClock(instantMs, zone);
  return goDate(
    zone,
    w.year + years,
    w.month + months,
    w.day + days,
    w.hour,
    w.minute,
    w.second,
    w.millisecond,
  );
}

/**
 * Go's `t.Truncate(d)`: rounds down to a multiple of `d` since Go's zero time, an absolute
 * instant (year 1, UTC), not the wall clock. The zero time is a whole number of minutes from
 * the Unix epoch, so for a minute or a second this is the multiple since the epoch.
 */
export function goTruncate(instantMs: number, unitMs: number): number {
  return instantMs - (((instantMs % unitMs) + unitMs) % unitMs);
}
