/**
 * robfig/cron's test helper `getTime` (spec_test.go) for our tests: the same three layouts,
 * read as an instant. A wall time is placed in `zone` by trying the offsets in force around it
 * with Intl, independently of the code under test, and must name exactly one instant (the
 * upstream tables give no wall time inside a daylight-saving gap or overlap).
 */
import { goZone, UTC_ZONE, wallClock } from './go-zoned-time.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// "Mon Jan 2 15:04 2006" and "Mon Jan 2 15:04:05 2006"; Go's parser also takes a fraction after the seconds.
const WALL = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)? (\d{4})$/;
// "2006-01-02T15:04:05-0700"
const OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})(\d{2})$/;

/** The instant robfig's `getTime(value)` returns, with `zone` standing for `time.Local`; null for "". */
export function robfigTime(value: string, zone: string | null): Date | null {
  if (value === '') return null;
  let text = value;
  let name = zone;
  if (text.startsWith('TZ=')) {
    const [prefix, rest] = text.split(/\s+/) as [string, string];
    name = prefix.slice('TZ='.length);
    text = rest;
  }
  const offset = OFFSET.exec(text);
  if (offset) {
    const [, y, mo, d, h, mi, s, sign, oh, om] = offset as unknown as string[];
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const minutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
    return new Date(wall - minutes * 60_000);
  }
  const wallMatch = WALL.exec(text);
  if (!wallMatch) throw new Error(`could not parse time value ${value}`);
  const [, mon, d, h, mi, s, frac, y] = wallMatch as unknown as Array<string | undefined>;
  const wall = Date.UTC(
    Number(y),
    MONTHS.indexOf(mon as string),
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((frac ?? '0').padEnd(3, '0')),
  );
  return new Date(placeWallTime(wall, name));
}

/** The one instant whose wall clock in `zone` is `wall` (a wall time read as UTC ms). */
export function placeWallTime(wall: number, zone: string | null): number {
  const z = zone === null ? UTC_ZONE : goZone(zone);
  const offsets = new Set([z.offsetAt(wall - 86_400_000), z.offsetAt(wall), z.offsetAt(wall + 86_400_000)]);
  const instants = [...offsets]
    .map((o) => wall - o)
    .filter((instant) => {
      const w = wallClock(instant, z);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) === wall;
    });
  if (instants.length !== 1) {
    throw new Error(`${new Date(wall).toISOString()} names ${instants.length} instants in ${zone}`);
  }
  return instants[0] as number;
}
