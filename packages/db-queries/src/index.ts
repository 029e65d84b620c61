export { MAX_LIMIT } from './arguments.js';
export { createAction, deleteAction, getAction, getAllActions } from './repositories/actions.js';
export {
  createConstraintViolation,
  getConstraintViolations,
  getConstraintViolationsByConstraint,
} from './repositories/constraint-violations.js';
export {
  createConstraint,
  deleteConstraint,
  getConstraint,
  updateConstraint,
} from './repositories/constraints.js';
export { createJobAction, deleteJobAction, getJobActions } from './repositories/job-actions.js';
export {
  completeJobRun,
  createJobRun,
  getJobRun,
  getJobRunByRunId,
  getJobRuns,
  updateJobRunStatus,
} from './repositories/job-runs.js';
export { createJob, deleteJob, getAllJobs, getJob, updateJob } from './repositories/jobs.js';
export { createOrchestratorStats, getOrchestratorStats } from './repositories/orchestrator-stats.js';
export { createSchedulerStats, getSchedulerStats } from './repositories/scheduler-stats.js';
