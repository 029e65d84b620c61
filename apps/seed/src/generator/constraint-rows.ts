import type { Constraint } from '@itinerary/db-schema';
import { constraintId, jobId } from './entity-ids.js';
import type { JobPlan } from './job-plan.js';
import { Random } from './random.js';
import { STREAM } from './seed-streams.js';
import { DAY_MS } from './synthetic-clock.js';
import { TEAMS } from './vocabulary.js';

/**
 * The constraint of job number `jobIndex` (which must have one in its plan). Thresholds fit
 * the job's cadence, so only the long tail of its runs breaks them. Created a while before the
 * job's first recorded run.
 */
export function buildConstraint(
  seed: number,
  jobIndex: number,
  plan: JobPlan,
  jobs: number,
  firstRunAt: number,
  now: number,
): Constraint {
  const settings = plan.constraint;
  if (settings === null) throw new Error(`job ${jobIndex} has no constraint`);
  const random = Random.for(seed, STREAM.constraint, jobIndex);
  const { kind } = plan.schedule;
  const team = random.pick(TEAMS);
  const catchUp = settings.catchUp ? random.chance(0.4) : null;
  const createdAt = firstRunAt - Math.round(random.logUniform(DAY_MS / 24, 400 * DAY_MS));
  const updatedAt = random.chance(0.3)
    ? createdAt + Math.floor(random.float() * (now - createdAt))
    : createdAt;
  let requirePreviousSuccess: Constraint['requirePreviousSuccess'] = null;
  if (settings.requirePreviousSuccess && jobs > 1) {
    // A dependency on another job of the data set, never on itself.
    const other = (jobIndex + 1 + random.int(0, jobs - 2)) % jobs;
    requirePreviousSuccess = random.chance(0.5)
      ? { jobID: jobId(other) }
      : { jobID: jobId(other), args: ['--since=24h', `--partition=${random.int(0, 63)}`] };
  }
  return {
    id: constraintId(jobIndex),
    maxConcurrentRuns: settings.maxConcurrentRuns ? random.pick([1, 1, 1, 2, 3, 5]) : null,
    catchUp,
    catchUpWindow: catchUp === true ? random.pick(['5m', '15m', '1h', '6h']) : null,
    maxExpectedRunTime: kind.maxExpectedRunTime.text,
    maxAllowedRunTime: settings.maxAllowedRunTime ? kind.maxAllowedRunTime.text : null,
    preRunHook: settings.preRunHook
      ? { type: 'webhook', url: `https://hooks.example.com/${team}/pre-run/${constraintId(jobIndex)}` }
      : null,
    postRunHook: settings.postRunHook
      ? {
          type: 'slack',
          url: `https://hooks.slack.com/services/T0${random.hex(8).toUpperCase()}/B0${random.hex(8).toUpperCase()}/${random.hex(24)}`,
          channel: `#${team}-jobs`,
        }
      : null,
    requirePreviousSuccess,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
  };
}
