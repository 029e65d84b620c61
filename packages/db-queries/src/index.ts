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
  type ApplyJobRunUpdatesOptions,
  applyJobRunUpdates,
  type JobRunUpdateResult,
  type SkipReason,
} from './repositories/job-run-updates.js';
export {
  type ClaimResult,
  claimJobRun,
  completeJobRun,
  countActiveRuns,
  createJobRun,
  getJobRun,
  getJobRunByRunId,
  getJobRuns,
  getJobRunsBetween,
  getLatestSuccessfulRun,
  updateJobRunStatus,
} from './repositories/job-runs.js';
export {
  createJob,
  deleteJob,
  getAllJobs,
  getJob,
  type IterateJobsOptions,
  iterateJobs,
  type JobSchedule,
  updateJob,
} from './repositories/jobs.js';
export { createOrchestratorStats, getOrchestratorStats } from './repositories/orchestrator-stats.js';
export {
  checkPruneJobRunsOptions,
  countPrunableJobRuns,
  type PruneJobRunsOptions,
  type PruneProgress,
  type PruneResult,
  pruneJobRuns,
} from './repositories/prune-job-runs.js';
export {
  checkPruneStatsOptions,
  countPrunableStats,
  type PruneStatsOptions,
  type PruneStatsResult,
  pruneStats,
} from './repositories/prune-stats.js';
export {
  createSchedulerStats,
  getSchedulerStats,
  SCHEDULER_STATS_COLUMNS,
  schedulerStatsParams,
} from './repositories/scheduler-stats.js';
export { jsonColumn, jsonParam } from './row-values.js';
export { listPlaceholders, valuesPlaceholders } from './values-placeholders.js';
