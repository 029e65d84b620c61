import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { jobInputSchema, jobSchema } from './job.js';

const createdAt = new Date('2024-05-01T12:00:00.000Z');

describe('jobInputSchema', () => {
  it('accepts the spec example and fills the left-out nullable fields with null', () => {
    const job = validate(
      jobInputSchema,
      {
        id: 'job-123',
        name: 'Daily Report',
        schedule: '0 0 * * *',
        podSpec: { image: 'report-generator:latest' },
      },
      'job',
    );
    expect(job).toEqual({
      id: 'job-123',
      name: 'Daily Report',
      schedule: '0 0 * * *',
      timeZone: null,
      podSpec: { image: 'report-generator:latest' },
      constraintId: null,
    });
    expect(validate(jobInputSchema, { id: 'j', name: 'n', schedule: '@hourly' }, 'job')).toEqual({
      id: 'j',
      name: 'n',
      schedule: '@hourly',
      timeZone: null,
      podSpec: null,
      constraintId: null,
    });
  });

  it('keeps pod spec keys as given', () => {
    const podSpec = {
      containers: [{ name: 'main', image: 'app:1', args: ['--x'] }],
      restartPolicy: 'Never',
      'weird key': 1,
    };
    expect(
      validate(jobInputSchema, { id: 'j', name: 'n', schedule: '0 * * * *', podSpec }, 'job').podSpec,
    ).toEqual(podSpec);
  });

  it('refuses a bad cron expression, naming the field, the value and the reason', () => {
    expect(() =>
      validate(jobInputSchema, { id: 'job-1', name: 'Daily', schedule: '61 * * * *' }, 'job'),
    ).toThrow(
      'invalid job: schedule: "61 * * * *" is not a valid cron expression (minute field: end of range (61) above maximum (59): 61)',
    );
  });

  it('reports every bad field at once', () => {
    expect(() =>
      validate(
        jobInputSchema,
        { id: 'job-1 ', name: 'Daily\0', schedule: '* * * * * *', constraintID: 'c1' },
        'job',
      ),
    ).toThrow(
      'invalid job: id: "job-1 " must not start or end with whitespace; ' +
        'name: "Daily\\u0000" contains a NUL character (U+0000), which PostgreSQL cannot store; ' +
        'schedule: "* * * * * *" is not a valid cron expression (expected exactly 5 fields, found 6: [* * * * * *]); ' +
        'unknown field "constraintID" (did you mean "constraintId"?)',
    );
  });

  it('keeps a time zone, and refuses one Kubernetes would refuse, naming the field', () => {
    const job = { id: 'j', name: 'n', schedule: '30 2 * * *' };
    expect(validate(jobInputSchema, { ...job, timeZone: 'Europe/London' }, 'job').timeZone).toBe(
      'Europe/London',
    );
    expect(validate(jobInputSchema, { ...job, timeZone: null }, 'job').timeZone).toBeNull();
    expect(() => validate(jobInputSchema, { ...job, timeZone: 'Mars/Olympus' }, 'job')).toThrow(
      'invalid job: timeZone: unknown time zone "Mars/Olympus"',
    );
    expect(() => validate(jobInputSchema, { ...job, timeZone: '' }, 'job')).toThrow(
      'invalid job: timeZone: ',
    );
    expect(() => validate(jobInputSchema, { ...job, timeZone: 'Local' }, 'job')).toThrow(
      'invalid job: timeZone: "Local" is not an explicit time zone',
    );
    expect(() => validate(jobInputSchema, { ...job, timeZone: 5 }, 'job')).toThrow(
      'timeZone: expected a string',
    );
  });

  it('refuses timestamps: the data layer sets them', () => {
    expect(() =>
      validate(jobInputSchema, { id: 'j', name: 'n', schedule: '@daily', createdAt }, 'job'),
    ).toThrow('invalid job: unknown field "createdAt"');
  });

  it('refuses a pod spec that is not a JSON object', () => {
    expect(() =>
      validate(jobInputSchema, { id: 'j', name: 'n', schedule: '@daily', podSpec: '{"image":"x"}' }, 'job'),
    ).toThrow('podSpec: expected an object, got "{\\"image\\":\\"x\\"}"');
  });
});

describe('jobSchema', () => {
  it('accepts a full row', () => {
    const row = {
      id: 'j',
      name: 'n',
      schedule: '0 0 * * *',
      timeZone: 'America/New_York',
      podSpec: null,
      constraintId: 'c1',
      createdAt,
      updatedAt: createdAt,
    };
    expect(jobSchema.parse(row)).toEqual(row);
  });

  it('requires every column of a row', () => {
    expect(() =>
      validate(jobSchema, { id: 'j', name: 'n', schedule: '0 0 * * *', createdAt }, 'job'),
    ).toThrow(
      'invalid job: timeZone: is required; podSpec: is required; constraintId: is required; updatedAt: is required',
    );
  });
});
