import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { constraintViolationInputSchema } from './constraint-violation.js';

const violationTime = new Date('2024-05-01T14:15:00.000Z');

describe('constraintViolationInputSchema', () => {
  it('accepts the spec details', () => {
    const violation = {
      id: 'v1',
      runId: 'run-456',
      constraintId: 'constraint-1',
      violationTime,
      actionTaken: 'killAllInstances',
      details: {
        message: 'Job exceeded maxAllowedRunTime of 2h',
        currentValue: '2h15m',
        threshold: '2h',
        webhookResponse: { status: 200, body: '...' },
      },
    };
    expect(validate(constraintViolationInputSchema, violation, 'constraint violation')).toEqual(violation);
  });

  it('fills left-out actionTaken and details with null', () => {
    expect(
      validate(
        constraintViolationInputSchema,
        { id: 'v', runId: 'r', constraintId: 'c', violationTime },
        'constraint violation',
      ),
    ).toEqual({ id: 'v', runId: 'r', constraintId: 'c', violationTime, actionTaken: null, details: null });
  });

  it('refuses details without a message', () => {
    expect(() =>
      validate(
        constraintViolationInputSchema,
        { id: 'v', runId: 'r', constraintId: 'c', violationTime, details: { threshold: '2h' } },
        'constraint violation',
      ),
    ).toThrow('invalid constraint violation: details.message: is required');
  });
});
