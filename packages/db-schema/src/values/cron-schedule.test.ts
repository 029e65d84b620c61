import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { CRON_MACROS, cronScheduleSchema, parseCronSchedule } from './cron-schedule.js';

// The upstream tables (robfig-parser-table, robfig-spec-table) and robfig itself
// (cron-oracle) cover the grammar; these are the cases issue 18 names, as a user meets them.
describe('cronScheduleSchema', () => {
  it.each([
    // Refused before, accepted by Kubernetes.
    '@every 5m',
    '0 0 30 2 *',
    '0 8,8 * * *',
    '0 0 1,1-15 * *',
    '0 0 * * *',
    '*/15 * * * *',
    '0 9-17 * * 1-5',
    '30 2 * * MON-FRI',
    '0 0 1 jan,jul *',
    '0 0 ? * sun',
    '  0 0 * * *  ',
    ...Object.keys(CRON_MACROS),
  ])('accepts %j', (schedule) => {
    expect(cronScheduleSchema.parse(schedule)).toBe(schedule);
  });

  it.each([
    // Accepted before, refused by Kubernetes: day-of-week is 0-6, and a descriptor is not trimmed.
    ['* * * * 7', 'day-of-week field: end of range (7) above maximum (6): 7'],
    ['0 0 * * 1-7', 'day-of-week field: end of range (7) above maximum (6): 1-7'],
    [' @daily', 'expected exactly 5 fields, found 1: [@daily]'],
    ['@daily ', 'unrecognized descriptor: @daily '],
    ['61 * * * *', 'minute field: end of range (61) above maximum (59): 61'],
    ['0 24 * * *', 'hour field: end of range (24) above maximum (23): 24'],
    ['*/0 * * * *', 'minute field: step of range should be a positive number: */0'],
    ['0 0 1 foo *', 'month field: failed to parse int from foo'],
    ['0 0 L * *', 'day-of-month field: failed to parse int from L'],
    ['0 0 * * 5#2', 'day-of-week field: failed to parse int from 5#2'],
    ['H * * * *', 'minute field: failed to parse int from H'],
    ['0 */5 * * * *', 'expected exactly 5 fields, found 6: [0 */5 * * * *]'],
    ['* * *', 'expected exactly 5 fields, found 3'],
    ['', 'it is empty'],
    ['   ', 'expected exactly 5 fields, found 0'],
    ['@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ['@minutely', 'unrecognized descriptor: @minutely'],
    ['@DAILY', 'unrecognized descriptor: @DAILY'],
    ['CRON_TZ=UTC 0 * * * *', 'cannot use TZ or CRON_TZ in a schedule'],
    ['TZ=Europe/Paris 0 * * * *', "set the job's timeZone instead"],
  ])('refuses %j (%s)', (schedule, reason) => {
    const error = `${JSON.stringify(schedule)} is not a valid cron expression (`;
    expect(() => validate(cronScheduleSchema, schedule, 'job')).toThrow(`invalid job: ${error}`);
    expect(() => validate(cronScheduleSchema, schedule, 'job')).toThrow(reason);
  });

  it('refuses a schedule too long for a TEXT column, and a NUL, before parsing it', () => {
    const long = `0 0 * * ${'1,'.repeat(33_000)}1`;
    expect(() => cronScheduleSchema.parse(long)).toThrow('more than the 65535 a TEXT column holds');
    expect(() => cronScheduleSchema.parse('0 0 * * *\0')).toThrow('NUL');
  });
});

describe('parseCronSchedule', () => {
  const after = new Date('2024-05-01T10:07:30Z');

  it('computes fire times in UTC by default, to the minute', () => {
    const schedule = parseCronSchedule('*/15 * * * *');
    expect(schedule.timeZone).toBe('UTC');
    expect(schedule.next(after)?.toISOString()).toBe('2024-05-01T10:15:00.000Z');
  });

  it('fires "0 0 */1 * 1" on Mondays only, as robfig does (*/1 keeps the star)', () => {
    const schedule = parseCronSchedule('0 0 */1 * 1');
    const first = schedule.next(after) as Date;
    expect(first.toISOString()).toBe('2024-05-06T00:00:00.000Z');
    expect(schedule.next(first)?.toISOString()).toBe('2024-05-13T00:00:00.000Z');
  });

  it('returns null for a schedule that never fires, such as 30 February', () => {
    expect(parseCronSchedule('0 0 30 2 *').next(after)).toBeNull();
  });

  it('runs @every from the given time, in whole seconds', () => {
    expect(parseCronSchedule('@every 90s').next(new Date('2024-05-01T10:07:30.250Z'))?.toISOString()).toBe(
      '2024-05-01T10:09:00.000Z',
    );
  });

  it('computes in the job time zone, across DST changes as robfig does', () => {
    // Expected times from robfig/cron v3.0.1 itself (test-data/robfig-cron-oracle.json).
    const london = parseCronSchedule('30 1 * * *', { timeZone: 'Europe/London' });
    expect(london.timeZone).toBe('Europe/London');
    // 31 March 2024: 01:00 GMT jumps to 02:00 BST, 01:30 does not exist, and robfig skips the day.
    expect(london.next(new Date('2024-03-30T23:30:00Z'))?.toISOString()).toBe('2024-04-01T00:30:00.000Z');
    // 27 October 2024: 01:00-02:00 BST is repeated as GMT, and robfig fires at both 01:30s.
    const first = london.next(new Date('2024-10-26T23:30:00Z')) as Date;
    expect(first.toISOString()).toBe('2024-10-27T00:30:00.000Z');
    const second = london.next(first) as Date;
    expect(second.toISOString()).toBe('2024-10-27T01:30:00.000Z');
    expect(london.next(second)?.toISOString()).toBe('2024-10-28T01:30:00.000Z');
  });

  it('throws on what validation refuses, and on a bad zone or time', () => {
    expect(() => parseCronSchedule('* * * * * *')).toThrow('expected exactly 5 fields, found 6');
    expect(() => parseCronSchedule(undefined as unknown as string)).toThrow(TypeError);
    expect(() => parseCronSchedule('@daily', { timeZone: 'Mars/Olympus' })).toThrow(
      'unknown time zone "Mars/Olympus"',
    );
    expect(() => parseCronSchedule('@daily').next(new Date(Number.NaN))).toThrow(TypeError);
  });
});
