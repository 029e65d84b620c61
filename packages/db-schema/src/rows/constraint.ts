import { z } from 'zod';
import { hookConfigSchema } from '../json/hook-config.js';
import { previousSuccessDependencySchema } from '../json/previous-success-dependency.js';
import { durationSchema } from '../values/duration.js';
import { positiveIntSchema } from '../values/integers.js';
import { idSchema } from '../values/text.js';
import { timestampSchema } from '../values/timestamp.js';
import { omittableNulls } from './omittable-nulls.js';

const constraintFields = {
  id: idSchema,
  maxConcurrentRuns: positiveIntSchema.nullable(),
  catchUp: z.boolean().nullable(),
  catchUpWindow: durationSchema.nullable(),
  maxExpectedRunTime: durationSchema.nullable(),
  maxAllowedRunTime: durationSchema.nullable(),
  preRunHook: hookConfigSchema.nullable(),
  postRunHook: hookConfigSchema.nullable(),
  requirePreviousSuccess: previousSuccessDependencySchema.nullable(),
};

/** A row of `constraints`: the built-in limits and hooks a job can opt into. */
export const constraintSchema = z
  .object({ ...constraintFields, createdAt: timestampSchema, updatedAt: timestampSchema })
  .strict();
export type Constraint = z.infer<typeof constraintSchema>;

/** A constraint as written: the data layer sets the timestamps; unset settings may be left out. */
export const constraintInputSchema = z.object(omittableNulls(constraintFields)).strict();
export type ConstraintInput = z.input<typeof constraintInputSchema>;
