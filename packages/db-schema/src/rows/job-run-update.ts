import { z } from 'zod';
import { runStatusSchema } from '../values/enums.js';
import { idSchema, textColumnSchema } from '../values/text.js';
import { timestampSchema } from '../values/timestamp.js';

/**
 * One change to a job run, keyed by `runId`, as the scheduler reports it. The first update of
 * a run creates the row and so must carry `jobId`, `scheduledAt` and `status`; later ones
 * carry only the fields that changed, and a field left out is never touched.
 */
export const jobRunUpdateSchema = z
  .object({
    runId: idSchema,
    jobId: idSchema.optional(),
    scheduledAt: timestampSchema.optional(),
    status: runStatusSchema.optional(),
    startedAt: timestampSchema.nullable().optional(),
    completedAt: timestampSchema.nullable().optional(),
    success: z.boolean().nullable().optional(),
    error: textColumnSchema.nullable().optional(),
  })
  .strict();
export type JobRunUpdate = z.input<typeof jobRunUpdateSchema>;
