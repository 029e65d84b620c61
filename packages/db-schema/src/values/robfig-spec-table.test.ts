/**
 * robfig/cron v3.0.1's own tables from spec_test.go and constantdelay_test.go
 * (github.com/robfig/cron, tag v3.0.1), run through validation (`cronScheduleSchema`) and
 * `parseCronSchedule`. Upstream runs the zone-less cases in the test machine's `time.Local`;
 * here each runs in UTC (timeZone null) and in three zones with daylight saving, reading the
 * table's wall times in that zone. Upstream's `TZ=<zone>` prefix, which Kubernetes refuses in
 * a schedule, becomes the job's `timeZone`, as the CronJob controller itself prefixes
 * `.spec.timeZone`. Adaptations are named on each table.
 */
import { describe, expect, it } from 'vitest';
import { cronScheduleProblem, cronScheduleSchema, parseCronSchedule } from './cron-schedule.js';
import { robfigTime } from './robfig-test-time.test-support.js';

const ZONES = [null, 'America/New_York', 'Europe/London', 'Australia/Lord_Howe'] as const;

/** Splits upstream's "TZ=<zone> <spec>" into the schedule and the job's time zone. */
function withoutTzPrefix(spec: string): { schedule: string; timeZone: string | null } {
  const match = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(spec);
  return match
    ? { schedule: match[2] as string, timeZone: match[1] as string }
    : { schedule: spec, timeZone: null };
}

describe('spec_test.go TestActivation (29 cases)', () => {
  // Upstream: Next(time - 1s) == time exactly when `expected`.
  const cases: Array<[string, string, boolean]> = [
    ['Mon Jul 9 15:00 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:45 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:40 2012', '0/15 * * * *', false],
    ['Mon Jul 9 15:05 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:20 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:50 2012', '5/15 * * * *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jul *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jun *', false],
    ['Sun Jul 15 08:30 2012', '30 08 ? Jul Sun', true],
    ['Sun Jul 15 08:30 2012', '30 08 15 Jul ?', true],
    ['Mon Jul 16 08:30 2012', '30 08 ? Jul Sun', false],
    ['Mon Jul 16 08:30 2012', '30 08 15 Jul ?', false],
    ['Mon Jul 9 15:00 2012', '@hourly', true],
    ['Mon Jul 9 15:04 2012', '@hourly', false],
    ['Mon Jul 9 15:00 2012', '@daily', false],
    ['Mon Jul 9 00:00 2012', '@daily', true],
    ['Mon Jul 9 00:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@weekly', true],
    ['Sun Jul 8 01:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@monthly', false],
    ['Sun Jul 1 00:00 2012', '@monthly', true],
    ['Sun Jul 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Fri Jun 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Wed Aug 1 00:00 2012', '* * 1,15 * Sun', true],
    ['Sun Jul 15 00:00 2012', '* * */10 * Sun', true],
    ['Sun Jul 15 00:00 2012', '* * * * Mon', false],
    ['Mon Jul 9 00:00 2012', '* * 1,15 * *', false],
    ['Sun Jul 15 00:00 2012', '* * 1,15 * *', true],
    ['Sun Jul 15 00:00 2012', '* * */2 * Sun', true],
  ];
  for (const zone of ZONES) {
    it.each(cases)(`[${zone ?? 'UTC'}] %s, %j fires: %s`, (time, spec, expected) => {
      expect(cronScheduleSchema.parse(spec)).toBe(spec);
      const at = robfigTime(time, zone) as Date;
      const next = parseCronSchedule(spec, { timeZone: zone }).next(new Date(at.getTime() - 1000));
      expect(next?.getTime() === at.getTime()).toBe(expected);
    });
  }
});

// Upstream runs these with its seconds parser (`secondParser`, seconds first). A case whose
// seconds field is "0" is the five-field schedule without it, and is kept; the six whose
// seconds are "15/35" fire at seconds a five-field schedule cannot name, and are left out.
const NEXT_CASES: Array<[string, string, string]> = [
  ['Mon Jul 9 14:45 2012', '0 0/15 * * * *', 'Mon Jul 9 15:00 2012'],
  ['Mon Jul 9 14:59 2012', '0 0/15 * * * *', 'Mon Jul 9 15:00 2012'],
  ['Mon Jul 9 14:59:59 2012', '0 0/15 * * * *', 'Mon Jul 9 15:00 2012'],
  ['Mon Jul 9 15:45 2012', '0 20-35/15 * * * *', 'Mon Jul 9 16:20 2012'],
  ['Mon Jul 9 23:46 2012', '0 */15 * * * *', 'Tue Jul 10 00:00 2012'],
  ['Mon Jul 9 23:45 2012', '0 20-35/15 * * * *', 'Tue Jul 10 00:20 2012'],
  ['Mon Jul 9 23:35 2012', '0 0 0 9 Apr-Oct ?', 'Thu Aug 9 00:00 2012'],
  ['Mon Jul 9 23:35 2012', '0 0 0 */5 Apr,Aug,Oct Mon', 'Tue Aug 1 00:00 2012'],
  ['Mon Jul 9 23:35 2012', '0 0 0 */5 Oct Mon', 'Mon Oct 1 00:00 2012'],
  ['Mon Jul 9 23:35 2012', '0 0 0 * Feb Mon', 'Mon Feb 4 00:00 2013'],
  ['Mon Jul 9 23:35 2012', '0 0 0 * Feb Mon/2', 'Fri Feb 1 00:00 2013'],
  ['Mon Dec 31 23:59:45 2012', '0 * * * * *', 'Tue Jan 1 00:00:00 2013'],
  ['Mon Jul 9 23:35 2012', '0 0 0 29 Feb ?', 'Mon Feb 29 00:00 2016'],
  ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 30 2 11 Mar ?', '2013-03-11T02:30:00-0400'],
  ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T01:00:00-0500'],
  ['2012-03-11T01:00:00-0500', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T03:00:00-0400'],
  ['2012-03-11T03:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T04:00:00-0400'],
  ['2012-03-11T04:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T05:00:00-0400'],
  ['2012-03-11T00:00:00-0500', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T01:00:00-0500'],
  ['2012-03-11T01:00:00-0500', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T03:00:00-0400'],
  ['2012-03-11T03:00:00-0400', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T04:00:00-0400'],
  ['2012-03-11T04:00:00-0400', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T05:00:00-0400'],
  ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 0 1 * * ?', '2012-03-11T01:00:00-0500'],
  ['2012-03-11T01:00:00-0500', 'TZ=America/New_York 0 0 1 * * ?', '2012-03-12T01:00:00-0400'],
  ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 0 2 * * ?', '2012-03-12T02:00:00-0400'],
  ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 30 2 04 Nov ?', '2012-11-04T02:30:00-0500'],
  ['2012-11-04T01:45:00-0400', 'TZ=America/New_York 0 30 1 04 Nov ?', '2012-11-04T01:30:00-0500'],
  ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-11-04T01:00:00-0400'],
  ['2012-11-04T01:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-11-04T01:00:00-0500'],
  ['2012-11-04T01:00:00-0500', 'TZ=America/New_York 0 0 * * * ?', '2012-11-04T02:00:00-0500'],
  ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 1 * * ?', '2012-11-04T01:00:00-0400'],
  ['2012-11-04T01:00:00-0400', 'TZ=America/New_York 0 0 1 * * ?', '2012-11-04T01:00:00-0500'],
  ['2012-11-04T01:00:00-0500', 'TZ=America/New_York 0 0 1 * * ?', '2012-11-05T01:00:00-0500'],
  ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 2 * * ?', '2012-11-04T02:00:00-0500'],
  ['2012-11-04T02:00:00-0500', 'TZ=America/New_York 0 0 2 * * ?', '2012-11-05T02:00:00-0500'],
  ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 3 * * ?', '2012-11-04T03:00:00-0500'],
  ['2012-11-04T03:00:00-0500', 'TZ=America/New_York 0 0 3 * * ?', '2012-11-05T03:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 * * * ?', '2012-11-04T01:00:00-0400'],
  ['TZ=America/New_York 2012-11-04T01:00:00-0400', '0 0 * * * ?', '2012-11-04T01:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T01:00:00-0500', '0 0 * * * ?', '2012-11-04T02:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 1 * * ?', '2012-11-04T01:00:00-0400'],
  ['TZ=America/New_York 2012-11-04T01:00:00-0400', '0 0 1 * * ?', '2012-11-04T01:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T01:00:00-0500', '0 0 1 * * ?', '2012-11-05T01:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 2 * * ?', '2012-11-04T02:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T02:00:00-0500', '0 0 2 * * ?', '2012-11-05T02:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 3 * * ?', '2012-11-04T03:00:00-0500'],
  ['TZ=America/New_York 2012-11-04T03:00:00-0500', '0 0 3 * * ?', '2012-11-05T03:00:00-0500'],
  ['Mon Jul 9 23:35 2012', '0 0 0 30 Feb ?', ''],
  ['Mon Jul 9 23:35 2012', '0 0 0 31 Apr ?', ''],
  ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 3 3 * ?', '2012-12-03T03:00:00-0500'],
  ['2018-10-17T05:00:00-0400', 'TZ=America/Sao_Paulo 0 0 9 10 * ?', '2018-11-10T06:00:00-0500'],
  ['2018-02-14T05:00:00-0500', 'TZ=America/Sao_Paulo 0 0 9 22 * ?', '2018-02-22T07:00:00-0500'],
];
const NEXT_LEFT_OUT = [
  '15/35 20-35/15 * * * *',
  '15/35 20-35/15 1/2 * * *',
  '15/35 20-35/15 10-12 * * *',
  '15/35 20-35/15 1/2 */2 * *',
  '15/35 20-35/15 * 9-20 * *',
  '15/35 20-35/15 * 9-20 Jul *',
];

describe(`spec_test.go TestNext (${NEXT_CASES.length} of ${NEXT_CASES.length + NEXT_LEFT_OUT.length} cases; seconds "15/35" left out)`, () => {
  for (const [time, spec, expected] of NEXT_CASES) {
    const { schedule: withSeconds, timeZone: specZone } = withoutTzPrefix(spec);
    const schedule = withSeconds.replace(/^0\s+/, '');
    // A case with a zone (in the spec, or upstream's "TZ=" time) runs there; the others run everywhere.
    const timeZone = specZone ?? (time.startsWith('TZ=') ? (time.slice(3).split(' ')[0] as string) : null);
    const zones = timeZone !== null ? [timeZone] : ZONES;
    for (const zone of zones) {
      it(`[${zone ?? 'UTC'}] ${time}, ${JSON.stringify(spec)} as ${JSON.stringify(schedule)} -> ${expected || 'never'}`, () => {
        expect(cronScheduleProblem(schedule)).toBeUndefined();
        const next = parseCronSchedule(schedule, { timeZone: zone }).next(robfigTime(time, zone) as Date);
        expect(next?.toISOString() ?? null).toBe(robfigTime(expected, zone)?.toISOString() ?? null);
      });
    }
  }

  it('refuses the upstream spellings with a TZ= or CRON_TZ= prefix, as Kubernetes does', () => {
    for (const [, spec] of NEXT_CASES.filter(([, s]) => s.includes('TZ='))) {
      expect(cronScheduleProblem(spec)).toContain('cannot use TZ or CRON_TZ in a schedule');
    }
  });

  it.each(NEXT_LEFT_OUT)('left out: %j has a seconds field; the five-field grammar refuses it', (spec) => {
    expect(cronScheduleProblem(spec)).toContain('expected exactly 5 fields, found 6');
  });
});

describe('spec_test.go TestErrors (4 cases) and TestSlash0NoHang (1 case)', () => {
  it.each(['xyz', '60 0 * * *', '0 60 * * *', '0 0 * * XYZ'])('refuses %j', (spec) => {
    expect(() => cronScheduleSchema.parse(spec)).toThrow('is not a valid cron expression');
  });

  it('refuses a zero step, with or without the TZ= prefix', () => {
    expect(cronScheduleProblem('TZ=America/New_York 15/0 * * * *')).toContain('cannot use TZ');
    expect(cronScheduleProblem('15/0 * * * *')).toContain('step of range should be a positive number: 15/0');
  });
});

describe('spec_test.go TestNextWithTz (4 cases)', () => {
  // Upstream's times carry a fixed +0530 offset, the zone robfig then computes in. Asia/Kolkata
  // has been +05:30 without daylight saving since 1945, so it is that zone.
  const cases: Array<[string, string, string]> = [
    ['2016-01-03T13:09:03+0530', '14 14 * * *', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T04:09:03+0530', '14 14 * * ?', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T14:09:03+0530', '14 14 * * *', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T14:00:00+0530', '14 14 * * ?', '2016-01-03T14:14:00+0530'],
  ];
  const instant = (text: string) => robfigTime(text, null) as Date;
  it.each(cases)('%s, %j -> %s', (time, spec, expected) => {
    expect(cronScheduleProblem(spec)).toBeUndefined();
    const next = parseCronSchedule(spec, { timeZone: 'Asia/Kolkata' }).next(instant(time));
    expect(next?.toISOString()).toBe(instant(expected).toISOString());
  });
});

describe('constantdelay_test.go TestConstantDelayNext (14 cases, as @every)', () => {
  // Upstream calls Every(delay) with a time.Duration; `@every` reaches the same Every through
  // time.ParseDuration, so each delay is written as the duration string Go prints for it.
  const cases: Array<[string, string, string]> = [
    ['Mon Jul 9 14:45 2012', '15m0.00000005s', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:59 2012', '15m', 'Mon Jul 9 15:14 2012'],
    ['Mon Jul 9 14:59:59 2012', '15m', 'Mon Jul 9 15:14:59 2012'],
    ['Mon Jul 9 15:45 2012', '35m', 'Mon Jul 9 16:20 2012'],
    ['Mon Jul 9 23:46 2012', '14m', 'Tue Jul 10 00:00 2012'],
    ['Mon Jul 9 23:45 2012', '35m', 'Tue Jul 10 00:20 2012'],
    ['Mon Jul 9 23:35:51 2012', '44m24s', 'Tue Jul 10 00:20:15 2012'],
    ['Mon Jul 9 23:35:51 2012', '25h44m24s', 'Thu Jul 11 01:20:15 2012'],
    ['Mon Jul 9 23:35 2012', '2184h25m', 'Thu Oct 9 00:00 2012'],
    ['Mon Dec 31 23:59:45 2012', '15s', 'Tue Jan 1 00:00:00 2013'],
    ['Mon Jul 9 14:45 2012', '15m50ns', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:45:00 2012', '15ms', 'Mon Jul 9 14:45:01 2012'],
    ['Mon Jul 9 14:45:00.005 2012', '15m', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:45:00.005 2012', '15m50ns', 'Mon Jul 9 15:00 2012'],
  ];
  for (const zone of ZONES) {
    it.each(cases)(`[${zone ?? 'UTC'}] %s, @every %s -> %s`, (time, delay, expected) => {
      const schedule = `@every ${delay}`;
      expect(cronScheduleProblem(schedule)).toBeUndefined();
      const next = parseCronSchedule(schedule, { timeZone: zone }).next(robfigTime(time, zone) as Date);
      // The delay is absolute time. Lord Howe moves its clocks half an hour forward on
      // 7 October 2012, inside the 91-day case, so there the wall time is 00:30: the result
      // Go gives for this case when run with TZ=Australia/Lord_Howe (upstream's test then fails).
      const wall = zone === 'Australia/Lord_Howe' && delay === '2184h25m' ? 'Thu Oct 9 00:30 2012' : expected;
      expect(next?.toISOString()).toBe(robfigTime(wall, zone)?.toISOString());
    });
  }
});
