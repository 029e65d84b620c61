import type { ConstraintViolation, JobRun, OrchestratorStats } from '@itinerary/db-schema';
import { durationText } from './duration-text.js';
import { constraintId, jobId } from './entity-ids.js';
import type { JobPlan } from './job-plan.js';
import { Random } from './random.js';
import { lastOccurrences } from './schedule-kinds.js';
import { STREAM } from './seed-streams.js';
import { periodId, periodStart } from './synthetic-clock.js';
import { FAILURE_ERRORS } from './vocabulary.js';

/** A start later than this counts as late in the scheduler's stats. */
export const LATE_START_MS = 5_000;
/** A start later than this missed the scheduler's grace period. */
export const GRACE_PERIOD_MS = 60_000;

/** One run of a job with everything that follows from it. */
export interface GeneratedRun {
  run: JobRun;
  violations: ConstraintViolation[];
  orchestrator: OrchestratorStats;
  /** Started more than `LATE_START_MS` after its scheduled time. */
  late: boolean;
  /** Started more than `GRACE_PERIOD_MS` after its scheduled time. */
  pastGracePeriod: boolean;
  /** Killed for passing its constraint's maxAllowedRunTime. */
  pastAllowedRunTime: boolean;
}

/**
 * The last `count` runs of job number `index` up to `now`, oldest first. Times follow the
 * schedule: a start delay of a few hundred ms (a few runs start late), a run time drawn for
 * the cadence with a long tail. Status follows from time where it can: a run still going at
 * `now` is running, one past its maxAllowedRunTime was killed and failed; the rest are mostly
 * completed, with some failures and cancellations, and the newest run is sometimes pending.
 * Runs that outlast maxExpectedRunTime or maxAllowedRunTime get violations.
 */
export function buildJobRuns(
  seed: number,
  index: number,
  plan: JobPlan,
  count: number,
  now: number,
): GeneratedRun[] {
  const random = Random.for(seed, STREAM.runs, index);
  const { kind } = plan.schedule;
  const constraint = plan.constraint;
  const expectedMs = constraint === null ? Number.POSITIVE_INFINITY : kind.maxExpectedRunTime.ms;
  const allowedMs =
    constraint?.maxAllowedRunTime === true ? kind.maxAllowedRunTime.ms : Number.POSITIVE_INFINITY;
  const violationLink = plan.links.find((l) => l.trigger === 'on_violation');
  const has = (trigger: string) => plan.links.some((l) => l.trigger === trigger);
  const [minRunMs, maxRunMs] = kind.runTimeMs;
  const runs: GeneratedRun[] = [];
  const times = lastOccurrences(plan.schedule, now, count);
  for (let k = 0; k < count; k++) {
    const scheduled = times[k] as number;
    // Named like the Jobs a Kubernetes CronJob creates: the job and its scheduled minute.
    // Unique by construction, as (job, scheduled time) is the table's key.
    const runId = `${jobId(index)}-${Math.floor(scheduled / 60_000)}`;
    // Run k of job j: unique below 2^48 for up to 2^28 jobs of 2^20 runs each.
    const runNumber = index * 1_048_576 + k;
    const late = random.chance(0.03);
    const delay = late ? random.int(LATE_START_MS + 1, 90_000) : random.int(20, 1_500);
    const runTime = random.chance(0.03)
      ? Math.round(maxRunMs * (1.5 + random.float() * 2.5))
      : Math.round(random.logUniform(minRunMs, maxRunMs));
    const outcome = random.float();
    const newestPending = k === count - 1 && random.chance(0.05);

    let startedAt: number | null = scheduled + delay;
    let completedAt: number | null = null;
    let status: JobRun['status'];
    let success: boolean | null = null;
    let error: string | null = null;
    let pastAllowedRunTime = false;
    if (newestPending || startedAt > now) {
      // Waiting on a concurrency slot or a dependency, or not picked up yet.
      status = 'pending';
      startedAt = null;
    } else if (outcome < 0.01) {
      status = 'cancelled';
      startedAt = null;
      error = constraint?.maxConcurrentRuns
        ? 'skipped: maxConcurrentRuns reached'
        : 'cancelled: superseded by a newer run';
    } else if (startedAt + allowedMs < startedAt + runTime && startedAt + allowedMs <= now) {
      status = 'failed';
      completedAt = startedAt + allowedMs;
      success = false;
      error = `exceeded maxAllowedRunTime of ${kind.maxAllowedRunTime.text}`;
      pastAllowedRunTime = true;
    } else if (startedAt + runTime > now) {
      status = 'running';
    } else if (outcome < 0.015) {
      status = 'cancelled';
      completedAt = startedAt + Math.round(runTime * random.float());
      success = false;
      error = 'killed by killAllInstances action';
    } else if (outcome < 0.055) {
      status = 'failed';
      completedAt = startedAt + runTime;
      success = false;
      error = random.pick(FAILURE_ERRORS);
    } else {
      status = 'completed';
      completedAt = startedAt + runTime;
      success = true;
    }

    const run: JobRun = {
      jobId: jobId(index),
      runId,
      scheduledAt: new Date(scheduled),
      startedAt: startedAt === null ? null : new Date(startedAt),
      completedAt: completedAt === null ? null : new Date(completedAt),
      status,
      success,
      error,
    };

    const violations: ConstraintViolation[] = [];
    let actionsTaken = 0;
    const elapsed = startedAt === null ? 0 : (completedAt ?? now) - startedAt;
    if (constraint !== null && startedAt !== null) {
      const violate = (setting: string, threshold: string, at: number, current: number) => {
        // A scoped link names this job's own constraint, so either kind of link fires here.
        const action = violationLink?.actionType ?? null;
        if (action !== null) actionsTaken++;
        violations.push({
          id: random.uuid(runNumber * 2 + violations.length),
          runId,
          constraintId: constraintId(index),
          violationTime: new Date(at),
          actionTaken: action,
          details: {
            message: `Job exceeded ${setting} of ${threshold}`,
            currentValue: durationText(current),
            threshold,
            ...(action === 'webhook'
              ? {
                  webhookResponse: random.chance(0.95)
                    ? { status: 200, body: 'ok' }
                    : { status: 502, body: 'Bad Gateway' },
                }
              : {}),
          },
        });
      };
      if (elapsed > expectedMs) {
        violate('maxExpectedRunTime', kind.maxExpectedRunTime.text, startedAt + expectedMs, elapsed);
      }
      if (pastAllowedRunTime) {
        violate('maxAllowedRunTime', kind.maxAllowedRunTime.text, startedAt + allowedMs, elapsed);
      }
    }
    if (status === 'failed' && has('on_failure')) actionsTaken++;
    if (status === 'completed' && has('on_success')) actionsTaken++;
    if (pastAllowedRunTime && has('on_timeout')) actionsTaken++;

    runs.push({
      run,
      violations,
      orchestrator: {
        runId,
        statsPeriodId: periodId(periodStart(startedAt ?? scheduled)),
        runtime: elapsed,
        constraintsChecked: constraint?.checks ?? 0,
        actionsTaken,
      },
      late: delay > LATE_START_MS && startedAt !== null,
      pastGracePeriod: delay > GRACE_PERIOD_MS && startedAt !== null,
      pastAllowedRunTime,
    });
  }
  return runs;
}
