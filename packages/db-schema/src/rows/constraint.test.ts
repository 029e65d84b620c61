import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { constraintInputSchema, constraintSchema } from './constraint.js';

describe('constraintInputSchema', () => {
  it('accepts a fully configured constraint with the spec JSON', () => {
    const constraint = {
      id: 'constraint-1',
      maxConcurrentRuns: 1,
      catchUp: true,
      catchUpWindow: '5m',
      maxExpectedRunTime: '1h',
      maxAllowedRunTime: '2h',
      preRunHook: { type: 'slack', url: 'https://hooks.slack.com/x', channel: '#notifications' },
      postRunHook: { type: 'webhook', url: 'https://example.test/done' },
      requirePreviousSuccess: { jobID: 'parent-job-id', args: ['arg1', 'arg2'] },
    };
    expect(validate(constraintInputSchema, constraint, 'constraint')).toEqual(constraint);
  });

  it('fills every left-out setting with null', () => {
    expect(validate(constraintInputSchema, { id: 'c' }, 'constraint')).toEqual({
      id: 'c',
      maxConcurrentRuns: null,
      catchUp: null,
      catchUpWindow: null,
      maxExpectedRunTime: null,
      maxAllowedRunTime: null,
      preRunHook: null,
      postRunHook: null,
      requirePreviousSuccess: null,
    });
  });

  it('refuses bad durations, counts and JSON settings, naming each', () => {
    expect(() =>
      validate(
        constraintInputSchema,
        {
          id: 'c',
          maxConcurrentRuns: 0,
          catchUp: 'yes',
          catchUpWindow: '-5m',
          maxExpectedRunTime: '5x',
          maxAllowedRunTime: '2',
          preRunHook: { type: 'slack', url: 'not a url' },
          requirePreviousSuccess: { jobID: '' },
        },
        'constraint',
      ),
    ).toThrow(
      'invalid constraint: maxConcurrentRuns: 0 is less than 1; catchUp: expected true or false, got "yes"; ' +
        'catchUpWindow: "-5m" is not a valid duration (a sign is not allowed); ' +
        'maxExpectedRunTime: "5x" is not a valid duration (unknown unit "x"; use ns, us, µs, ms, s, m or h); ' +
        'maxAllowedRunTime: "2" is not a valid duration (missing unit after "2"; use ns, us, µs, ms, s, m or h); ' +
        'preRunHook.url: "not a url" is not a valid URL; requirePreviousSuccess.jobID: must not be empty',
    );
  });
});

describe('constraintSchema', () => {
  it('accepts a row with nulls and timestamps', () => {
    const at = new Date('2024-01-01T00:00:00.000Z');
    const row = {
      id: 'c',
      maxConcurrentRuns: null,
      catchUp: false,
      catchUpWindow: null,
      maxExpectedRunTime: null,
      maxAllowedRunTime: '0',
      preRunHook: null,
      postRunHook: null,
      requirePreviousSuccess: null,
      createdAt: at,
      updatedAt: at,
    };
    expect(constraintSchema.parse(row)).toEqual(row);
  });
});
