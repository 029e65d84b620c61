import { UsageError } from '@itinerary/db-core';

const MAX_DATE_MS = 8.64e15;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Parses an age such as `30d`: a whole number and one unit (s, m, h, d, w). Deliberately
 * narrower than `ms`-style parsers: no fractions, no bare numbers, no words, so a typo in a
 * deletion rule is an error rather than a surprise.
 */
export function parseAge(value: string, flag: string): number {
  const match = /^(\d{1,9})([smhdw])$/.exec(value.trim());
  if (!match) {
    throw new UsageError(
      `${flag} must be an age: a whole number and a unit (s, m, h, d or w), such as 30d; got "${value}"`,
    );
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  // Further back than a Date reaches (about 273,790 years) has no instant to compare with.
  if (ms > MAX_DATE_MS) throw new UsageError(`${flag} is longer ago than a date can be; got "${value}"`);
  return ms;
}
