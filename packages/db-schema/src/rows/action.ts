import { z } from 'zod';
import { actionConfigSchemas } from '../json/action-config.js';
import type { ActionType } from '../values/enums.js';
import { idSchema, nameSchema } from '../values/text.js';
import { timestampSchema } from '../values/timestamp.js';
import { omittableNulls } from './omittable-nulls.js';

// One variant per action type, so `config` is checked against (and typed by) its `actionType`.
function actionVariant<T extends ActionType, C extends (typeof actionConfigSchemas)[T]>(
  actionType: T,
  config: C,
) {
  const fields = {
    id: idSchema,
    name: nameSchema,
    actionType: z.literal(actionType),
    config: z.nullable(config),
  };
  return {
    row: z.object({ ...fields, createdAt: timestampSchema }).strict(),
    input: z.object(omittableNulls(fields)).strict(),
  };
}

const retry = actionVariant('retry', actionConfigSchemas.retry);
const kickOffJob = actionVariant('kickOffJob', actionConfigSchemas.kickOffJob);
const webhook = actionVariant('webhook', actionConfigSchemas.webhook);
const killAllInstances = actionVariant('killAllInstances', actionConfigSchemas.killAllInstances);
const killLatestInstance = actionVariant('killLatestInstance', actionConfigSchemas.killLatestInstance);
const skipNextInstance = actionVariant('skipNextInstance', actionConfigSchemas.skipNextInstance);

/** A row of `actions`: a named action whose `config` fits its `actionType` (or is null). */
export const actionSchema = z.discriminatedUnion('actionType', [
  retry.row,
  kickOffJob.row,
  webhook.row,
  killAllInstances.row,
  killLatestInstance.row,
  skipNextInstance.row,
]);
export type Action = z.infer<typeof actionSchema>;

/** An action as written: the data layer sets `createdAt`; `config` may be left out. */
export const actionInputSchema = z.discriminatedUnion('actionType', [
  retry.input,
  kickOffJob.input,
  webhook.input,
  killAllInstances.input,
  killLatestInstance.input,
  skipNextInstance.input,
]);
export type ActionInput = z.input<typeof actionInputSchema>;
