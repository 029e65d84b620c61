import type { Executor } from '@itinerary/db-core';
import type { SchemaTable } from '@itinerary/db-schema';
import { createAction } from '../repositories/actions.js';
import { createConstraintViolation } from '../repositories/constraint-violations.js';
import { createConstraint } from '../repositories/constraints.js';
import { createJobAction } from '../repositories/job-actions.js';
import { createJobRun } from '../repositories/job-runs.js';
import { createJob } from '../repositories/jobs.js';
import { createOrchestratorStats } from '../repositories/orchestrator-stats.js';
import { createSchedulerStats } from '../repositories/scheduler-stats.js';

/** What `seedTestData` wrote: rows per table. */
export type SeedCounts = Record<SchemaTable, number>;

const at = (iso: string) => new Date(iso);

/**
 * Inserts a small, coherent data set that touches every table: two constraints, three
 * actions, three jobs (one without a constraint), their action links, runs in every status,
 * violations and one stats period with orchestrator figures. Runs in one transaction.
 */
export async function seedTestData(db: Executor): Promise<SeedCounts> {
  return db.withTransaction(async (tx) => {
    await createConstraint(tx, {
      id: 'constraint-nightly',
      maxConcurrentRuns: 1,
      catchUp: true,
      catchUpWindow: '1h',
      maxExpectedRunTime: '30m',
      maxAllowedRunTime: '2h',
      preRunHook: {
        type: 'slack',
        url: 'https://hooks.slack.com/services/T000/B000/XXXX',
        channel: '#notifications',
      },
      postRunHook: null,
      requirePreviousSuccess: null,
    });
    await createConstraint(tx, {
      id: 'constraint-report',
      maxConcurrentRuns: 2,
      catchUp: false,
      requirePreviousSuccess: { jobID: 'job-etl', args: ['--full'] },
    });
    await createAction(tx, {
      id: 'action-retry',
      name: 'Retry twice',
      actionType: 'retry',
      config: { maxRetries: 2, delay: '5m' },
    });
    await createAction(tx, {
      id: 'action-alert',
      name: 'Alert on-call',
      actionType: 'webhook',
      config: { type: 'slack', url: 'https://hooks.slack.com/services/T000/B000/YYYY', channel: '#alerts' },
    });
    await createAction(tx, {
      id: 'action-cleanup',
      name: 'Kick off cleanup',
      actionType: 'kickOffJob',
      config: { jobID: 'job-cleanup', args: ['--force'] },
    });
    await createJob(tx, {
      id: 'job-etl',
      name: 'Nightly ETL',
      schedule: '0 2 * * *',
      podSpec: { containers: [{ name: 'etl', image: 'etl:1.4.2', args: ['--full'] }] },
      constraintId: 'constraint-nightly',
    });
    await createJob(tx, {
      id: 'job-report',
      name: 'Daily Report',
      schedule: '0 6 * * *',
      timeZone: 'Europe/London',
      podSpec: { containers: [{ name: 'report', image: 'report-generator:latest' }] },
      constraintId: 'constraint-report',
    });
    await createJob(tx, { id: 'job-cleanup', name: 'Cleanup', schedule: '*/15 * * * *', podSpec: null });
    await createJobAction(tx, { jobId: 'job-etl', actionId: 'action-retry', trigger: 'on_failure' });
    await createJobAction(tx, {
      jobId: 'job-etl',
      actionId: 'action-alert',
      trigger: 'on_violation',
      constraintId: 'constraint-nightly',
    });
    await createJobAction(tx, { jobId: 'job-report', actionId: 'action-cleanup', trigger: 'on_success' });
    await createJobRun(tx, {
      jobId: 'job-etl',
      runId: 'run-etl-1',
      scheduledAt: at('2026-01-01T02:00:00.000Z'),
      startedAt: at('2026-01-01T02:00:01.250Z'),
      completedAt: at('2026-01-01T02:41:12.500Z'),
      status: 'completed',
      success: true,
    });
    await createJobRun(tx, {
      jobId: 'job-etl',
      runId: 'run-etl-2',
      scheduledAt: at('2026-01-02T02:00:00.000Z'),
      startedAt: at('2026-01-02T02:00:00.900Z'),
      completedAt: at('2026-01-02T04:15:00.000Z'),
      status: 'failed',
      success: false,
      error: 'exceeded maxAllowedRunTime of 2h',
    });
    await createJobRun(tx, {
      jobId: 'job-etl',
      runId: 'run-etl-3',
      scheduledAt: at('2026-01-03T02:00:00.000Z'),
      startedAt: at('2026-01-03T02:00:02.000Z'),
      status: 'running',
    });
    await createJobRun(tx, {
      jobId: 'job-report',
      runId: 'run-report-1',
      scheduledAt: at('2026-01-03T06:00:00.000Z'),
      status: 'pending',
    });
    await createJobRun(tx, {
      jobId: 'job-cleanup',
      runId: 'run-cleanup-1',
      scheduledAt: at('2026-01-03T06:15:00.000Z'),
      status: 'cancelled',
    });
    await createConstraintViolation(tx, {
      id: 'violation-1',
      runId: 'run-etl-2',
      constraintId: 'constraint-nightly',
      violationTime: at('2026-01-02T02:30:00.000Z'),
      actionTaken: null,
      details: { message: 'Job exceeded maxExpectedRunTime of 30m', currentValue: '30m1s', threshold: '30m' },
    });
    await createConstraintViolation(tx, {
      id: 'violation-2',
      runId: 'run-etl-2',
      constraintId: 'constraint-nightly',
      violationTime: at('2026-01-02T04:00:00.000Z'),
      actionTaken: 'webhook',
      details: {
        message: 'Job exceeded maxAllowedRunTime of 2h',
        currentValue: '2h15m',
        threshold: '2h',
        webhookResponse: { status: 200, body: 'ok' },
      },
    });
    await createSchedulerStats(tx, {
      statsPeriodId: 'period-2026-01-03T06:00:00Z',
      startTime: at('2026-01-03T06:00:00.000Z'),
      endTime: at('2026-01-03T06:00:30.000Z'),
      iterations: 30,
      runJobs: 2,
      lateJobs: 0,
      timePassedRunTime: 0,
      missedJobs: 0,
      timePassedGracePeriod: 0,
      jobsCancelled: 1,
      minInboxLength: 0,
      maxInboxLength: 3,
      avgInboxLength: 0.5,
      emptyInboxTime: 27_000,
      avgTimeInInbox: 12.5,
      minTimeInInbox: 2,
      maxTimeInInbox: 40,
    });
    for (const runId of ['run-report-1', 'run-cleanup-1']) {
      await createOrchestratorStats(tx, {
        runId,
        statsPeriodId: 'period-2026-01-03T06:00:00Z',
        runtime: 120,
        constraintsChecked: 3,
        actionsTaken: runId === 'run-cleanup-1' ? 1 : 0,
      });
    }
    return {
      constraints: 2,
      actions: 3,
      jobs: 3,
      job_actions: 3,
      job_runs: 5,
      constraint_violations: 2,
      scheduler_stats: 1,
      orchestrator_stats: 2,
    };
  });
}
