export * from './introspection/index.js';
export {
  type ActionConfig,
  type ActionConfigByType,
  actionConfigSchemas,
  type EmptyActionConfig,
  emptyActionConfigSchema,
  type KickOffJobConfig,
  kickOffJobConfigSchema,
  MAX_RETRIES,
  parseActionConfig,
  type RetryConfig,
  retryConfigSchema,
  type WebhookConfig,
  webhookConfigSchema,
} from './json/action-config.js';
export {
  HOOK_TYPES,
  type HookConfig,
  type HookType,
  hookConfigSchema,
  hookTypeSchema,
  httpUrlSchema,
} from './json/hook-config.js';
export { type JsonObject, type JsonValue, jsonObjectSchema, jsonValueSchema } from './json/json-value.js';
export { type PodSpec, podSpecSchema } from './json/pod-spec.js';
export {
  type PreviousSuccessDependency,
  previousSuccessDependencySchema,
} from './json/previous-success-dependency.js';
export {
  type ViolationDetails,
  violationDetailsSchema,
  type WebhookResponse,
  webhookResponseSchema,
} from './json/violation-details.js';
export * from './migrations/index.js';
export { type Action, type ActionInput, actionInputSchema, actionSchema } from './rows/action.js';
export {
  type Constraint,
  type ConstraintInput,
  constraintInputSchema,
  constraintSchema,
} from './rows/constraint.js';
export {
  type ConstraintViolation,
  type ConstraintViolationInput,
  constraintViolationInputSchema,
  constraintViolationSchema,
} from './rows/constraint-violation.js';
export { type Job, type JobInput, jobInputSchema, jobSchema } from './rows/job.js';
export {
  type JobAction,
  type JobActionInput,
  jobActionInputSchema,
  jobActionSchema,
} from './rows/job-action.js';
export { type JobRun, type JobRunInput, jobRunInputSchema, jobRunSchema } from './rows/job-run.js';
export { type JobRunUpdate, jobRunUpdateSchema } from './rows/job-run-update.js';
export {
  type OrchestratorStats,
  type OrchestratorStatsInput,
  orchestratorStatsInputSchema,
  orchestratorStatsSchema,
} from './rows/orchestrator-stats.js';
export {
  type SchedulerStats,
  type SchedulerStatsInput,
  schedulerStatsInputSchema,
  schedulerStatsSchema,
} from './rows/scheduler-stats.js';
export { SCHEMA_TABLES, type SchemaTable } from './tables.js';
export { validate } from './validate.js';
export { isValidationError, ValidationError, type ValidationIssue } from './validation-error.js';
export {
  CRON_MACROS,
  type CronSchedule,
  type CronScheduleOptions,
  cronScheduleSchema,
  parseCronSchedule,
} from './values/cron-schedule.js';
export { durationSchema, parseDuration } from './values/duration.js';
export {
  ACTION_TYPES,
  type ActionType,
  actionTypeSchema,
  isTerminalRunStatus,
  RUN_STATUSES,
  type RunStatus,
  runStatusSchema,
  TERMINAL_RUN_STATUSES,
  type TerminalRunStatus,
  TRIGGERS,
  type Trigger,
  terminalRunStatusSchema,
  triggerSchema,
} from './values/enums.js';
export { MAX_INTEGER, nonNegativeIntSchema, positiveIntSchema } from './values/integers.js';
export {
  idSchema,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TEXT_BYTES,
  nameSchema,
  textColumnSchema,
  textSchema,
} from './values/text.js';
export { timeZoneSchema } from './values/time-zone.js';
export { MAX_TIMESTAMP, MIN_TIMESTAMP, timestampSchema } from './values/timestamp.js';
