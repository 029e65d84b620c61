import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import {
  actionTypeSchema,
  isTerminalRunStatus,
  RUN_STATUSES,
  runStatusSchema,
  triggerSchema,
} from './enums.js';

describe('enums', () => {
  it('accept the spellings stored in the database', () => {
    expect(actionTypeSchema.parse('kickOffJob')).toBe('kickOffJob');
    expect(triggerSchema.parse('on_violation')).toBe('on_violation');
    expect(runStatusSchema.parse('cancelled')).toBe('cancelled');
  });

  it('refuse other spellings, listing the allowed ones', () => {
    expect(() => validate(actionTypeSchema, 'kickoffjob', 'action')).toThrow(
      'invalid action: "kickoffjob" is not one of: retry, kickOffJob, webhook, killAllInstances, killLatestInstance, skipNextInstance',
    );
    expect(() => validate(triggerSchema, 'onFailure', 'job action')).toThrow(
      '"onFailure" is not one of: on_failure,',
    );
    expect(() => validate(runStatusSchema, 'done', 'job run')).toThrow('"done" is not one of: pending,');
  });

  it('tell terminal statuses apart', () => {
    expect(RUN_STATUSES.filter(isTerminalRunStatus)).toEqual(['completed', 'failed', 'cancelled']);
  });
});
