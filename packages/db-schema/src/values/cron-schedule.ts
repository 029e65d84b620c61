import { type CronExpression, type CronExpressionOptions, CronExpressionParser } from 'cron-parser';
import { describeValue } from '../describe-value.js';
import { stringWithRule } from './text.js';

/**
 * The macros a Kubernetes CronJob accepts, as the five-field expressions they stand for.
 * cron-parser's own table differs (six fields, no @midnight, extras such as @weekdays), so
 * the mapping is ours.
 */
export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;
const NAMES_BY_FIELD: Readonly<Record<number, ReadonlySet<string>>> = {
  3: new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']),
  4: new Set(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']),
};
// cron-parser also takes Jenkins/Quartz extensions (H, L, W, #) that Kubernetes refuses.
const STANDARD_FIELD = /^[0-9*?,/-]+$/;

type ScheduleReading = { ok: true; expression: CronExpression } | { ok: false; reason: string };

function readSchedule(text: string, options: CronExpressionOptions): ScheduleReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'it is empty' };
  if (trimmed.startsWith('@')) {
    const expansion = CRON_MACROS[trimmed];
    if (expansion === undefined) {
      return { ok: false, reason: `unknown macro; use one of ${Object.keys(CRON_MACROS).join(', ')}` };
    }
    return parseFields(expansion.split(' '), options);
  }
  const fields = trimmed.split(/\s+/);
  if (/^(CRON_)?TZ=/.test(fields[0] ?? '')) {
    return {
      ok: false,
      reason: 'a time-zone prefix is not supported; Kubernetes takes the zone from spec.timeZone',
    };
  }
  if (fields.length !== FIELD_NAMES.length) {
    // Six fields would be cron-parser's seconds form; Kubernetes CronJobs run at minute granularity.
    const hint = fields.length === 6 ? '; a seconds field is not supported' : '';
    return {
      ok: false,
      reason: `got ${fields.length} fields, expected 5: minute hour day-of-month month day-of-week${hint}`,
    };
  }
  return parseFields(fields, options);
}

function parseFields(fields: string[], options: CronExpressionOptions): ScheduleReading {
  for (const [index, field] of fields.entries()) {
    const names = NAMES_BY_FIELD[index];
    const withoutNames = names
      ? field.replace(/[a-z]+/gi, (word) => (names.has(word.toLowerCase()) ? '0' : word))
      : field;
    if (!STANDARD_FIELD.test(withoutNames)) {
      return {
        ok: false,
        reason:
          `${FIELD_NAMES[index]} field ${describeValue(field)} is not standard cron syntax; ` +
          'use numbers, month or weekday names, *, ?, ranges a-b, lists a,b and steps /n',
      };
    }
  }
  try {
    return { ok: true, expression: CronExpressionParser.parse(fields.join(' '), options) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

// Parsing a cron expression costs more than the INSERT it guards, and a scheduler's jobs
// share a handful of schedules: remember recent verdicts (bounded, so input can't grow it).
const verdicts = new Map<string, string | undefined>();
const VERDICT_LIMIT = 1000;

/** Why `text` is not a valid job schedule, or undefined when it is. */
export function cronScheduleProblem(text: string): string | undefined {
  if (verdicts.has(text)) return verdicts.get(text);
  const reading = readSchedule(text, {});
  const problem = reading.ok
    ? undefined
    : `${describeValue(text)} is not a valid cron expression (${reading.reason})`;
  if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
  verdicts.set(text, problem);
  return problem;
}

/**
 * Parses a job schedule exactly as validation reads it (five fields or a Kubernetes macro)
 * into a cron-parser expression for computing run times; throws on an invalid schedule.
 */
export function parseCronSchedule(schedule: string, options: CronExpressionOptions = {}): CronExpression {
  if (typeof schedule !== 'string') {
    throw new TypeError(`expected a cron expression string, got ${describeValue(schedule)}`);
  }
  const reading = readSchedule(schedule, options);
  if (!reading.ok)
    throw new Error(`${describeValue(schedule)} is not a valid cron expression (${reading.reason})`);
  return reading.expression;
}

/**
 * A job schedule: a standard five-field cron expression (minute hour day-of-month month
 * day-of-week) or one of `CRON_MACROS`. Six-field expressions with seconds are refused.
 */
export const cronScheduleSchema = stringWithRule(cronScheduleProblem);
