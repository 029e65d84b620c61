import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobInputSchema } from './rows/job.js';
import { validate } from './validate.js';
import { isValidationError, type ValidationError } from './validation-error.js';

function validationErrorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validate', () => {
  it('returns the parsed value', () => {
    expect(validate(jobInputSchema, { id: 'j', name: 'n', schedule: '@daily' }, 'job')).toMatchObject({
      constraintId: null,
    });
  });

  it('gives structured issues with field paths, and keeps the zod error as cause', () => {
    const error = validationErrorOf(() =>
      validate(
        jobInputSchema,
        { id: '', name: 'n', schedule: '@daily', podSpec: { containers: [{ image: 5n }] } },
        'job',
      ),
    );
    expect(error.entity).toBe('job');
    expect(error.issues).toEqual([
      { path: 'id', message: 'must not be empty' },
      { path: 'podSpec.containers[0].image', message: '5n (a bigint) is not a JSON value' },
    ]);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it.each([
    [null, 'invalid job: expected an object, got null'],
    [undefined, 'invalid job: expected an object, got undefined'],
    ['job-1', 'invalid job: expected an object, got "job-1"'],
    [[{ id: 'j' }], 'invalid job: expected an object, got an array of 1'],
    [new Date(0), 'invalid job: id: is required; name: is required; schedule: is required'],
    [{}, 'invalid job: id: is required; name: is required; schedule: is required'],
    [
      { id: 42, name: true, schedule: ['0 * * * *'], podSpec: 'x', constraintId: 7 },
      'invalid job: id: expected a string, got 42; name: expected a string, got true; ' +
        'schedule: expected a string, got an array of 1; podSpec: expected an object, got "x"; ' +
        'constraintId: expected a string, got 7',
    ],
  ])('explains wrong types from untyped callers: %#', (value, message) => {
    expect(() => validate(jobInputSchema, value, 'job')).toThrow(message);
  });

  it('quotes keys that are not identifiers in paths', () => {
    const schema = z.object({ 'weird key': z.array(z.string()) });
    expect(() => validate(schema, { 'weird key': ['ok', 1] }, 'thing')).toThrow(
      'invalid thing: ["weird key"][1]: expected a string, got 1',
    );
  });

  it('shortens long values in messages', () => {
    const error = validationErrorOf(() =>
      validate(jobInputSchema, { id: 'x'.repeat(300), name: 'n', schedule: '@daily' }, 'job'),
    );
    expect(error.message).toBe(
      `invalid job: id: ${JSON.stringify('x'.repeat(80))}… (300 characters) is longer than 255 characters`,
    );
  });
});
