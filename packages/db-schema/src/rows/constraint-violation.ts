import { z } from 'zod';
import { violationDetailsSchema } from '../json/violation-details.js';
import { idSchema, textColumnSchema } from '../values/text.js';
import { timestampSchema } from '../values/timestamp.js';
import { omittableNulls } from './omittable-nulls.js';

const constraintViolationFields = {
  id: idSchema,
  runId: idSchema,
  constraintId: idSchema,
  violationTime: timestampSchema,
  actionTaken: textColumnSchema.nullable(),
  details: violationDetailsSchema.nullable(),
};

/** A row of `constraint_violations`: a constraint a run broke, and what was done about it. */
export const constraintViolationSchema = z.object(constraintViolationFields).strict();
export type ConstraintViolation = z.infer<typeof constraintViolationSchema>;

/** A constraint violation as written; `actionTaken` and `details` may be left out. */
export const constraintViolationInputSchema = z.object(omittableNulls(constraintViolationFields)).strict();
export type ConstraintViolationInput = z.input<typeof constraintViolationInputSchema>;
