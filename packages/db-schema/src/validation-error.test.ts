import { DbError } from '@itinerary/db-core';
import { describe, expect, it } from 'vitest';
import { isValidationError, ValidationError } from './validation-error.js';

describe('ValidationError', () => {
  it('is a DbError whose message names the entity and each field', () => {
    const error = new ValidationError('job', [
      { path: 'schedule', message: '"61 * * * *" is not a valid cron expression' },
      { path: '', message: 'unknown field "x"' },
    ]);
    expect(error).toBeInstanceOf(DbError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.entity).toBe('job');
    expect(error.issues).toHaveLength(2);
    expect(error.message).toBe(
      'invalid job: schedule: "61 * * * *" is not a valid cron expression; unknown field "x"',
    );
  });

  it('is recognised by isValidationError, which is false for anything else', () => {
    expect(
      isValidationError(new ValidationError('job', [{ path: 'id', message: 'must not be empty' }])),
    ).toBe(true);
    expect(isValidationError(new DbError('other'))).toBe(false);
    expect(isValidationError(new Error('plain'))).toBe(false);
    expect(isValidationError(null)).toBe(false);
    expect(isValidationError(undefined)).toBe(false);
    expect(isValidationError({ name: 'ValidationError' })).toBe(false);
  });
});
