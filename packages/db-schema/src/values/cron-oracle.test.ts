/**
 * The port against robfig/cron v3.0.1 itself: test-data/robfig-cron-oracle.json holds what the
 * Go library answered (made by test-data/robfig-cron-oracle/main.go, see its README). Every
 * verdict must agree, and every chain of fire times must match to the second, including those
 * across daylight-saving changes in New York, London and Lord Howe (a 30-minute shift).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cronScheduleProblem, parseCronSchedule } from './cron-schedule.js';

interface Oracle {
  verdicts: Array<{ schedule: string; error: string | null }>;
  chains: Array<{ schedule: string; timeZone: string; after: string; next: string[] }>;
}

const oracle = JSON.parse(
  readFileSync(new URL('../../test-data/robfig-cron-oracle.json', import.meta.url), 'utf8'),
) as Oracle;

describe('robfig/cron v3.0.1 ParseStandard verdicts', () => {
  it(`has the verdicts (${oracle.verdicts.length})`, () => {
    expect(oracle.verdicts.length).toBeGreaterThan(100);
  });
  it.each(oracle.verdicts)('$schedule: error $error', ({ schedule, error }) => {
    const problem = cronScheduleProblem(schedule);
    if (error === null) expect(problem).toBeUndefined();
    // The empty string is Kubernetes' "Required" before robfig is asked.
    else expect(problem).toContain(schedule === '' ? 'it is empty' : error);
  });
});

describe('robfig/cron v3.0.1 Next', () => {
  const dst = oracle.chains.filter((c) => c.schedule !== '' && c.timeZone !== 'UTC');
  it(`has chains across DST changes in every zone (${oracle.chains.length} chains)`, () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe']) {
      expect(dst.filter((c) => c.timeZone === zone).length).toBeGreaterThan(100);
    }
  });
  it.each(oracle.chains)('$schedule in $timeZone after $after', ({ schedule, timeZone, after, next }) => {
    // UTC is the default zone: run it as a job without one.
    const parsed = parseCronSchedule(schedule, { timeZone: timeZone === 'UTC' ? null : timeZone });
    const actual: string[] = [];
    let t: Date | null = new Date(after);
    for (let i = 0; i < next.length && t !== null; i++) {
      t = parsed.next(t);
      actual.push(t === null ? '' : t.toISOString().replace('.000Z', 'Z'));
    }
    expect(actual).toEqual(next);
  });
});
