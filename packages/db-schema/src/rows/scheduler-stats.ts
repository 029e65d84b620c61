import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { nonNegativeIntSchema } from '../values/integers.js';
import { idSchema } from '../values/text.js';
import { timestampSchema } from '../values/timestamp.js';
import { omittableNulls } from './omittable-nulls.js';
import { whenFieldsValid } from './when-fields-valid.js';

// REAL columns: zod's number already refuses NaN and Infinity; averages of counts are never negative.
const averageSchema = z.number().min(0);

const schedulerStatsFields = {
  statsPeriodId: idSchema,
  startTime: timestampSchema,
  endTime: timestampSchema,
  iterations: nonNegativeIntSchema,
  runJobs: nonNegativeIntSchema,
  lateJobs: nonNegativeIntSchema,
  timePassedRunTime: nonNegativeIntSchema,
  missedJobs: nonNegativeIntSchema,
  timePassedGracePeriod: nonNegativeIntSchema,
  jobsCancelled: nonNegativeIntSchema,
  minInboxLength: nonNegativeIntSchema.nullable(),
  maxInboxLength: nonNegativeIntSchema.nullable(),
  avgInboxLength: averageSchema.nullable(),
  emptyInboxTime: nonNegativeIntSchema.nullable(),
  avgTimeInInbox: averageSchema.nullable(),
  minTimeInInbox: nonNegativeIntSchema.nullable(),
  maxTimeInInbox: nonNegativeIntSchema.nullable(),
};

function checkPeriodOrder(period: { startTime: Date; endTime: Date }, ctx: z.RefinementCtx): void {
  if (period.endTime.getTime() < period.startTime.getTime()) {
    ctx.addIssue({
      code: 'custom',
      path: ['endTime'],
      message: `${describeValue(period.endTime)} is before startTime ${describeValue(period.startTime)}`,
      input: period.endTime,
    });
  }
}
const periodOrderRule = { when: whenFieldsValid('startTime', 'endTime') };

/** A row of `scheduler_stats`: the scheduler's counters for one stats period (endTime >= startTime). */
export const schedulerStatsSchema = z
  .object(schedulerStatsFields)
  .strict()
  .superRefine(checkPeriodOrder, periodOrderRule);
export type SchedulerStats = z.infer<typeof schedulerStatsSchema>;

/** Scheduler stats as written; the inbox measurements may be left out when there were none. */
export const schedulerStatsInputSchema = z
  .object(omittableNulls(schedulerStatsFields))
  .strict()
  .superRefine(checkPeriodOrder, periodOrderRule);
export type SchedulerStatsInput = z.input<typeof schedulerStatsInputSchema>;
