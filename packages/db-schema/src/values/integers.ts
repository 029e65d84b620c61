import { z } from 'zod';
import { describeValue } from '../describe-value.js';

/** Largest PostgreSQL INTEGER (and MySQL INT), the type of every integer column. */
export const MAX_INTEGER = 2_147_483_647;

/** An integer schema bounded to `[min, MAX_INTEGER]` with messages that name the value. */
function boundedInt(min: number): z.ZodInt {
  return z.int().superRefine((value, ctx) => {
    if (value < min) {
      ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is less than ${min}`, input: value });
    } else if (value > MAX_INTEGER) {
      ctx.addIssue({
        code: 'custom',
        message: `${describeValue(value)} is greater than ${MAX_INTEGER}, the largest INTEGER a database column holds`,
        input: value,
      });
    }
  });
}

/** A whole number from 0 to 2147483647. */
export const nonNegativeIntSchema = boundedInt(0);
/** A whole number from 1 to 2147483647. */
export const positiveIntSchema = boundedInt(1);
