import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, timestampSchema } from './timestamp.js';

describe('timestampSchema', () => {
  it('accepts valid dates, including both ends of the storable range', () => {
    const now = new Date();
    expect(timestampSchema.parse(now)).toBe(now);
    expect(timestampSchema.parse(MIN_TIMESTAMP)).toBe(MIN_TIMESTAMP);
    expect(timestampSchema.parse(MAX_TIMESTAMP)).toBe(MAX_TIMESTAMP);
  });

  it('refuses an invalid Date', () => {
    expect(() => validate(timestampSchema, new Date('nope'), 'job run')).toThrow(
      'invalid job run: expected a valid Date, got Invalid Date',
    );
  });

  it('refuses dates outside 1000-01-01 .. 9999-12-31 UTC, naming them', () => {
    expect(() => validate(timestampSchema, new Date(MIN_TIMESTAMP.getTime() - 1), 'job run')).toThrow(
      '0999-12-31T23:59:59.999Z (a Date) is outside the storable range 1000-01-01 to 9999-12-31 (UTC)',
    );
    expect(() => validate(timestampSchema, new Date(MAX_TIMESTAMP.getTime() + 1), 'job run')).toThrow(
      '+010000-01-01T00:00:00.000Z (a Date) is outside the storable range',
    );
  });

  it('does not convert strings or numbers', () => {
    expect(() => validate(timestampSchema, '2024-01-01T00:00:00Z', 'job run')).toThrow(
      'expected a valid Date, got "2024-01-01T00:00:00Z"',
    );
    expect(() => validate(timestampSchema, 1_700_000_000_000, 'job run')).toThrow(
      'expected a valid Date, got 1700000000000',
    );
  });
});
