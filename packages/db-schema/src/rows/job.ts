import { z } from 'zod';
import { podSpecSchema } from '../json/pod-spec.js';
import { cronScheduleSchema } from '../values/cron-schedule.js';
import { idSchema, nameSchema } from '../values/text.js';
import { timeZoneSchema } from '../values/time-zone.js';
import { timestampSchema } from '../values/timestamp.js';
import { omittableNulls } from './omittable-nulls.js';

const jobFields = {
  id: idSchema,
  name: nameSchema,
  schedule: cronScheduleSchema,
  /** The IANA zone the schedule fires in, as a CronJob's `.spec.timeZone`; null is UTC. */
  timeZone: timeZoneSchema.nullable(),
  podSpec: podSpecSchema.nullable(),
  constraintId: idSchema.nullable(),
};

/** A row of `jobs`: a job definition and its cron schedule. */
export const jobSchema = z
  .object({ ...jobFields, createdAt: timestampSchema, updatedAt: timestampSchema })
  .strict();
export type Job = z.infer<typeof jobSchema>;

/** A job as written: the data layer sets the timestamps; `timeZone`, `podSpec` and `constraintId` may be left out. */
export const jobInputSchema = z.object(omittableNulls(jobFields)).strict();
export type JobInput = z.input<typeof jobInputSchema>;
