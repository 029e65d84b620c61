import type { Action } from '@itinerary/db-schema';
import { actionId, jobId } from './entity-ids.js';
import { drawActionType } from './job-plan.js';
import { Random } from './random.js';
import { STREAM } from './seed-streams.js';
import { DAY_MS } from './synthetic-clock.js';
import { TEAMS } from './vocabulary.js';

/** Action number `index`, created some time before `before` (ms); kickOffJob targets a job of the set. */
export function buildAction(seed: number, index: number, jobs: number, before: number): Action {
  const random = Random.for(seed, STREAM.action, index);
  const actionType = drawActionType(random, index);
  const id = actionId(index);
  const createdAt = new Date(before - Math.round(random.logUniform(DAY_MS, 700 * DAY_MS)));
  const team = random.pick(TEAMS);
  switch (actionType) {
    case 'retry': {
      const maxRetries = random.int(1, 5);
      const delay = random.pick(['10s', '30s', '1m', '5m']);
      return {
        id,
        name: `Retry ${maxRetries} times after ${delay}`,
        actionType,
        config: { maxRetries, delay },
        createdAt,
      };
    }
    case 'webhook':
      return random.chance(0.6)
        ? {
            id,
            name: `Notify #${team}-oncall`,
            actionType,
            config: {
              type: 'slack',
              url: `https://hooks.slack.com/services/T0${random.hex(8).toUpperCase()}/B0${random.hex(8).toUpperCase()}/${random.hex(24)}`,
              channel: `#${team}-oncall`,
            },
            createdAt,
          }
        : {
            id,
            name: `Page ${team} on-call`,
            actionType,
            config: { type: 'webhook', url: `https://alerts.example.com/${team}/itinerary` },
            createdAt,
          };
    case 'kickOffJob': {
      const target = jobId(random.int(0, Math.max(0, jobs - 1)));
      return {
        id,
        name: `Kick off ${target}`,
        actionType,
        config: random.chance(0.5)
          ? { jobID: target }
          : { jobID: target, args: ['--triggered-by=itinerary'] },
        createdAt,
      };
    }
    case 'killAllInstances':
      return {
        id,
        name: 'Kill all instances',
        actionType,
        config: random.chance(0.5) ? {} : null,
        createdAt,
      };
    case 'killLatestInstance':
      return {
        id,
        name: 'Kill the latest instance',
        actionType,
        config: random.chance(0.5) ? {} : null,
        createdAt,
      };
    case 'skipNextInstance':
      return { id, name: 'Skip the next run', actionType, config: random.chance(0.5) ? {} : null, createdAt };
  }
}
