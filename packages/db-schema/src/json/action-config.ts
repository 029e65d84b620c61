import { z } from 'zod';
import { validate } from '../validate.js';
import { durationSchema } from '../values/duration.js';
import { type ActionType, actionTypeSchema } from '../values/enums.js';
import { hookConfigSchema } from './hook-config.js';
import { previousSuccessDependencySchema } from './previous-success-dependency.js';

/** Most retries a retry action may ask for; more would hide a broken job behind a loop. */
export const MAX_RETRIES = 100;

/** Config of a `retry` action: how many times to retry and how long to wait in between. */
export const retryConfigSchema = z
  .object({
    maxRetries: z.int().min(0).max(MAX_RETRIES).optional(),
    delay: durationSchema.optional(),
  })
  .strict();
export type RetryConfig = z.infer<typeof retryConfigSchema>;

/** Config of a `kickOffJob` action: the job to start and its arguments (same shape as a dependency). */
export const kickOffJobConfigSchema = previousSuccessDependencySchema;
export type KickOffJobConfig = z.infer<typeof kickOffJobConfigSchema>;

/** Config of a `webhook` action: the endpoint to notify (same shape as a hook). */
export const webhookConfigSchema = hookConfigSchema;
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

/** Config of the kill and skip actions, which take no settings: only `{}`. */
export const emptyActionConfigSchema = z.object({}).strict();
export type EmptyActionConfig = z.infer<typeof emptyActionConfigSchema>;

/** The config schema of each action type. */
export const actionConfigSchemas = {
  retry: retryConfigSchema,
  kickOffJob: kickOffJobConfigSchema,
  webhook: webhookConfigSchema,
  killAllInstances: emptyActionConfigSchema,
  killLatestInstance: emptyActionConfigSchema,
  skipNextInstance: emptyActionConfigSchema,
} as const satisfies Record<ActionType, z.ZodType>;

/** The config type of each action type. */
export type ActionConfigByType = { [T in ActionType]: z.infer<(typeof actionConfigSchemas)[T]> };
/** The config of any action type. */
export type ActionConfig = ActionConfigByType[ActionType];

/**
 * Checks `config` against the schema of `actionType` and returns the parsed config; throws a
 * `ValidationError` naming the offending field when either does not fit.
 */
export function parseActionConfig<T extends ActionType>(
  actionType: T,
  config: unknown,
): ActionConfigByType[T] {
  const type = validate(actionTypeSchema, actionType, 'action type');
  return validate(actionConfigSchemas[type], config, `${type} action config`) as ActionConfigByType[T];
}
