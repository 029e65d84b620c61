import type { z } from 'zod';
import { jsonObjectSchema } from './json-value.js';

/**
 * A Kubernetes pod specification. Only its JSON shape is checked, keys kept as given:
 * the Kubernetes API server is the authority on its contents.
 */
export const podSpecSchema = jsonObjectSchema;
export type PodSpec = z.infer<typeof podSpecSchema>;
