import { z } from 'zod';
import { describeValue } from '../describe-value.js';

/** Earliest storable instant: MySQL DATETIME starts at year 1000. */
export const MIN_TIMESTAMP = new Date('1000-01-01T00:00:00.000Z');
/** Latest storable instant: MySQL DATETIME and SQLite's four-digit-year text form end at 9999. */
export const MAX_TIMESTAMP = new Date('9999-12-31T23:59:59.999Z');

/** Why `date` cannot be stored as a timestamp, or undefined when it can. */
export function timestampProblem(date: Date): string | undefined {
  const time = date.getTime();
  if (Number.isNaN(time)) return 'Invalid Date is not a valid timestamp';
  if (time < MIN_TIMESTAMP.getTime() || time > MAX_TIMESTAMP.getTime()) {
    return `${describeValue(date)} is outside the storable range 1000-01-01 to 9999-12-31 (UTC)`;
  }
  return undefined;
}

/** An instant as a valid `Date` between 1000-01-01 and 9999-12-31 UTC; strings are not converted. */
export const timestampSchema = z.date().superRefine((date, ctx) => {
  const problem = timestampProblem(date);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: date });
});
