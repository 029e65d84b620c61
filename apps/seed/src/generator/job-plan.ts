import { ACTION_TYPES, type ActionType, type Trigger } from '@itinerary/db-schema';
import { Random } from './random.js';
import { drawSchedule, type JobSchedule } from './schedule-kinds.js';
import { STREAM } from './seed-streams.js';

/** Which settings a job's constraint has; the values themselves are drawn with the row. */
export interface ConstraintPlan {
  maxConcurrentRuns: boolean;
  catchUp: boolean;
  maxAllowedRunTime: boolean;
  preRunHook: boolean;
  postRunHook: boolean;
  requirePreviousSuccess: boolean;
  /** How many checks the orchestrator makes per run for this constraint. */
  checks: number;
}

/** One action link of a job. */
export interface LinkPlan {
  actionIndex: number;
  actionType: ActionType;
  trigger: Trigger;
  /** For `on_violation`: whether the link names the job's constraint (else it fires on any). */
  scopedToConstraint: boolean;
}

/**
 * The structure of one job, decided before any row is built: its cadence, its constraint's
 * settings (null when it has none) and its action links. Runs, violations and stats follow
 * from it, and row counts can be known before generating.
 */
export interface JobPlan {
  schedule: JobSchedule;
  constraint: ConstraintPlan | null;
  links: LinkPlan[];
}

/** The action pool, by index and by type; every type is present once there are six actions. */
export interface ActionPool {
  types: ActionType[];
  byType: Map<ActionType, number[]>;
}

/** How many actions a data set of `jobs` jobs shares: a few teams' worth, every type present. */
export function actionCount(jobs: number): number {
  return jobs === 0 ? 0 : Math.max(ACTION_TYPES.length, Math.ceil(jobs / 200));
}

/** The type of action number `index`; its row builder draws this first from the same stream. */
export function drawActionType(random: Random, index: number): ActionType {
  const drawn = random.weighted<ActionType>([
    ['retry', 35],
    ['webhook', 30],
    ['kickOffJob', 10],
    ['killAllInstances', 8],
    ['killLatestInstance', 10],
    ['skipNextInstance', 7],
  ]);
  return index < ACTION_TYPES.length ? (ACTION_TYPES[index] as ActionType) : drawn;
}

/** Builds the action pool of a data set. */
export function buildActionPool(seed: number, jobs: number): ActionPool {
  const types: ActionType[] = [];
  const byType = new Map<ActionType, number[]>(ACTION_TYPES.map((t) => [t, []]));
  for (let i = 0; i < actionCount(jobs); i++) {
    const type = drawActionType(Random.for(seed, STREAM.action, i), i);
    types.push(type);
    byType.get(type)?.push(i);
  }
  return { types, byType };
}

function drawConstraint(random: Random): ConstraintPlan {
  const plan = {
    maxConcurrentRuns: random.chance(0.7),
    catchUp: random.chance(0.8),
    maxAllowedRunTime: random.chance(0.6),
    preRunHook: random.chance(0.15),
    postRunHook: random.chance(0.3),
    requirePreviousSuccess: random.chance(0.1),
  };
  // maxExpectedRunTime is always set: it is the setting teams reach for first.
  const checks = 1 + Object.values(plan).filter(Boolean).length;
  return { ...plan, checks };
}

/** Decides the structure of job number `index`. */
export function planJob(seed: number, index: number, pool: ActionPool): JobPlan {
  const random = Random.for(seed, STREAM.plan, index);
  const schedule = drawSchedule(random);
  const constraint = random.chance(0.3) ? drawConstraint(random) : null;
  const links: LinkPlan[] = [];
  if (pool.types.length > 0 && random.chance(0.4)) {
    const link = (types: readonly ActionType[], trigger: Trigger, scopedToConstraint = false) => {
      const candidates = pool.byType.get(random.pick(types)) ?? [];
      const actionIndex = random.pick(candidates);
      // (job_id, action_id) is the key: an action already linked is not linked twice.
      if (links.some((l) => l.actionIndex === actionIndex)) return;
      links.push({
        actionIndex,
        actionType: pool.types[actionIndex] as ActionType,
        trigger,
        scopedToConstraint,
      });
    };
    if (random.chance(0.7)) link(['retry', 'retry', 'webhook'], 'on_failure');
    if (constraint !== null && random.chance(0.6)) {
      link(
        ['webhook', 'killLatestInstance', 'killAllInstances', 'skipNextInstance'],
        'on_violation',
        random.chance(0.7),
      );
    }
    if (random.chance(0.1)) link(['kickOffJob'], 'on_success');
    if (random.chance(0.15)) link(['webhook', 'killLatestInstance'], 'on_timeout');
  }
  return { schedule, constraint, links };
}
