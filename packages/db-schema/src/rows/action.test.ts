import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { type Action, actionInputSchema, actionSchema } from './action.js';

describe('actionInputSchema', () => {
  it('accepts the spec configs, each checked against its action type', () => {
    const webhook = {
      id: 'a1',
      name: 'Alert',
      actionType: 'webhook',
      config: { type: 'slack', url: 'https://hooks.slack.com/x', channel: '#alerts' },
    };
    expect(validate(actionInputSchema, webhook, 'action')).toEqual(webhook);
    const kickOff = {
      id: 'a2',
      name: 'Cleanup',
      actionType: 'kickOffJob',
      config: { jobID: 'cleanup-job', args: ['--force'] },
    };
    expect(validate(actionInputSchema, kickOff, 'action')).toEqual(kickOff);
  });

  it('lets config be left out or null', () => {
    expect(
      validate(actionInputSchema, { id: 'a', name: 'Kill', actionType: 'killAllInstances' }, 'action'),
    ).toEqual({
      id: 'a',
      name: 'Kill',
      actionType: 'killAllInstances',
      config: null,
    });
    expect(
      validate(actionInputSchema, { id: 'a', name: 'R', actionType: 'retry', config: null }, 'action').config,
    ).toBeNull();
  });

  it('refuses an unknown or missing action type, listing the known ones', () => {
    expect(() =>
      validate(actionInputSchema, { id: 'a', name: 'n', actionType: 'explode' }, 'action'),
    ).toThrow(
      'invalid action: actionType: "explode" is not one of: retry, kickOffJob, webhook, killAllInstances, killLatestInstance, skipNextInstance',
    );
    expect(() => validate(actionInputSchema, { id: 'a', name: 'n' }, 'action')).toThrow(
      'invalid action: actionType: is required (one of: retry,',
    );
  });

  it('refuses a config that belongs to another action type', () => {
    expect(() =>
      validate(
        actionInputSchema,
        { id: 'a', name: 'n', actionType: 'retry', config: { jobID: 'cleanup-job' } },
        'action',
      ),
    ).toThrow('invalid action: config: unknown field "jobID"');
    expect(() =>
      validate(
        actionInputSchema,
        { id: 'a', name: 'n', actionType: 'skipNextInstance', config: { maxRetries: 1 } },
        'action',
      ),
    ).toThrow('invalid action: config: unknown field "maxRetries"');
    expect(() =>
      validate(
        actionInputSchema,
        { id: 'a', name: 'n', actionType: 'retry', config: { maxRetries: 500, delay: '1d' } },
        'action',
      ),
    ).toThrow('config.maxRetries: 500 is greater than 100; config.delay: "1d" is not a valid duration');
  });

  it('refuses createdAt: the data layer sets it', () => {
    expect(() =>
      validate(
        actionInputSchema,
        { id: 'a', name: 'n', actionType: 'retry', createdAt: new Date() },
        'action',
      ),
    ).toThrow('unknown field "createdAt"');
  });
});

describe('actionSchema', () => {
  it('types config by action type', () => {
    const row: Action = validate(
      actionSchema,
      {
        id: 'a',
        name: 'R',
        actionType: 'retry',
        config: { maxRetries: 3 },
        createdAt: new Date('2024-01-01T00:00:00Z'),
      },
      'action',
    );
    // Narrowing on actionType gives the retry config's type.
    if (row.actionType === 'retry') expect(row.config?.maxRetries).toBe(3);
    else expect.unreachable();
  });
});
