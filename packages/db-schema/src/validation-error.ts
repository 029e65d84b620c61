import { DbError } from '@itinerary/db-core';

/** One reason a value was refused: where (a path such as `config.jobID`, empty for the whole value) and why. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Input refused before any SQL ran. The message names the entity and, for each issue, the
 * field path and the offending value, e.g.
 * `invalid job: schedule: "61 * * * *" is not a valid cron expression (...)`.
 */
export class ValidationError extends DbError {
  override name = 'ValidationError';
  /** What was being validated, such as `job` or `retry action config`. */
  readonly entity: string;
  readonly issues: readonly ValidationIssue[];

  constructor(entity: string, issues: readonly ValidationIssue[], options: { cause?: unknown } = {}) {
    const details = issues.map((issue) =>
      issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
    );
    super(`invalid ${entity}: ${details.join('; ')}`, options);
    this.entity = entity;
    this.issues = issues;
  }
}

/** True when `err` is a `ValidationError`; false for null, undefined and anything else. */
export function isValidationError(err: unknown): err is ValidationError {
  return err instanceof ValidationError;
}
