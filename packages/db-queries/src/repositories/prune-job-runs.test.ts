import { dialectTargets } from '@itinerary/db-core/testing';
import { type RunStatus, ValidationError } from '@itinerary/db-schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { useMigratedDatabase } from '../migrated-database.test-support.js';
import { createConstraintViolation, getConstraintViolations } from './constraint-violations.js';
import { createConstraint } from './constraints.js';
import { createJobRun, getJobRuns } from './job-runs.js';
import { createJob } from './jobs.js';
import { countPrunableJobRuns, type PruneJobRunsOptions, pruneJobRuns } from './prune-job-runs.js';

/**
 * One run as Kubernetes' TestCleanupFinishedJobs_DeleteOrNot describes a Job
 * (kubernetes/kubernetes pkg/controller/cronjob/cronjob_controller_test.go, CleanupJobSpec):
 * start time, finished, successful, expected deleted. Its start time is our scheduledAt; a
 * finished Job is a terminal run (completed + success, or failed); an unfinished one is running.
 */
type K8sJobSpec = [start: string, finished: boolean, successful: boolean, expectDelete: boolean];
const T = true;
const F = false;

interface K8sCase {
  jobs: K8sJobSpec[];
  successfulJobsHistoryLimit: number | undefined;
  failedJobsHistoryLimit: number | undefined;
}

// The cases of TestCleanupFinishedJobs_DeleteOrNot, data unchanged. "jobs not processed by Sync
// yet" only varies IsStillInActiveList, which has no counterpart here, and "limits disabled"
// (both nil) is refused by pruneJobRuns instead of being a no-op (tested below).
const K8S_DELETE_OR_NOT: Record<string, K8sCase> = {
  'success. job limit reached': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, T, T],
      ['2016-05-19T05:00:00Z', T, T, T],
      ['2016-05-19T06:00:00Z', T, T, F],
      ['2016-05-19T07:00:00Z', T, T, F],
      ['2016-05-19T08:00:00Z', F, F, F],
      ['2016-05-19T09:00:00Z', T, F, F],
    ],
    successfulJobsHistoryLimit: 2,
    failedJobsHistoryLimit: 1,
  },
  'failed job limit reached': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, F, T],
      ['2016-05-19T05:00:00Z', T, F, T],
      ['2016-05-19T06:00:00Z', T, T, F],
      ['2016-05-19T07:00:00Z', T, T, F],
      ['2016-05-19T08:00:00Z', T, F, F],
      ['2016-05-19T09:00:00Z', T, F, F],
    ],
    successfulJobsHistoryLimit: 2,
    failedJobsHistoryLimit: 2,
  },
  'success. job limit set to zero': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, T, T],
      ['2016-05-19T05:00:00Z', T, F, T],
      ['2016-05-19T06:00:00Z', T, T, T],
      ['2016-05-19T07:00:00Z', T, T, T],
      ['2016-05-19T08:00:00Z', F, F, F],
      ['2016-05-19T09:00:00Z', T, F, F],
    ],
    successfulJobsHistoryLimit: 0,
    failedJobsHistoryLimit: 1,
  },
  'failed job limit set to zero': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, T, F],
      ['2016-05-19T05:00:00Z', T, F, T],
      ['2016-05-19T06:00:00Z', T, T, F],
      ['2016-05-19T07:00:00Z', T, T, F],
      ['2016-05-19T08:00:00Z', F, F, F],
      ['2016-05-19T09:00:00Z', T, F, T],
    ],
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 0,
  },
  'no limits reached': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, T, F],
      ['2016-05-19T05:00:00Z', T, F, F],
      ['2016-05-19T06:00:00Z', T, T, F],
      ['2016-05-19T07:00:00Z', T, T, F],
      ['2016-05-19T08:00:00Z', T, F, F],
      ['2016-05-19T09:00:00Z', T, F, F],
    ],
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
  },
  'success limit disabled': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, T, F],
      ['2016-05-19T05:00:00Z', T, F, F],
      ['2016-05-19T06:00:00Z', T, T, F],
      ['2016-05-19T07:00:00Z', T, T, F],
      ['2016-05-19T08:00:00Z', T, F, F],
      ['2016-05-19T09:00:00Z', T, F, F],
    ],
    successfulJobsHistoryLimit: undefined,
    failedJobsHistoryLimit: 3,
  },
  'failure limit disabled': {
    jobs: [
      ['2016-05-19T04:00:00Z', T, T, F],
      ['2016-05-19T05:00:00Z', T, F, F],
      ['2016-05-19T06:00:00Z', T, T, F],
      ['2016-05-19T07:00:00Z', T, T, F],
      ['2016-05-19T08:00:00Z', T, F, F],
      ['2016-05-19T09:00:00Z', T, F, F],
    ],
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: undefined,
  },
  'no limits reached because still active': {
    jobs: [
      ['2016-05-19T04:00:00Z', F, F, F],
      ['2016-05-19T05:00:00Z', F, F, F],
      ['2016-05-19T06:00:00Z', F, F, F],
      ['2016-05-19T07:00:00Z', F, F, F],
      ['2016-05-19T08:00:00Z', F, F, F],
      ['2016-05-19T09:00:00Z', F, F, F],
    ],
    successfulJobsHistoryLimit: 0,
    failedJobsHistoryLimit: 0,
  },
  // TestControllerV2CleanupFinishedJobs (cronjob_controllerv2_test.go): two finished,
  // successful Jobs started just before the prior hour and just before the hour, limit 1.
  'v2: jobs are still deleted when a cronjob cannot create jobs (quota reached)': {
    jobs: [
      ['2016-05-19T08:59:00Z', T, T, T],
      ['2016-05-19T09:59:00Z', T, T, F],
    ],
    successfulJobsHistoryLimit: 1,
    failedJobsHistoryLimit: undefined,
  },
  'v2: jobs are not deleted if history limit not reached': {
    jobs: [['2016-05-19T08:59:00Z', T, T, F]],
    successfulJobsHistoryLimit: 2,
    failedJobsHistoryLimit: undefined,
  },
};

const at = (iso: string) => new Date(iso);
const hour = (h: number) => new Date(Date.UTC(2026, 0, 1, h));

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] pruneJobRuns`, () => {
    const db = useMigratedDatabase(target);

    /** Inserts runs of `jobId` (created if needed), named `<jobId>@<ISO time>`. */
    async function runs(
      jobId: string,
      list: Array<[scheduledAt: Date, status: RunStatus, success?: boolean | null]>,
    ): Promise<void> {
      await createJob(db(), { id: jobId, name: jobId, schedule: '0 * * * *' }).catch(() => undefined);
      for (const [scheduledAt, status, success] of list) {
        await createJobRun(db(), {
          jobId,
          runId: `${jobId}@${scheduledAt.toISOString()}`,
          scheduledAt,
          status,
          success: success ?? null,
        });
      }
    }
    const left = async (jobId: string) => (await getJobRuns(db(), jobId, 10_000)).map((r) => r.runId).sort();

    beforeEach(async () => {
      // Deleting the jobs cascades to runs and violations: every case starts empty.
      await db().exec('DELETE FROM jobs');
      await db().exec('DELETE FROM constraints');
    });

    for (const [name, c] of Object.entries(K8S_DELETE_OR_NOT)) {
      it(`Kubernetes cleanup case "${name}"`, async () => {
        await runs(
          'cj',
          c.jobs.map(([start, finished, ok]) => [
            at(start),
            finished ? (ok ? 'completed' : 'failed') : 'running',
            finished ? ok : null,
          ]),
        );
        const options: PruneJobRunsOptions = {
          keepSuccessful: c.successfulJobsHistoryLimit,
          keepFailed: c.failedJobsHistoryLimit,
        };
        const expectedDeleted = c.jobs.filter((j) => j[3]).length;
        expect(await countPrunableJobRuns(db(), options)).toEqual({
          deleted: expectedDeleted,
          stopped: false,
        });
        expect(await pruneJobRuns(db(), options)).toEqual({ deleted: expectedDeleted, stopped: false });
        expect(await left('cj')).toEqual(
          c.jobs.filter((j) => !j[3]).map(([start]) => `cj@${at(start).toISOString()}`),
        );
        // Run again: the rules select nothing more.
        expect(await pruneJobRuns(db(), options)).toEqual({ deleted: 0, stopped: false });
      });
    }

    it('Kubernetes "limits disabled" (both nil) is refused here: no rule at all is a ValidationError naming the options', async () => {
      await runs('cj', [[hour(1), 'completed', true]]);
      const err = await pruneJobRuns(db(), {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(/keepSuccessful, keepFailed or olderThan/);
      await expect(countPrunableJobRuns(db(), {})).rejects.toBeInstanceOf(ValidationError);
      expect(await left('cj')).toHaveLength(1);
    });

    it('applies the limits per job, and counts cancelled and unsuccessful completed runs as failed', async () => {
      await runs('a', [
        [hour(1), 'completed', true],
        [hour(2), 'cancelled'],
        [hour(3), 'completed', false],
        [hour(4), 'completed', true],
        [hour(5), 'failed', false],
      ]);
      await runs('b', [
        [hour(1), 'completed', true],
        [hour(2), 'cancelled'],
      ]);
      expect(await pruneJobRuns(db(), { keepSuccessful: 1, keepFailed: 1 })).toEqual({
        deleted: 3,
        stopped: false,
      });
      expect(await left('a')).toEqual([`a@${hour(4).toISOString()}`, `a@${hour(5).toISOString()}`]);
      // b's only successful and only failed run are its newest of each: both stay.
      expect(await left('b')).toHaveLength(2);
    });

    it('never deletes pending or running runs, even when older than olderThan and with limits of 0', async () => {
      await runs('a', [
        [hour(1), 'pending'],
        [hour(2), 'running'],
        [hour(3), 'completed', true],
        [hour(4), 'failed', false],
      ]);
      const result = await pruneJobRuns(db(), { keepSuccessful: 0, keepFailed: 0, olderThan: hour(23) });
      expect(result.deleted).toBe(2);
      expect(await left('a')).toEqual([`a@${hour(1).toISOString()}`, `a@${hour(2).toISOString()}`]);
    });

    it('olderThan deletes finished runs scheduled before it, even ones the limits keep; a run at the instant stays', async () => {
      await runs('a', [
        [hour(1), 'completed', true],
        [hour(2), 'failed', false],
        [hour(3), 'completed', true],
        [hour(4), 'completed', true],
      ]);
      expect(await pruneJobRuns(db(), { olderThan: hour(3), keepSuccessful: 5 })).toEqual({
        deleted: 2,
        stopped: false,
      });
      expect(await left('a')).toEqual([`a@${hour(3).toISOString()}`, `a@${hour(4).toISOString()}`]);
      // Together with a limit: either rule selects a run.
      expect(await pruneJobRuns(db(), { olderThan: hour(3), keepSuccessful: 1 })).toEqual({
        deleted: 1,
        stopped: false,
      });
      expect(await left('a')).toEqual([`a@${hour(4).toISOString()}`]);
    });

    it("deletes a run's constraint violations with it and keeps those of the runs it keeps", async () => {
      await createConstraint(db(), { id: 'c-1' });
      await runs('a', [
        [hour(1), 'failed', false],
        [hour(2), 'failed', false],
      ]);
      for (const [id, h] of [
        ['v-old', 1],
        ['v-new', 2],
      ] as const) {
        await createConstraintViolation(db(), {
          id,
          runId: `a@${hour(h).toISOString()}`,
          constraintId: 'c-1',
          violationTime: hour(h),
        });
      }
      expect((await pruneJobRuns(db(), { keepFailed: 1 })).deleted).toBe(1);
      expect(await getConstraintViolations(db(), `a@${hour(1).toISOString()}`)).toEqual([]);
      expect((await getConstraintViolations(db(), `a@${hour(2).toISOString()}`)).map((v) => v.id)).toEqual([
        'v-new',
      ]);
    });

    it('deletes in batches of batchSize, reports each, and a stop after one batch leaves the rest for the next run', async () => {
      await runs(
        'a',
        Array.from({ length: 7 }, (_, i) => [hour(i + 1), 'completed', true] as [Date, RunStatus, boolean]),
      );
      const controller = new AbortController();
      const seen: number[] = [];
      const first = await pruneJobRuns(db(), {
        keepSuccessful: 0,
        batchSize: 2,
        signal: controller.signal,
        onBatch: ({ deleted }) => {
          seen.push(deleted);
          controller.abort();
        },
      });
      expect(first).toEqual({ deleted: 2, stopped: true });
      expect(await left('a')).toHaveLength(5);
      // The oldest go first.
      expect(await left('a')).not.toContain(`a@${hour(1).toISOString()}`);
      const progress: number[] = [];
      const rest = await pruneJobRuns(db(), {
        keepSuccessful: 0,
        batchSize: 2,
        onBatch: ({ deleted }) => progress.push(deleted),
      });
      expect(rest).toEqual({ deleted: 5, stopped: false });
      expect(seen).toEqual([2]);
      expect(progress).toEqual([2, 4, 5]);
      expect(await left('a')).toEqual([]);
    });

    it('walks every job when there are more than one page of them', async () => {
      for (let i = 0; i < 503; i++) {
        await runs(`j-${String(i).padStart(3, '0')}`, [[hour(1), 'failed', false]]);
      }
      expect(await countPrunableJobRuns(db(), { keepFailed: 0 })).toEqual({ deleted: 503, stopped: false });
      expect(await pruneJobRuns(db(), { keepFailed: 0 })).toEqual({ deleted: 503, stopped: false });
    }, 60_000);

    it('validates every option before deleting anything, naming the option', async () => {
      await runs('a', [[hour(1), 'completed', true]]);
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ keepSuccessful: -1 }, /keepSuccessful: -1 is less than 0/],
        [{ keepSuccessful: 1.5 }, /keepSuccessful: expected an integer/],
        [{ keepFailed: Number.NaN }, /keepFailed/],
        [{ keepFailed: '3' }, /keepFailed: expected a number, got "3"/],
        [{ olderThan: new Date('nope') }, /olderThan/],
        [{ olderThan: '2026-01-01' }, /olderThan/],
        [{ keepSuccessful: 0, batchSize: 0 }, /batchSize: 0 is less than 1/],
        [{ keepSuccessful: 0, batchSize: 2.5 }, /batchSize/],
      ];
      for (const [options, message] of bad) {
        const err = await pruneJobRuns(db(), options as PruneJobRunsOptions).catch((e: unknown) => e);
        expect(err, JSON.stringify(options)).toBeInstanceOf(ValidationError);
        expect((err as Error).message).toMatch(/^invalid prune options: /);
        expect((err as Error).message).toMatch(message);
      }
      expect(await left('a')).toHaveLength(1);
    });
  });
}
