import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { CRON_MACROS, cronScheduleSchema, parseCronSchedule } from './cron-schedule.js';

describe('cronScheduleSchema', () => {
  it.each([
    '0 0 * * *',
    '*/15 * * * *',
    '0 9-17 * * 1-5',
    '0 0 1,15 * *',
    '30 2 * * MON-FRI',
    '0 0 1 jan,jul *',
    '0 0 ? * sun',
    '5 4 * * 7',
    '  0 0 * * *  ',
    ...Object.keys(CRON_MACROS),
  ])('accepts %j', (schedule) => {
    expect(cronScheduleSchema.parse(schedule)).toBe(schedule);
  });

  it.each([
    ['61 * * * *', 'Constraint error, got value 61 expected range 0-59'],
    ['0 24 * * *', 'got value 24 expected range 0-23'],
    ['*/0 * * * *', 'cannot repeat at every 0 time'],
    ['0 0 31 2 *', 'Invalid explicit day of month definition'],
    ['0 0 1 foo *', 'month field "foo" is not standard cron syntax'],
    ['0 0 L * *', 'day-of-month field "L" is not standard cron syntax'],
    ['0 0 * * 5#2', 'day-of-week field "5#2" is not standard cron syntax'],
    ['H * * * *', 'minute field "H" is not standard cron syntax'],
    [
      '0 */5 * * * *',
      'got 6 fields, expected 5: minute hour day-of-month month day-of-week; a seconds field is not supported',
    ],
    ['* * *', 'got 3 fields, expected 5'],
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['@every 5m', 'unknown macro'],
    ['@minutely', 'unknown macro'],
    ['@DAILY', 'unknown macro'],
    ['CRON_TZ=UTC 0 * * * *', 'a time-zone prefix is not supported'],
    ['TZ=Europe/Paris 0 * * * *', 'a time-zone prefix is not supported'],
  ])('refuses %j (%s)', (schedule, reason) => {
    const error = `${JSON.stringify(schedule)} is not a valid cron expression (`;
    expect(() => validate(cronScheduleSchema, schedule, 'job')).toThrow(`invalid job: ${error}`);
    expect(() => validate(cronScheduleSchema, schedule, 'job')).toThrow(reason);
  });
});

describe('parseCronSchedule', () => {
  it('reads a five-field expression at minute granularity', () => {
    const expression = parseCronSchedule('*/15 * * * *', {
      currentDate: new Date('2024-05-01T10:07:30Z'),
      tz: 'UTC',
    });
    expect(expression.next().toISOString()).toBe('2024-05-01T10:15:00.000Z');
  });

  it('expands the Kubernetes macros, including @midnight', () => {
    const options = { currentDate: new Date('2024-05-01T10:07:30Z'), tz: 'UTC' };
    expect(parseCronSchedule('@midnight', options).next().toISOString()).toBe('2024-05-02T00:00:00.000Z');
    expect(parseCronSchedule('@hourly', options).next().toISOString()).toBe('2024-05-01T11:00:00.000Z');
    expect(parseCronSchedule('@weekly', options).next().toISOString()).toBe('2024-05-05T00:00:00.000Z');
  });

  it('throws on what validation refuses', () => {
    expect(() => parseCronSchedule('* * * * * *')).toThrow('a seconds field is not supported');
    expect(() => parseCronSchedule(undefined as unknown as string)).toThrow(TypeError);
  });
});
