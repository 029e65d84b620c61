import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { jobActionInputSchema, jobActionSchema } from './job-action.js';

describe('jobActionInputSchema', () => {
  it('accepts the spec examples', () => {
    for (const jobAction of [
      { jobId: 'j', actionId: 'webhook', trigger: 'on_violation', constraintId: null },
      { jobId: 'j', actionId: 'webhook', trigger: 'on_violation', constraintId: 'constraint-1' },
      { jobId: 'j', actionId: 'retry', trigger: 'on_failure', constraintId: null },
    ]) {
      expect(validate(jobActionInputSchema, jobAction, 'job action')).toEqual(jobAction);
    }
  });

  it('fills a left-out constraintId with null', () => {
    expect(
      validate(jobActionInputSchema, { jobId: 'j', actionId: 'a', trigger: 'on_success' }, 'job action'),
    ).toEqual({
      jobId: 'j',
      actionId: 'a',
      trigger: 'on_success',
      constraintId: null,
    });
  });

  it('refuses a constraintId on any trigger but on_violation', () => {
    for (const trigger of ['on_failure', 'on_success', 'on_timeout']) {
      expect(() =>
        validate(
          jobActionInputSchema,
          { jobId: 'j', actionId: 'a', trigger, constraintId: 'c1' },
          'job action',
        ),
      ).toThrow(
        `invalid job action: constraintId: "c1" is only allowed when trigger is on_violation, not ${trigger}`,
      );
    }
  });

  it('reports that rule alongside unrelated field errors', () => {
    expect(() =>
      validate(
        jobActionInputSchema,
        { jobId: 7, actionId: 'a', trigger: 'on_failure', constraintId: 'c1' },
        'job action',
      ),
    ).toThrow(
      'invalid job action: jobId: expected a string, got 7; constraintId: "c1" is only allowed when trigger is on_violation, not on_failure',
    );
  });

  it('refuses an unknown trigger', () => {
    expect(() =>
      validate(jobActionInputSchema, { jobId: 'j', actionId: 'a', trigger: 'onFailure' }, 'job action'),
    ).toThrow('trigger: "onFailure" is not one of: on_failure, on_violation, on_success, on_timeout');
  });
});

describe('jobActionSchema', () => {
  it('applies the same rule to rows', () => {
    expect(() =>
      validate(
        jobActionSchema,
        { jobId: 'j', actionId: 'a', trigger: 'on_timeout', constraintId: 'c' },
        'job action',
      ),
    ).toThrow('is only allowed when trigger is on_violation');
  });
});
