import { idSchema, timestampSchema, validate } from '@itinerary/db-schema';
import { z } from 'zod';

/** The most rows one list call may ask for. */
export const MAX_LIMIT = 10_000;

const limitSchema = z.number().int().min(1).max(MAX_LIMIT);

/** Checks a key argument from a possibly untyped caller before any SQL runs. */
export function checkId(value: unknown, what: string): string {
  return validate(idSchema, value, what);
}

/** Checks a timestamp argument. */
export function checkTimestamp(value: unknown, what: string): Date {
  return validate(timestampSchema, value, what);
}

/** Checks a row limit: a whole number from 1 to MAX_LIMIT. */
export function checkLimit(value: unknown): number {
  return validate(limitSchema, value, 'limit');
}
