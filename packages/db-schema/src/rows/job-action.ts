import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { triggerSchema } from '../values/enums.js';
import { idSchema } from '../values/text.js';
import { omittableNulls } from './omittable-nulls.js';
import { whenFieldsValid } from './when-fields-valid.js';

const jobActionFields = {
  jobId: idSchema,
  actionId: idSchema,
  trigger: triggerSchema,
  constraintId: idSchema.nullable(),
};

// Only a violation names a constraint; elsewhere the column would be silently meaningless.
function checkConstraintIdMatchesTrigger(
  row: { trigger: string; constraintId: string | null },
  ctx: z.RefinementCtx,
): void {
  if (row.constraintId !== null && row.trigger !== 'on_violation') {
    ctx.addIssue({
      code: 'custom',
      path: ['constraintId'],
      message: `${describeValue(row.constraintId)} is only allowed when trigger is on_violation, not ${row.trigger}`,
      input: row.constraintId,
    });
  }
}
const constraintIdRule = { when: whenFieldsValid('trigger', 'constraintId') };

/**
 * A row of `job_actions`: runs an action when a job's trigger fires. `constraintId` narrows an
 * `on_violation` trigger to one constraint and must be null for every other trigger.
 */
export const jobActionSchema = z
  .object(jobActionFields)
  .strict()
  .superRefine(checkConstraintIdMatchesTrigger, constraintIdRule);
export type JobAction = z.infer<typeof jobActionSchema>;

/** A job action as written; `constraintId` may be left out. */
export const jobActionInputSchema = z
  .object(omittableNulls(jobActionFields))
  .strict()
  .superRefine(checkConstraintIdMatchesTrigger, constraintIdRule);
export type JobActionInput = z.input<typeof jobActionInputSchema>;
