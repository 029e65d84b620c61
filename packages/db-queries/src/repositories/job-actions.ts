import type { Executor } from '@itinerary/db-core';
import {
  type JobAction,
  type JobActionInput,
  jobActionInputSchema,
  type Trigger,
  validate,
} from '@itinerary/db-schema';
import { checkId } from '../arguments.js';
import { notFound } from '../not-found.js';

interface JobActionRow {
  job_id: string;
  action_id: string;
  trigger: Trigger;
  constraint_id: string | null;
}

/** Links an action to a job with the trigger that fires it (and, for `on_violation`, optionally one constraint). */
export async function createJobAction(db: Executor, input: JobActionInput): Promise<JobAction> {
  const link = validate(jobActionInputSchema, input, 'job action');
  await db.exec('INSERT INTO job_actions (job_id, action_id, "trigger", constraint_id) VALUES (?, ?, ?, ?)', [
    link.jobId,
    link.actionId,
    link.trigger,
    link.constraintId,
  ]);
  return link;
}

/** Reads every action link of a job, ordered by action id. */
export async function getJobActions(db: Executor, jobId: string): Promise<JobAction[]> {
  const rows = await db.query<JobActionRow & Record<string, unknown>>(
    'SELECT job_id, action_id, "trigger", constraint_id FROM job_actions WHERE job_id = ? ORDER BY action_id',
    [checkId(jobId, 'job id')],
  );
  return rows.map((row) => ({
    jobId: row.job_id,
    actionId: row.action_id,
    trigger: row.trigger,
    constraintId: row.constraint_id,
  }));
}

/** Removes one action link from a job; throws `NotFoundError` when the link does not exist. */
export async function deleteJobAction(db: Executor, jobId: string, actionId: string): Promise<void> {
  const { rowsAffected } = await db.exec('DELETE FROM job_actions WHERE job_id = ? AND action_id = ?', [
    checkId(jobId, 'job id'),
    checkId(actionId, 'action id'),
  ]);
  if (rowsAffected === 0) throw notFound('job action', { jobId, actionId });
}
