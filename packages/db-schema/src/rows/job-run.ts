import { z } from 'zod';
import { runStatusSchema } from '../values/enums.js';
import { idSchema, textColumnSchema } from '../values/text.js';
import { timestampSchema } from '../values/timestamp.js';
import { omittableNulls } from './omittable-nulls.js';

const jobRunFields = {
  jobId: idSchema,
  runId: idSchema,
  scheduledAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  completedAt: timestampSchema.nullable(),
  status: runStatusSchema,
  success: z.boolean().nullable(),
  error: textColumnSchema.nullable(),
};

/** A row of `job_runs`: one scheduled execution of a job. */
export const jobRunSchema = z.object(jobRunFields).strict();
export type JobRun = z.infer<typeof jobRunSchema>;

/** A job run as written; the fields not known yet (`startedAt`, `completedAt`, `success`, `error`) may be left out. */
export const jobRunInputSchema = z.object(omittableNulls(jobRunFields)).strict();
export type JobRunInput = z.input<typeof jobRunInputSchema>;
