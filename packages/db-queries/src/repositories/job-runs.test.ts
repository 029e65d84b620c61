import { DuplicateError, ForeignKeyError, NotFoundError } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { ValidationError } from '@itinerary/db-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import {
  createConstraintViolation,
  getConstraintViolations,
  getConstraintViolationsByConstraint,
} from './constraint-violations.js';
import { createConstraint } from './constraints.js';
import {
  completeJobRun,
  createJobRun,
  getJobRun,
  getJobRunByRunId,
  getJobRuns,
  updateJobRunStatus,
} from './job-runs.js';
import { createJob } from './jobs.js';
import { createOrchestratorStats, getOrchestratorStats } from './orchestrator-stats.js';
import { createSchedulerStats, getSchedulerStats } from './scheduler-stats.js';

const t = (iso: string) => new Date(iso);

function period(id: string, start: string, end: string, overrides: Record<string, unknown> = {}) {
  return {
    statsPeriodId: id,
    startTime: t(start),
    endTime: t(end),
    iterations: 30,
    runJobs: 4,
    lateJobs: 1,
    timePassedRunTime: 0,
    missedJobs: 0,
    timePassedGracePeriod: 0,
    jobsCancelled: 0,
    ...overrides,
  };
}

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] job runs, violations and stats`, () => {
    const db = useMigratedDatabase(target);

    beforeAll(async () => {
      await createJob(db(), { id: 'job-a', name: 'A', schedule: '* * * * *' });
      await createJob(db(), { id: 'job-b', name: 'B', schedule: '* * * * *' });
      await createConstraint(db(), { id: 'c-1', maxAllowedRunTime: '2h' });
      await createConstraint(db(), { id: 'c-2' });
    });

    it('round-trips a run with millisecond timestamps, booleans and nulls', async () => {
      const run = await createJobRun(db(), {
        jobId: 'job-a',
        runId: 'run-rt',
        scheduledAt: t('2026-03-29T01:30:00.123Z'), // a DST change in Europe, for good measure
        startedAt: t('2026-03-29T01:30:00.999Z'),
        status: 'running',
      });
      expect(run).toEqual({
        jobId: 'job-a',
        runId: 'run-rt',
        scheduledAt: t('2026-03-29T01:30:00.123Z'),
        startedAt: t('2026-03-29T01:30:00.999Z'),
        completedAt: null,
        status: 'running',
        success: null,
        error: null,
      });
      expect(await getJobRunByRunId(db(), 'run-rt')).toEqual(run);
      expect(await getJobRun(db(), 'job-a', t('2026-03-29T01:30:00.123Z'))).toEqual(run);
      await expect(getJobRun(db(), 'job-a', t('2026-03-29T01:30:00.124Z'))).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it('lists a job’s runs newest first, up to the limit, and refuses bad limits', async () => {
      for (let i = 1; i <= 5; i++) {
        await createJobRun(db(), {
          jobId: 'job-b',
          runId: `run-b-${i}`,
          scheduledAt: t(`2026-01-0${i}T12:00:00.000Z`),
          status: 'pending',
        });
      }
      const runs = await getJobRuns(db(), 'job-b', 3);
      expect(runs.map((r) => r.runId)).toEqual(['run-b-5', 'run-b-4', 'run-b-3']);
      expect(await getJobRuns(db(), 'job-b', 100)).toHaveLength(5);
      expect(await getJobRuns(db(), 'no-such-job', 10)).toEqual([]);
      for (const limit of [0, -1, 1.5, 1e9, Number.NaN, '10']) {
        await expect(getJobRuns(db(), 'job-b', limit as never)).rejects.toBeInstanceOf(ValidationError);
      }
    });

    it('refuses duplicate runs and runs of unknown jobs', async () => {
      await createJobRun(db(), {
        jobId: 'job-a',
        runId: 'run-dup',
        scheduledAt: t('2026-04-01T00:00:00Z'),
        status: 'pending',
      });
      // Same run id, and separately the same job and scheduled time.
      await expect(
        createJobRun(db(), {
          jobId: 'job-a',
          runId: 'run-dup',
          scheduledAt: t('2026-04-02T00:00:00Z'),
          status: 'pending',
        }),
      ).rejects.toMatchObject({
        name: 'DuplicateError',
        key: ['run_id'],
        existing: { runId: 'run-dup', jobId: 'job-a', scheduledAt: t('2026-04-01T00:00:00Z') },
        message: expect.stringContaining('run id "run-dup" is already the run of job "job-a"'),
      });
      await expect(
        createJobRun(db(), {
          jobId: 'job-a',
          runId: 'run-dup-2',
          scheduledAt: t('2026-04-01T00:00:00Z'),
          status: 'pending',
        }),
      ).rejects.toSatisfy(
        (err) =>
          err instanceof DuplicateError &&
          JSON.stringify(err.key) === '["job_id","scheduled_at"]' &&
          err.existing?.runId === 'run-dup' &&
          err.message.includes('already has run "run-dup"'),
      );
      await expect(
        createJobRun(db(), {
          jobId: 'ghost',
          runId: 'run-ghost',
          scheduledAt: t('2026-04-01T00:00:00Z'),
          status: 'pending',
        }),
      ).rejects.toBeInstanceOf(ForeignKeyError);
      await expect(
        createJobRun(db(), {
          jobId: 'job-a',
          runId: 'run-bad',
          scheduledAt: t('2026-04-03T00:00:00Z'),
          status: 'done',
        } as never),
      ).rejects.toThrow(/status/);
    });

    it('changes only the status with updateJobRunStatus, and completes a run with completeJobRun', async () => {
      const started = t('2026-05-01T10:00:00.500Z');
      await createJobRun(db(), {
        jobId: 'job-a',
        runId: 'run-life',
        scheduledAt: t('2026-05-01T10:00:00.000Z'),
        startedAt: started,
        status: 'pending',
      });
      await updateJobRunStatus(db(), 'run-life', 'running');
      const running = await getJobRunByRunId(db(), 'run-life');
      expect(running).toMatchObject({
        status: 'running',
        startedAt: started,
        completedAt: null,
        success: null,
      });

      const before = Date.now();
      await completeJobRun(db(), 'run-life', false, 'exit code 137');
      const failed = await getJobRunByRunId(db(), 'run-life');
      expect(failed).toMatchObject({
        status: 'failed',
        success: false,
        error: 'exit code 137',
        startedAt: started,
      });
      expect(failed.completedAt?.getTime()).toBeGreaterThanOrEqual(before);

      await createJobRun(db(), {
        jobId: 'job-a',
        runId: 'run-ok',
        scheduledAt: t('2026-05-02T10:00:00Z'),
        status: 'running',
      });
      await completeJobRun(db(), 'run-ok', true);
      expect(await getJobRunByRunId(db(), 'run-ok')).toMatchObject({
        status: 'completed',
        success: true,
        error: null,
      });

      await expect(updateJobRunStatus(db(), 'run-none', 'running')).rejects.toBeInstanceOf(NotFoundError);
      await expect(completeJobRun(db(), 'run-none', true)).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateJobRunStatus(db(), 'run-ok', 'finished' as never)).rejects.toThrow(/status/);
      expect((await getJobRunByRunId(db(), 'run-ok')).status).toBe('completed');
    });

    it('records violations with JSON details and lists them newest first', async () => {
      await createJobRun(db(), {
        jobId: 'job-a',
        runId: 'run-v',
        scheduledAt: t('2026-06-01T00:00:00Z'),
        status: 'running',
      });
      const details = {
        message: 'Job exceeded maxAllowedRunTime of 2h',
        currentValue: '2h15m',
        threshold: '2h',
        webhookResponse: { status: 200, body: '{"ok":true}' },
        extra: { nested: [1, 'two', null, true] },
      };
      const first = await createConstraintViolation(db(), {
        id: 'v-1',
        runId: 'run-v',
        constraintId: 'c-1',
        violationTime: t('2026-06-01T02:00:00.001Z'),
        actionTaken: 'webhook',
        details,
      });
      const second = await createConstraintViolation(db(), {
        id: 'v-2',
        runId: 'run-v',
        constraintId: 'c-2',
        violationTime: t('2026-06-01T02:15:00.000Z'),
      });
      expect(await getConstraintViolations(db(), 'run-v')).toEqual([second, first]);
      expect(first.details).toEqual(details);
      expect(await getConstraintViolationsByConstraint(db(), 'c-1', 10)).toEqual([first]);
      await expect(
        createConstraintViolation(db(), {
          id: 'v-3',
          runId: 'run-none',
          constraintId: 'c-1',
          violationTime: t('2026-06-01T00:00:00Z'),
        }),
      ).rejects.toBeInstanceOf(ForeignKeyError);
      await expect(getConstraintViolationsByConstraint(db(), 'c-1', -5)).rejects.toThrow(/limit/);
    });

    it('returns every stats period that overlaps a range, ordered by start', async () => {
      await createSchedulerStats(db(), period('p-1', '2026-07-01T00:00:00Z', '2026-07-01T00:00:30Z'));
      await createSchedulerStats(
        db(),
        period('p-2', '2026-07-01T00:00:30Z', '2026-07-01T00:01:00Z', { avgInboxLength: 1.25 }),
      );
      await createSchedulerStats(db(), period('p-3', '2026-07-01T00:01:00Z', '2026-07-01T00:01:30Z'));
      await createSchedulerStats(db(), period('p-long', '2026-06-30T00:00:00Z', '2026-07-02T00:00:00Z'));
      const ids = async (from: string, to: string) =>
        (await getSchedulerStats(db(), t(from), t(to))).map((s) => s.statsPeriodId);
      expect(await ids('2026-07-01T00:00:10Z', '2026-07-01T00:00:40Z')).toEqual(['p-long', 'p-1', 'p-2']);
      // A range inside one period still finds it, and the long period that contains it all.
      expect(await ids('2026-07-01T00:01:05Z', '2026-07-01T00:01:06Z')).toEqual(['p-long', 'p-3']);
      expect(await ids('2026-08-01T00:00:00Z', '2026-08-02T00:00:00Z')).toEqual([]);
      const [p2] = await getSchedulerStats(db(), t('2026-07-01T00:00:45Z'), t('2026-07-01T00:00:45Z')).then(
        (r) => r.filter((s) => s.statsPeriodId === 'p-2'),
      );
      expect(p2).toEqual({
        ...period('p-2', '2026-07-01T00:00:30Z', '2026-07-01T00:01:00Z'),
        minInboxLength: null,
        maxInboxLength: null,
        avgInboxLength: 1.25,
        emptyInboxTime: null,
        avgTimeInInbox: null,
        minTimeInInbox: null,
        maxTimeInInbox: null,
      });
    });

    it('replaces a period’s figures when it is flushed again, leaving one row', async () => {
      await createSchedulerStats(
        db(),
        period('p-flush', '2026-09-01T00:00:00Z', '2026-09-01T00:00:30Z', { runJobs: 1 }),
      );
      await createSchedulerStats(
        db(),
        period('p-flush', '2026-09-01T00:00:00Z', '2026-09-01T00:00:30Z', { runJobs: 7, maxInboxLength: 9 }),
      );
      const rows = await getSchedulerStats(db(), t('2026-09-01T00:00:10Z'), t('2026-09-01T00:00:20Z'));
      expect(rows.filter((r) => r.statsPeriodId === 'p-flush')).toEqual([
        expect.objectContaining({ runJobs: 7, maxInboxLength: 9 }),
      ]);
      await expect(
        createSchedulerStats(db(), period('p-bad', '2026-09-01T00:01:00Z', '2026-09-01T00:00:00Z')),
      ).rejects.toThrow(/endTime/);
    });

    it('records and reads orchestrator stats per period', async () => {
      await createSchedulerStats(db(), period('p-orch', '2026-10-01T00:00:00Z', '2026-10-01T00:00:30Z'));
      await createOrchestratorStats(db(), {
        runId: 'r-2',
        statsPeriodId: 'p-orch',
        runtime: 50,
        constraintsChecked: 2,
        actionsTaken: 1,
      });
      await createOrchestratorStats(db(), {
        runId: 'r-1',
        statsPeriodId: 'p-orch',
        runtime: 70,
        constraintsChecked: 3,
        actionsTaken: 0,
      });
      expect(await getOrchestratorStats(db(), 'p-orch')).toEqual([
        { runId: 'r-1', statsPeriodId: 'p-orch', runtime: 70, constraintsChecked: 3, actionsTaken: 0 },
        { runId: 'r-2', statsPeriodId: 'p-orch', runtime: 50, constraintsChecked: 2, actionsTaken: 1 },
      ]);
      await expect(
        createOrchestratorStats(db(), {
          runId: 'r-3',
          statsPeriodId: 'p-none',
          runtime: 1,
          constraintsChecked: 0,
          actionsTaken: 0,
        }),
      ).rejects.toBeInstanceOf(ForeignKeyError);
    });
  });
}
