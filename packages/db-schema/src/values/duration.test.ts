import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { durationSchema, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2h15m', 8_100_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1.1s', 1_100],
    ['300ms', 300],
    ['10s', 10_000],
    ['1m30s250ms', 90_250],
    ['1500us', 1.5],
    ['2000µs', 2],
    ['3000μs', 3],
    ['250ns', 0.00025],
    ['0s', 0],
  ])('reads %s as %d ms', (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each([
    ['', 'it is empty'],
    ['5', 'missing unit after "5"'],
    ['1h30', 'missing unit after "30"'],
    ['5x', 'unknown unit "x"'],
    ['5M', 'unknown unit "M"'],
    ['-5m', 'a sign is not allowed'],
    ['+5m', 'a sign is not allowed'],
    ['.m', 'expected a number before ".m"'],
    [' 5m', 'expected a number before " 5m"'],
    ['5m ', 'unknown unit "m "'],
    ['1h 30m', 'unknown unit "h "'],
    ['00', 'missing unit after "00"'],
    ['300000000h', 'exceeds the longest Go duration'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(() => parseDuration(text)).toThrow(reason);
    expect(() => parseDuration(text)).toThrow(`${JSON.stringify(text)} is not a valid duration`);
  });

  it('refuses a non-string from untyped callers with a TypeError', () => {
    expect(() => parseDuration(5 as unknown as string)).toThrow(
      new TypeError('expected a duration string, got 5'),
    );
  });
});

describe('durationSchema', () => {
  it('accepts the spec examples', () => {
    for (const text of ['5m', '1h', '2h', '2h15m']) expect(durationSchema.parse(text)).toBe(text);
  });

  it('names the value and the reason', () => {
    expect(() => validate(durationSchema, '5x', 'duration')).toThrow(
      'invalid duration: "5x" is not a valid duration (unknown unit "x"; use ns, us, µs, ms, s, m or h)',
    );
    expect(() => validate(durationSchema, '-5m', 'duration')).toThrow(
      'invalid duration: "-5m" is not a valid duration (a sign is not allowed)',
    );
  });

  it('refuses a valid but padded duration too long for its TEXT column', () => {
    expect(() => validate(durationSchema, '0h'.repeat(40_000), 'duration')).toThrow(
      'is 80000 bytes in UTF-8, more than the 65535 a TEXT column holds on MySQL',
    );
  });
});
