import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { timeZoneSchema } from './time-zone.js';

// Kubernetes' validateTimeZone (pkg/apis/batch/validation/validation.go): non-empty, each
// '/'-part of IANA characters (letters, digits, '.', '-', '_', '+'; 1-14 long; not '.', '..'
// or starting with '-'), not "Local" in any case, and known to the zone database (Go's
// time.LoadLocation there; the runtime's Intl here).
describe('timeZoneSchema', () => {
  it.each([
    'UTC',
    'Etc/UTC',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT+5',
    'US/Eastern',
    'Asia/Kolkata',
  ])('accepts %j', (zone) => {
    expect(timeZoneSchema.parse(zone)).toBe(zone);
  });

  it.each([
    ['', 'must be null (UTC) or a non-empty IANA time zone name'],
    ['Local', 'is not an explicit time zone'],
    ['local', 'is not an explicit time zone'],
    ['Mars/Olympus', 'unknown time zone "Mars/Olympus": this runtime\'s time zone database does not have it'],
    ['America/New York', 'unknown time zone "America/New York"'],
    ['../etc/passwd', 'unknown time zone'],
    ['-05:00', 'unknown time zone'],
    ['+05:00', 'unknown time zone'],
    ['America//New_York', 'unknown time zone'],
    ['/UTC', 'unknown time zone'],
    ['America/Argentina_Buenos_Aires_X', 'unknown time zone'],
    ['america/new_york', 'zone names are case-sensitive, did you mean "America/New_York"?'],
    ['utc', 'did you mean "UTC"?'],
  ])('refuses %j (%s)', (zone, reason) => {
    expect(() => validate(timeZoneSchema, zone, 'job')).toThrow(reason);
  });
});
