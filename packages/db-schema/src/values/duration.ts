import { describeValue } from '../describe-value.js';
import { stringWithRule, textColumnProblem } from './text.js';

// Go's time.Duration is an int64 of nanoseconds; staying inside it keeps values valid for Go readers.
const MAX_NANOSECONDS = 2n ** 63n - 1n;
const NANOSECONDS_PER_MILLISECOND = 1_000_000;

const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 MICRO SIGN
  μs: 1_000n, // U+03BC GREEK SMALL LETTER MU; Go accepts both
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const UNIT_LIST = 'ns, us, µs, ms, s, m or h';

// One "<number><unit>" component; \d without /u is ASCII digits only, as in Go.
const COMPONENT = /(\d+)?(?:\.(\d+)?)?([^\d.]*)/y;

type DurationReading = { ok: true; nanoseconds: bigint } | { ok: false; reason: string };

// Follows Go's time.ParseDuration, except that signs are refused: every stored duration is a length.
function readDuration(text: string): DurationReading {
  if (text === '') return { ok: false, reason: 'it is empty' };
  if (text.startsWith('-') || text.startsWith('+')) return { ok: false, reason: 'a sign is not allowed' };
  if (text === '0') return { ok: true, nanoseconds: 0n };
  let total = 0n;
  let position = 0;
  while (position < text.length) {
    COMPONENT.lastIndex = position;
    // Every part of COMPONENT is optional, so it always matches, and it consumes at least one character.
    const [whole, integer, fraction, unit] = COMPONENT.exec(text) as RegExpExecArray;
    const number = whole.slice(0, whole.length - (unit ?? '').length);
    if (integer === undefined && fraction === undefined) {
      return { ok: false, reason: `expected a number before ${describeValue(text.slice(position))}` };
    }
    if (unit === undefined || unit === '') {
      return { ok: false, reason: `missing unit after ${describeValue(number)}; use ${UNIT_LIST}` };
    }
    const unitNanoseconds = UNIT_NANOSECONDS[unit];
    if (unitNanoseconds === undefined) {
      return { ok: false, reason: `unknown unit ${describeValue(unit)}; use ${UNIT_LIST}` };
    }
    total += BigInt(integer ?? '0') * unitNanoseconds;
    if (fraction !== undefined) {
      total += (BigInt(fraction) * unitNanoseconds) / 10n ** BigInt(fraction.length);
    }
    if (total > MAX_NANOSECONDS)
      return { ok: false, reason: 'it exceeds the longest Go duration (about 292 years)' };
    position += whole.length;
  }
  return { ok: true, nanoseconds: total };
}

/** Why `text` is not a valid duration string, or undefined when it is. */
export function durationProblem(text: string): string | undefined {
  // A valid duration can be padded without end ("0h0h0h…"); the TEXT column it lives in cannot.
  const stored = textColumnProblem(text);
  if (stored !== undefined) return stored;
  const reading = readDuration(text);
  return reading.ok ? undefined : `${describeValue(text)} is not a valid duration (${reading.reason})`;
}

/**
 * The length of a Go-style duration string (`5m`, `1h30m`, `1.5h`, `300ms`, `0`) in
 * milliseconds, possibly fractional below a millisecond; throws on anything else.
 */
export function parseDuration(text: string): number {
  if (typeof text !== 'string') {
    throw new TypeError(`expected a duration string, got ${describeValue(text)}`);
  }
  const reading = readDuration(text);
  if (!reading.ok) throw new Error(`${describeValue(text)} is not a valid duration (${reading.reason})`);
  return Number(reading.nanoseconds) / NANOSECONDS_PER_MILLISECOND;
}

/** A Go-style duration string without a sign, such as `5m`, `1h30m` or `0`. */
export const durationSchema = stringWithRule(durationProblem);
