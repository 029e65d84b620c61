import { UsageError } from '@itinerary/db-core';

/** Parses a whole-number option in [min, max], refusing anything else as a usage error. */
export function parseWholeNumber(
  value: string,
  flag: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range =
      max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : min > 0 ? ` of at least ${min}` : '';
    throw new UsageError(`${flag} must be a whole number${range}, got "${value}"`);
  }
  return n;
}
