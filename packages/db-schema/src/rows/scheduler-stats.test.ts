import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { schedulerStatsInputSchema, schedulerStatsSchema } from './scheduler-stats.js';

const period = {
  statsPeriodId: 'period-1',
  startTime: new Date('2024-05-01T12:00:00.000Z'),
  endTime: new Date('2024-05-01T12:00:30.000Z'),
  iterations: 30,
  runJobs: 170,
  lateJobs: 2,
  timePassedRunTime: 0,
  missedJobs: 0,
  timePassedGracePeriod: 0,
  jobsCancelled: 1,
};

describe('schedulerStatsInputSchema', () => {
  it('accepts a period and fills the left-out inbox measurements with null', () => {
    expect(validate(schedulerStatsInputSchema, period, 'scheduler stats')).toEqual({
      ...period,
      minInboxLength: null,
      maxInboxLength: null,
      avgInboxLength: null,
      emptyInboxTime: null,
      avgTimeInInbox: null,
      minTimeInInbox: null,
      maxTimeInInbox: null,
    });
  });

  it('accepts fractional averages and a zero-length period', () => {
    const stats = { ...period, endTime: period.startTime, avgInboxLength: 2.5, avgTimeInInbox: 0.125 };
    expect(validate(schedulerStatsInputSchema, stats, 'scheduler stats')).toMatchObject(stats);
  });

  it('refuses an end before the start', () => {
    expect(() =>
      validate(
        schedulerStatsInputSchema,
        { ...period, endTime: new Date('2024-05-01T11:59:59.000Z') },
        'scheduler stats',
      ),
    ).toThrow(
      'invalid scheduler stats: endTime: 2024-05-01T11:59:59.000Z (a Date) is before startTime 2024-05-01T12:00:00.000Z (a Date)',
    );
  });

  it('refuses negative, fractional, oversized and non-finite numbers', () => {
    expect(() =>
      validate(
        schedulerStatsInputSchema,
        {
          ...period,
          iterations: -1,
          runJobs: 1.5,
          lateJobs: 2 ** 31,
          avgInboxLength: Number.NaN,
          avgTimeInInbox: -1,
        },
        'scheduler stats',
      ),
    ).toThrow(
      'invalid scheduler stats: iterations: -1 is less than 0; runJobs: expected an integer, got 1.5; ' +
        'lateJobs: 2147483648 is greater than 2147483647, the largest INTEGER a database column holds; ' +
        'avgInboxLength: expected a finite number, got NaN; avgTimeInInbox: -1 is less than 0',
    );
  });

  it('requires the counters', () => {
    const { iterations: _left, ...withoutIterations } = period;
    expect(() => validate(schedulerStatsInputSchema, withoutIterations, 'scheduler stats')).toThrow(
      'invalid scheduler stats: iterations: is required',
    );
  });
});

describe('schedulerStatsSchema', () => {
  it('requires every column of a row', () => {
    expect(() => validate(schedulerStatsSchema, period, 'scheduler stats')).toThrow(
      'minInboxLength: is required',
    );
  });
});
