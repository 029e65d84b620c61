import { DuplicateError, ForeignKeyError, isNotFound, NotFoundError } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { ValidationError } from '@itinerary/db-schema';
import { describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { createAction, deleteAction, getAction, getAllActions } from './actions.js';
import { createConstraintViolation, getConstraintViolations } from './constraint-violations.js';
import { createConstraint, deleteConstraint, getConstraint, updateConstraint } from './constraints.js';
import { createJobAction, deleteJobAction, getJobActions } from './job-actions.js';
import { createJobRun, getJobRunByRunId } from './job-runs.js';
import { createJob, deleteJob, getAllJobs, getJob, iterateJobs, updateJob } from './jobs.js';

const podSpec = {
  containers: [{ name: 'report', image: 'report-generator:latest', env: [{ name: 'MODE', value: 'full' }] }],
  restartPolicy: 'Never',
  nodeSelector: { 'kubernetes.io/arch': 'amd64' },
};

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] jobs, constraints, actions and links`, () => {
    const db = useMigratedDatabase(target);

    it('creates, reads, updates and deletes a job, with JSON deep-equal and layer-set timestamps', async () => {
      const before = Date.now();
      const created = await createJob(db(), {
        id: 'job-crud',
        name: 'Daily Report',
        schedule: '0 0 * * *',
        podSpec,
      });
      expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(created.updatedAt).toEqual(created.createdAt);
      const read = await getJob(db(), 'job-crud');
      expect(read).toEqual({ ...created, constraintId: null });
      expect(read.timeZone).toBeNull();
      expect(read.podSpec).toEqual(podSpec);

      const updated = await updateJob(db(), {
        id: 'job-crud',
        name: 'Nightly Report',
        schedule: '@daily',
        podSpec: null,
      });
      expect(updated.name).toBe('Nightly Report');
      expect(updated.podSpec).toBeNull();
      expect(updated.createdAt).toEqual(created.createdAt);
      expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
      expect(await getJob(db(), 'job-crud')).toEqual(updated);

      await deleteJob(db(), 'job-crud');
      await expect(getJob(db(), 'job-crud')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('stores a job time zone and reads it back through every job function; updateJob replaces it', async () => {
      const created = await createJob(db(), {
        id: 'job-zone',
        name: 'Zoned',
        schedule: '30 2 * * *',
        timeZone: 'Australia/Lord_Howe',
      });
      expect(created.timeZone).toBe('Australia/Lord_Howe');
      expect(await getJob(db(), 'job-zone')).toEqual(created);
      expect((await getAllJobs(db())).find((j) => j.id === 'job-zone')).toEqual(created);
      const streamed = [];
      for await (const job of iterateJobs(db())) if (job.id === 'job-zone') streamed.push(job);
      expect(streamed).toEqual([created]);
      const schedules = [];
      for await (const job of iterateJobs(db(), { fields: 'schedule' }))
        if (job.id === 'job-zone') schedules.push(job);
      expect(schedules).toEqual([
        { id: 'job-zone', schedule: '30 2 * * *', timeZone: 'Australia/Lord_Howe', constraintId: null },
      ]);

      const input = { id: 'job-zone', name: 'Zoned', schedule: '30 2 * * *' };
      const london = await updateJob(db(), { ...input, timeZone: 'Europe/London' });
      expect(london.timeZone).toBe('Europe/London');
      expect((await getJob(db(), 'job-zone')).timeZone).toBe('Europe/London');
      // Left out means null (UTC), as for the other nullable fields.
      expect((await updateJob(db(), input)).timeZone).toBeNull();
      expect((await getJob(db(), 'job-zone')).timeZone).toBeNull();
    });

    it('refuses a bad time zone or a schedule Kubernetes refuses, on create and update, and keeps the row', async () => {
      await createJob(db(), {
        id: 'job-zone-bad',
        name: 'Kept',
        schedule: '@every 5m',
        timeZone: 'Asia/Tokyo',
      });
      for (const [change, field] of [
        [{ timeZone: 'Mars/Olympus' }, 'timeZone: unknown time zone "Mars/Olympus"'],
        [{ timeZone: 'Local' }, 'timeZone: "Local" is not an explicit time zone'],
        [{ timeZone: 'asia/tokyo' }, 'did you mean "Asia/Tokyo"?'],
        [{ schedule: '* * * * 7' }, 'schedule: "* * * * 7" is not a valid cron expression'],
        [{ schedule: 'CRON_TZ=Asia/Tokyo 0 * * * *' }, 'cannot use TZ or CRON_TZ'],
      ] as const) {
        const job = { id: 'job-zone-bad', name: 'Changed', schedule: '0 * * * *', ...change };
        const updated = await updateJob(db(), job).catch((e: unknown) => e);
        expect(updated).toBeInstanceOf(ValidationError);
        expect((updated as Error).message).toContain(field);
        const created = await createJob(db(), { ...job, id: 'job-zone-new' }).catch((e: unknown) => e);
        expect((created as Error).message).toContain(field);
      }
      const kept = await getJob(db(), 'job-zone-bad');
      expect([kept.name, kept.schedule, kept.timeZone]).toEqual(['Kept', '@every 5m', 'Asia/Tokyo']);
      await expect(getJob(db(), 'job-zone-new')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('throws NotFoundError for a missing job on get, update and delete', async () => {
      const missing = await getJob(db(), 'no-such-job').catch((e: unknown) => e);
      expect(isNotFound(missing)).toBe(true);
      expect((missing as Error).message).toBe('job not found: id "no-such-job"');
      await expect(
        updateJob(db(), { id: 'no-such-job', name: 'x', schedule: '* * * * *' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteJob(db(), 'no-such-job')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('throws DuplicateError for a second job with the same id, and ForeignKeyError for a missing constraint', async () => {
      await createJob(db(), { id: 'job-dup', name: 'A', schedule: '* * * * *' });
      await expect(
        createJob(db(), { id: 'job-dup', name: 'B', schedule: '* * * * *' }),
      ).rejects.toBeInstanceOf(DuplicateError);
      await expect(
        createJob(db(), { id: 'job-fk', name: 'A', schedule: '* * * * *', constraintId: 'ghost' }),
      ).rejects.toBeInstanceOf(ForeignKeyError);
      await expect(getJob(db(), 'job-fk')).rejects.toBeInstanceOf(NotFoundError);
      expect((await getJob(db(), 'job-dup')).name).toBe('A');
    });

    it('refuses an invalid job with a message naming the field, and writes nothing', async () => {
      const count = async () => (await getAllJobs(db())).length;
      const before = await count();
      const cases: Array<[unknown, RegExp]> = [
        [{ id: 'bad-cron', name: 'x', schedule: '61 * * * *' }, /schedule/],
        [{ id: 'bad-pod', name: 'x', schedule: '* * * * *', podSpec: 'not an object' }, /podSpec/],
        [{ id: '', name: 'x', schedule: '* * * * *' }, /id/],
        [{ id: 'typo', name: 'x', schedule: '* * * * *', constraintID: 'c' }, /constraintID/],
        [{ id: 42, name: 'x', schedule: '* * * * *' }, /id: expected a string, got 42/],
        [null, /invalid job/],
      ];
      for (const [input, message] of cases) {
        const err = await createJob(db(), input as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as Error).message).toMatch(message);
      }
      expect(await count()).toBe(before);
    });

    it('returns a fresh array from getAllJobs on every call', async () => {
      const first = await getAllJobs(db());
      const second = await getAllJobs(db());
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
      first.length = 0;
      expect((await getAllJobs(db())).length).toBe(second.length);
    });

    it('stores constraints with durations and hook JSON, and refuses bad ones', async () => {
      const hook = {
        type: 'slack' as const,
        url: 'https://hooks.slack.com/services/X',
        channel: '#notifications',
      };
      const c = await createConstraint(db(), {
        id: 'c-full',
        maxConcurrentRuns: 2,
        catchUp: true,
        catchUpWindow: '5m',
        maxExpectedRunTime: '1h',
        maxAllowedRunTime: '1h30m',
        preRunHook: hook,
        postRunHook: null,
        requirePreviousSuccess: { jobID: 'parent-job-id', args: ['arg1', 'arg2'] },
      });
      expect(await getConstraint(db(), 'c-full')).toEqual(c);
      const sparse = await createConstraint(db(), { id: 'c-sparse', catchUp: false });
      expect(await getConstraint(db(), 'c-sparse')).toEqual(sparse);
      expect(sparse.maxConcurrentRuns).toBeNull();

      const updated = await updateConstraint(db(), { id: 'c-sparse', catchUp: true, postRunHook: hook });
      expect(updated.catchUp).toBe(true);
      expect(updated.postRunHook).toEqual(hook);
      expect(updated.updatedAt.getTime()).toBeGreaterThan(sparse.updatedAt.getTime());

      await expect(createConstraint(db(), { id: 'c-bad', catchUpWindow: '5x' })).rejects.toThrow(
        /catchUpWindow/,
      );
      await expect(
        createConstraint(db(), { id: 'c-bad', preRunHook: { type: 'slack', url: 'not a url' } as never }),
      ).rejects.toThrow(/preRunHook/);
      await expect(getConstraint(db(), 'c-bad')).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateConstraint(db(), { id: 'c-none' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteConstraint(db(), 'c-none')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('stores actions with a config checked against the action type', async () => {
      const retry = await createAction(db(), {
        id: 'a-retry',
        name: 'Retry',
        actionType: 'retry',
        config: { maxRetries: 3, delay: '30s' },
      });
      const kill = await createAction(db(), {
        id: 'a-kill',
        name: 'Kill all',
        actionType: 'killAllInstances',
        config: {},
      });
      expect(await getAction(db(), 'a-retry')).toEqual(retry);
      const all = await getAllActions(db());
      expect(all.filter((a) => a.id.startsWith('a-'))).toEqual([kill, retry]);
      await expect(
        createAction(db(), { id: 'a-bad', name: 'x', actionType: 'explode' } as never),
      ).rejects.toThrow(/actionType/);
      await expect(
        createAction(db(), {
          id: 'a-bad',
          name: 'x',
          actionType: 'kickOffJob',
          config: { maxRetries: 1 },
        } as never),
      ).rejects.toBeInstanceOf(ValidationError);
      await deleteAction(db(), 'a-kill');
      await expect(getAction(db(), 'a-kill')).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteAction(db(), 'a-kill')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('links actions to jobs with triggers, and refuses bad links', async () => {
      await createConstraint(db(), { id: 'c-link' });
      await createJob(db(), {
        id: 'job-link',
        name: 'Linked',
        schedule: '*/5 * * * *',
        constraintId: 'c-link',
      });
      await createAction(db(), {
        id: 'a-hook',
        name: 'Hook',
        actionType: 'webhook',
        config: { type: 'webhook', url: 'https://example.com/h' },
      });
      await createAction(db(), { id: 'a-skip', name: 'Skip', actionType: 'skipNextInstance', config: null });
      const any = await createJobAction(db(), {
        jobId: 'job-link',
        actionId: 'a-skip',
        trigger: 'on_timeout',
      });
      const specific = await createJobAction(db(), {
        jobId: 'job-link',
        actionId: 'a-hook',
        trigger: 'on_violation',
        constraintId: 'c-link',
      });
      expect(await getJobActions(db(), 'job-link')).toEqual([specific, any]);
      await expect(
        createJobAction(db(), { jobId: 'job-link', actionId: 'a-hook', trigger: 'on_failure' }),
      ).rejects.toBeInstanceOf(DuplicateError);
      await expect(
        createJobAction(db(), { jobId: 'job-link', actionId: 'a-ghost', trigger: 'on_failure' }),
      ).rejects.toBeInstanceOf(ForeignKeyError);
      await expect(
        createJobAction(db(), { jobId: 'job-link', actionId: 'a-skip', trigger: 'on_whatever' } as never),
      ).rejects.toThrow(/trigger/);
      await expect(
        createJobAction(db(), {
          jobId: 'job-link',
          actionId: 'a-skip',
          trigger: 'on_failure',
          constraintId: 'c-link',
        }),
      ).rejects.toThrow(/constraintId/);
      await deleteJobAction(db(), 'job-link', 'a-skip');
      expect(await getJobActions(db(), 'job-link')).toEqual([specific]);
      await expect(deleteJobAction(db(), 'job-link', 'a-skip')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('cascades: deleting a constraint nulls jobs and drops links naming it; deleting a job drops its runs, links and violations', async () => {
      await createConstraint(db(), { id: 'c-cascade' });
      await createJob(db(), {
        id: 'job-cascade',
        name: 'Cascade',
        schedule: '0 * * * *',
        constraintId: 'c-cascade',
      });
      await createAction(db(), { id: 'a-cascade', name: 'Alert', actionType: 'killLatestInstance' });
      await createAction(db(), { id: 'a-cascade-2', name: 'Retry', actionType: 'retry' });
      await createJobAction(db(), {
        jobId: 'job-cascade',
        actionId: 'a-cascade',
        trigger: 'on_violation',
        constraintId: 'c-cascade',
      });
      await createJobAction(db(), { jobId: 'job-cascade', actionId: 'a-cascade-2', trigger: 'on_failure' });

      await deleteConstraint(db(), 'c-cascade');
      expect((await getJob(db(), 'job-cascade')).constraintId).toBeNull();
      expect((await getJobActions(db(), 'job-cascade')).map((l) => l.actionId)).toEqual(['a-cascade-2']);

      await createConstraint(db(), { id: 'c-cascade-2' });
      await createJobRun(db(), {
        jobId: 'job-cascade',
        runId: 'run-cascade',
        scheduledAt: new Date('2026-02-01T00:00:00.000Z'),
        status: 'failed',
      });
      await createConstraintViolation(db(), {
        id: 'v-cascade',
        runId: 'run-cascade',
        constraintId: 'c-cascade-2',
        violationTime: new Date('2026-02-01T00:10:00.000Z'),
        details: { message: 'late' },
      });
      await deleteJob(db(), 'job-cascade');
      await expect(getJobRunByRunId(db(), 'run-cascade')).rejects.toBeInstanceOf(NotFoundError);
      expect(await getConstraintViolations(db(), 'run-cascade')).toEqual([]);
      expect(await getJobActions(db(), 'job-cascade')).toEqual([]);
      // The actions and the constraint themselves stay.
      expect((await getAction(db(), 'a-cascade-2')).id).toBe('a-cascade-2');
      expect((await getConstraint(db(), 'c-cascade-2')).id).toBe('c-cascade-2');
    });
  });
}
