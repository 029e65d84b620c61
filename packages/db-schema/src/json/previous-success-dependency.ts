import { z } from 'zod';
import { idSchema, textSchema } from '../values/text.js';

/** A job that must have succeeded (with these arguments, when given) before a run may start. */
export const previousSuccessDependencySchema = z
  .object({
    jobID: idSchema,
    args: z.array(textSchema).optional(),
  })
  .strict();
export type PreviousSuccessDependency = z.infer<typeof previousSuccessDependencySchema>;
