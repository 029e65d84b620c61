import { z } from 'zod';
import { nonNegativeIntSchema } from '../values/integers.js';
import { textSchema } from '../values/text.js';
import { jsonValueSchema } from './json-value.js';

/** The response a webhook action got, kept with the violation for diagnosis; extra keys are kept. */
export const webhookResponseSchema = z
  .object({
    status: nonNegativeIntSchema,
    body: textSchema,
  })
  .catchall(jsonValueSchema);
export type WebhookResponse = z.infer<typeof webhookResponseSchema>;

/**
 * What a constraint violation recorded. Keys beyond the known ones are kept, since
 * constraints add their own context, but must be JSON like the rest of the document.
 */
export const violationDetailsSchema = z
  .object({
    message: textSchema,
    currentValue: textSchema.optional(),
    threshold: textSchema.optional(),
    webhookResponse: webhookResponseSchema.optional(),
  })
  // A plain .loose() would let functions, undefined or NUL strings through into the stored JSON.
  .catchall(jsonValueSchema);
export type ViolationDetails = z.infer<typeof violationDetailsSchema>;
