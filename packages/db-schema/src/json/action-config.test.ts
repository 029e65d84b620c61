import { describe, expect, it } from 'vitest';
import { isValidationError } from '../validation-error.js';
import { parseActionConfig } from './action-config.js';

describe('parseActionConfig', () => {
  it('accepts the spec examples', () => {
    expect(parseActionConfig('kickOffJob', { jobID: 'cleanup-job', args: ['--force'] })).toEqual({
      jobID: 'cleanup-job',
      args: ['--force'],
    });
    expect(
      parseActionConfig('webhook', { type: 'slack', url: 'https://hooks.slack.com/x', channel: '#alerts' }),
    ).toEqual({ type: 'slack', url: 'https://hooks.slack.com/x', channel: '#alerts' });
    expect(parseActionConfig('retry', { maxRetries: 3, delay: '30s' })).toEqual({
      maxRetries: 3,
      delay: '30s',
    });
    expect(parseActionConfig('retry', {})).toEqual({});
    expect(parseActionConfig('killAllInstances', {})).toEqual({});
  });

  it.each([
    ['retry', { maxRetries: 101 }, 'invalid retry action config: maxRetries: 101 is greater than 100'],
    ['retry', { maxRetries: -1 }, 'maxRetries: -1 is less than 0'],
    ['retry', { delay: '5x' }, 'delay: "5x" is not a valid duration'],
    [
      'kickOffJob',
      { jobID: 'job ' },
      'invalid kickOffJob action config: jobID: "job " must not start or end with whitespace',
    ],
    ['kickOffJob', { jobID: 'j', args: ['ok', 7] }, 'args[1]: expected a string, got 7'],
    ['kickOffJob', { jobId: 'j' }, 'jobID: is required; unknown field "jobId" (did you mean "jobID"?)'],
    ['webhook', { jobID: 'j' }, 'type: is required (one of'],
    ['skipNextInstance', { count: 1 }, 'invalid skipNextInstance action config: unknown field "count"'],
    ['killLatestInstance', null, 'expected an object, got null'],
  ] as const)('refuses a %s config %j', (actionType, config, message) => {
    expect(() => parseActionConfig(actionType, config)).toThrow(message);
  });

  it('refuses an unknown action type from untyped callers', () => {
    try {
      parseActionConfig('explode' as 'retry', {});
      expect.unreachable();
    } catch (error) {
      expect(isValidationError(error)).toBe(true);
      expect((error as Error).message).toBe(
        'invalid action type: "explode" is not one of: retry, kickOffJob, webhook, killAllInstances, killLatestInstance, skipNextInstance',
      );
    }
  });
});
