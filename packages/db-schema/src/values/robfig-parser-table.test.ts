/**
 * robfig/cron v3.0.1's own tables from parser_test.go (github.com/robfig/cron, tag v3.0.1).
 * Unit tables of robfig's helpers (getRange, getField, all, getBits) run against the port's
 * helpers with the table's own bounds, and each case that is a whole schedule's field runs
 * through validation as well. Tables of parser options ParseStandard never uses (a seconds
 * field, optional fields, no descriptors) are kept where the standard parser answers the same
 * input, and otherwise listed as left out.
 */
import { describe, expect, it } from 'vitest';
import { cronScheduleProblem, parseCronSchedule } from './cron-schedule.js';
import {
  all,
  DOM_BOUNDS,
  DOW_BOUNDS,
  getBits,
  getField,
  getRange,
  HOUR_BOUNDS,
  MINUTE_BOUNDS,
  MONTH_BOUNDS,
  parseStandardSpec,
  SECOND_BOUNDS,
  type SpecFields,
  STAR_BIT,
  type StandardSchedule,
} from './cron-spec-parser.js';

const bit = (n: number) => 1n << BigInt(n);

describe('parser_test.go TestRange (20 cases)', () => {
  const cases: Array<[string, number, number, bigint, string]> = [
    ['5', 0, 7, bit(5), ''],
    ['0', 0, 7, bit(0), ''],
    ['7', 0, 7, bit(7), ''],
    ['5-5', 0, 7, bit(5), ''],
    ['5-6', 0, 7, bit(5) | bit(6), ''],
    ['5-7', 0, 7, bit(5) | bit(6) | bit(7), ''],
    ['5-6/2', 0, 7, bit(5), ''],
    ['5-7/2', 0, 7, bit(5) | bit(7), ''],
    ['5-7/1', 0, 7, bit(5) | bit(6) | bit(7), ''],
    ['*', 1, 3, bit(1) | bit(2) | bit(3) | STAR_BIT, ''],
    ['*/2', 1, 3, bit(1) | bit(3), ''],
    ['5--5', 0, 0, 0n, 'too many hyphens'],
    ['jan-x', 0, 0, 0n, 'failed to parse int from'],
    ['2-x', 1, 5, 0n, 'failed to parse int from'],
    ['*/-12', 0, 0, 0n, 'negative number'],
    ['*//2', 0, 0, 0n, 'too many slashes'],
    ['1', 3, 5, 0n, 'below minimum'],
    ['6', 3, 5, 0n, 'above maximum'],
    ['5-3', 3, 5, 0n, 'beyond end of range'],
    ['*/0', 0, 0, 0n, 'should be a positive number'],
  ];
  it.each(cases)('getRange(%j, {%d, %d}) = %s %s', (expr, min, max, expected, error) => {
    if (error === '') expect(getRange(expr, { min, max })).toBe(expected);
    else expect(() => getRange(expr, { min, max })).toThrow(error);
  });

  // As a minute field (bounds 0-59) the verdict is the same for every case but the three
  // about bounds (1 in 3-5, 6 in 3-5, 5-3 in 3-5), whose bounds no schedule field has.
  const boundsFree = cases.filter(([expr]) => !['1', '6', '5-3'].includes(expr));
  it.each(boundsFree)('as the minute field of a schedule: %j', (expr, _min, _max, _expected, error) => {
    const problem = cronScheduleProblem(`${expr} * * * *`);
    if (error === '') expect(problem).toBeUndefined();
    else {
      expect(problem).toContain('(minute field: ');
      expect(problem).toContain(error);
    }
  });
});

describe('parser_test.go TestField (4 cases)', () => {
  const cases: Array<[string, number, number, bigint]> = [
    ['5', 1, 7, bit(5)],
    ['5,6', 1, 7, bit(5) | bit(6)],
    ['5,6,7', 1, 7, bit(5) | bit(6) | bit(7)],
    ['1,5-7/2,3', 1, 7, bit(1) | bit(5) | bit(7) | bit(3)],
  ];
  it.each(cases)('getField(%j, {%d, %d}) = %s, and as the day-of-month field', (expr, min, max, expected) => {
    expect(getField(expr, { min, max })).toBe(expected);
    expect((parseStandardSpec(`0 0 ${expr} * *`) as SpecFields).dom).toBe(expected);
  });
});

describe('parser_test.go TestAll (5 cases)', () => {
  const cases: Array<[string, typeof MINUTE_BOUNDS, bigint, keyof SpecFields]> = [
    ['minutes', MINUTE_BOUNDS, 0xfffffffffffffffn, 'minute'],
    ['hours', HOUR_BOUNDS, 0xffffffn, 'hour'],
    ['dom', DOM_BOUNDS, 0xfffffffen, 'dom'],
    ['months', MONTH_BOUNDS, 0x1ffen, 'month'],
    ['dow', DOW_BOUNDS, 0x7fn, 'dow'],
  ];
  it.each(cases)('all(%s), and "*" in that field', (_name, bounds, expected, field) => {
    expect(all(bounds)).toBe(expected | STAR_BIT);
    expect((parseStandardSpec('* * * * *') as SpecFields)[field]).toBe(expected | STAR_BIT);
  });
});

describe('parser_test.go TestBits (4 cases)', () => {
  it.each([
    [0, 0, 1n, 0x1n],
    [1, 1, 1n, 0x2n],
    [1, 5, 2n, 0x2an],
    [1, 4, 2n, 0xan],
  ])('getBits(%d, %d, %d) = %d', (min, max, step, expected) => {
    expect(getBits(min, max, step)).toBe(expected);
  });
});

describe('parser_test.go TestParseScheduleErrors (5 cases)', () => {
  // Upstream parses these with its seconds parser. The standard parser refuses all five; two
  // say so in its own words, named here.
  it.each([
    ['* 5 j * * *', 'expected exactly 5 fields, found 6'],
    ['@every Xm', 'failed to parse duration'],
    ['@unrecognized', 'unrecognized descriptor'],
    ['* * * *', 'expected exactly 5 fields, found 4'],
    ['', 'it is empty'],
  ])('refuses %j (%s)', (spec, reason) => {
    expect(cronScheduleProblem(spec)).toContain(reason);
    expect(() => parseCronSchedule(spec)).toThrow(reason);
  });
});

const spec = (minute: bigint, hour: bigint, dom: bigint, month: bigint, dow: bigint): SpecFields => ({
  kind: 'spec',
  second: bit(SECOND_BOUNDS.min),
  minute,
  hour,
  dom,
  month,
  dow,
});
const every5min = spec(bit(5), all(HOUR_BOUNDS), all(DOM_BOUNDS), all(MONTH_BOUNDS), all(DOW_BOUNDS));
const midnight = spec(bit(0), bit(0), all(DOM_BOUNDS), all(MONTH_BOUNDS), all(DOW_BOUNDS));
const annual = spec(bit(0), bit(0), bit(1), bit(1), all(DOW_BOUNDS));

describe('parser_test.go TestParseSchedule (12 cases)', () => {
  it.each<[string, StandardSchedule, string]>([
    ['5 * * * *', every5min, 'standardParser'],
    ['@every 5m', { kind: 'every', delayMs: 300_000 }, 'secondParser'],
    ['@midnight', midnight, 'secondParser'],
    ['@yearly', annual, 'secondParser'],
    ['@annually', annual, 'secondParser'],
  ])('parses %j as upstream expects (upstream parser: %s)', (text, expected) => {
    expect(cronScheduleProblem(text)).toBeUndefined();
    expect(parseStandardSpec(text)).toEqual(expected);
  });

  // The zone half of the TZ cases is the job's timeZone: upstream's "TZ=Asia/Tokyo @midnight"
  // is @midnight computed in Tokyo.
  it.each([
    ['CRON_TZ=UTC  5 * * * *', '5 * * * *', 'UTC'],
    ['TZ=UTC  @midnight', '@midnight', 'UTC'],
    ['TZ=Asia/Tokyo @midnight', '@midnight', 'Asia/Tokyo'],
    ['CRON_TZ=UTC  0 5 * * * *', '5 * * * *', 'UTC'],
    ['CRON_TZ=Asia/Tokyo 0 5 * * * *', '5 * * * *', 'Asia/Tokyo'],
  ])('refuses %j as Kubernetes does; %j with timeZone %s fires there', (text, schedule, timeZone) => {
    expect(cronScheduleProblem(text)).toContain('cannot use TZ or CRON_TZ in a schedule');
    const next = parseCronSchedule(schedule, { timeZone }).next(new Date('2024-05-01T10:07:30Z'));
    const expected =
      schedule === '@midnight'
        ? timeZone === 'UTC'
          ? '2024-05-02T00:00:00.000Z'
          : '2024-05-01T15:00:00.000Z' // midnight of 2 May in Tokyo (+09:00)
        : '2024-05-01T11:05:00.000Z';
    expect(next?.toISOString()).toBe(expected);
  });

  it.each([
    ['0 5 * * * *', 'the seconds parser reads 0 s, 5 min; as five fields it is one field too many'],
    ['* 5 * * * *', 'every second of minute 5, which five fields cannot say'],
  ])('refuses the seconds-parser schedule %j (%s)', (text) => {
    expect(cronScheduleProblem(text)).toContain('expected exactly 5 fields, found 6');
  });
});

describe('parser_test.go TestOptionalSecondSchedule (3 cases)', () => {
  it('reads the five-field case as upstream does; the two six-field cases need a seconds field', () => {
    expect(parseStandardSpec('5 * * * *')).toEqual(every5min);
    expect(cronScheduleProblem('0 5 * * * *')).toContain('expected exactly 5 fields, found 6');
    expect(cronScheduleProblem('5 5 * * * *')).toContain('expected exactly 5 fields, found 6');
  });
});

describe('parser_test.go TestNormalizeFields and TestNormalizeFields_Errors (7 + 4 cases)', () => {
  // Only "AllFields_SecondOptional_NotProvided" is the standard parser's own normalisation:
  // five fields in, seconds "0" prepended. The other ten cases configure parser options
  // (Hour | Dom | Month, DowOptional, two optionals) that ParseStandard never uses: left out.
  it('AllFields_SecondOptional_NotProvided: "5 * * * *" gets second 0', () => {
    expect((parseStandardSpec('5 * * * *') as SpecFields).second).toBe(bit(0));
  });

  // The three error inputs that are field lists are refused by the standard parser too.
  it.each([
    ['TooManyFields', '0 5 * *'],
    ['NoFields', ' '],
    ['TooFewFields', '*'],
  ])('%s: %j is refused', (_name, text) => {
    expect(cronScheduleProblem(text)).toContain('expected exactly 5 fields');
  });
});

describe('parser_test.go TestStandardSpecSchedule (4 cases)', () => {
  it('reads "5 * * * *" and "@every 5m" as upstream', () => {
    expect(parseStandardSpec('5 * * * *')).toEqual(every5min);
    expect(parseStandardSpec('@every 5m')).toEqual({ kind: 'every', delayMs: 300_000 });
  });

  it.each([
    ['5 j * * *', 'hour field: failed to parse int from j'],
    ['* * * *', 'expected exactly 5 fields'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(cronScheduleProblem(text)).toContain(reason);
  });
});

// parser_test.go TestNoDescriptorParser is left out: it builds a parser without descriptors,
// and the standard parser has them ("@every 1m" is a valid schedule here, as in Kubernetes).
