import type { Job } from '@itinerary/db-schema';
import { constraintId, jobId } from './entity-ids.js';
import type { JobPlan } from './job-plan.js';
import { buildPodSpec, drawRegion } from './pod-spec.js';
import { Random } from './random.js';
import { drawTimeZone } from './schedule-kinds.js';
import { STREAM } from './seed-streams.js';
import { DAY_MS } from './synthetic-clock.js';
import { NOUNS, TEAMS, VERBS } from './vocabulary.js';

/** Job number `index`: created before its first recorded run (`firstRunAt`, ms), updated since for some. */
export function buildJob(seed: number, index: number, plan: JobPlan, firstRunAt: number, now: number): Job {
  const random = Random.for(seed, STREAM.job, index);
  const team = random.pick(TEAMS);
  const app = `${random.pick(VERBS)}-${random.pick(NOUNS)}`;
  const region = drawRegion(random);
  const name = random.chance(0.3) ? `${team}-${app}-${region}` : `${team}-${app}`;
  const createdAt = firstRunAt - Math.round(random.logUniform(DAY_MS / 24, 900 * DAY_MS));
  const updatedAt = random.chance(0.4)
    ? createdAt + Math.floor(random.float() * (now - createdAt))
    : createdAt;
  // A few legacy jobs were created before pod specs were stored.
  const podSpec = random.chance(0.02) ? null : buildPodSpec(random, { team, app, region });
  return {
    id: jobId(index),
    name,
    schedule: plan.schedule.cron,
    // Drawn last, so the draws before it are the same as before jobs had zones.
    timeZone: drawTimeZone(random, plan.schedule),
    podSpec,
    constraintId: plan.constraint === null ? null : constraintId(index),
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
  };
}
