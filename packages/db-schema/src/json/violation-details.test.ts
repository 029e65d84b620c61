import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { violationDetailsSchema } from './violation-details.js';

describe('violationDetailsSchema', () => {
  it('accepts the spec example', () => {
    const details = {
      message: 'Job exceeded maxAllowedRunTime of 2h',
      currentValue: '2h15m',
      threshold: '2h',
      webhookResponse: { status: 200, body: '...' },
    };
    expect(violationDetailsSchema.parse(details)).toEqual(details);
  });

  it('keeps extra keys, at the top and in the webhook response', () => {
    const details = {
      message: 'late',
      attempt: 2,
      context: { node: 'n1' },
      webhookResponse: { status: 502, body: '', headers: { 'retry-after': '5' } },
    };
    expect(violationDetailsSchema.parse(details)).toEqual(details);
  });

  it('still requires the extra keys to be JSON', () => {
    expect(() =>
      validate(violationDetailsSchema, { message: 'x', at: new Date(0) }, 'violation details'),
    ).toThrow('invalid violation details: at: 1970-01-01T00:00:00.000Z (a Date) is not a JSON value');
    expect(() =>
      validate(violationDetailsSchema, { message: 'x', note: 'a\0' }, 'violation details'),
    ).toThrow('note: "a\\u0000" contains a NUL character');
  });

  it('refuses a missing message and mistyped known fields', () => {
    expect(() => validate(violationDetailsSchema, { threshold: 2 }, 'violation details')).toThrow(
      'invalid violation details: message: is required; threshold: expected a string, got 2',
    );
    expect(() =>
      validate(
        violationDetailsSchema,
        { message: 'x', webhookResponse: { status: '200', body: 'ok' } },
        'violation details',
      ),
    ).toThrow('webhookResponse.status: expected a number, got "200"');
  });
});
