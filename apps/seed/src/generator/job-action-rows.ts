import type { JobAction } from '@itinerary/db-schema';
import { actionId, constraintId, jobId } from './entity-ids.js';
import type { JobPlan } from './job-plan.js';

/** The action links of job number `index`, as its plan has them. */
export function buildJobActions(index: number, plan: JobPlan): JobAction[] {
  return plan.links.map((link) => ({
    jobId: jobId(index),
    actionId: actionId(link.actionIndex),
    trigger: link.trigger,
    constraintId: link.trigger === 'on_violation' && link.scopedToConstraint ? constraintId(index) : null,
  }));
}
