import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { jobRunInputSchema, jobRunSchema } from './job-run.js';

const scheduledAt = new Date('2024-05-01T12:00:00.000Z');

describe('jobRunInputSchema', () => {
  it('accepts the spec example, a pending run with only its keys and status', () => {
    expect(
      validate(
        jobRunInputSchema,
        { jobId: 'job-123', runId: 'run-456', scheduledAt, status: 'pending' },
        'job run',
      ),
    ).toEqual({
      jobId: 'job-123',
      runId: 'run-456',
      scheduledAt,
      startedAt: null,
      completedAt: null,
      status: 'pending',
      success: null,
      error: null,
    });
  });

  it('refuses an unknown status, a string date and an unstorable error text', () => {
    expect(() =>
      validate(
        jobRunInputSchema,
        { jobId: 'j', runId: 'r', scheduledAt: '2024-05-01T12:00:00Z', status: 'done', error: 'bad \uD800' },
        'job run',
      ),
    ).toThrow(
      'invalid job run: scheduledAt: expected a valid Date, got "2024-05-01T12:00:00Z"; ' +
        'status: "done" is not one of: pending, running, completed, failed, cancelled; ' +
        'error: "bad \\ud800" contains a lone surrogate (U+D800), so it is not well-formed Unicode',
    );
  });
});

describe('jobRunSchema', () => {
  it('accepts a completed run', () => {
    const row = {
      jobId: 'j',
      runId: 'r',
      scheduledAt,
      startedAt: scheduledAt,
      completedAt: new Date(scheduledAt.getTime() + 1000),
      status: 'failed',
      success: false,
      error: 'exit code 1',
    };
    expect(jobRunSchema.parse(row)).toEqual(row);
  });

  it('refuses an invalid Date', () => {
    expect(() =>
      validate(
        jobRunSchema,
        {
          jobId: 'j',
          runId: 'r',
          scheduledAt,
          startedAt: new Date(Number.NaN),
          completedAt: null,
          status: 'running',
          success: null,
          error: null,
        },
        'job run',
      ),
    ).toThrow('invalid job run: startedAt: expected a valid Date, got Invalid Date');
  });
});
