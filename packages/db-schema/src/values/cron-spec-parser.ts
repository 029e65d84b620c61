/**
 * robfig/cron v3.0.1's `ParseStandard` (parser.go, with the field bounds of spec.go), which
 * is what Kubernetes validates a CronJob's schedule with. A port, not a library: the JavaScript
 * cron libraries each read the grammar differently from robfig (see the README's table), and
 * a schedule must mean here exactly what it means to Kubernetes. Field sets are 64-bit masks
 * as in robfig, with its star bit, because `*` and `*\/1` change how day-of-month and
 * day-of-week combine.
 */
import { parseGoDuration } from './go-duration.js';

/** A field's allowed values and names (robfig's `bounds`). */
export interface CronBounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

export const SECOND_BOUNDS: CronBounds = { min: 0, max: 59 };
export const MINUTE_BOUNDS: CronBounds = { min: 0, max: 59 };
export const HOUR_BOUNDS: CronBounds = { min: 0, max: 23 };
export const DOM_BOUNDS: CronBounds = { min: 1, max: 31 };
export const MONTH_BOUNDS: CronBounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
export const DOW_BOUNDS: CronBounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** Set when a field was written with `*` or `?` (robfig's starBit). */
export const STAR_BIT = 1n << 63n;

/** robfig's `SpecSchedule` without its location: one bit per allowed value of each field. */
export interface SpecFields {
  readonly kind: 'spec';
  readonly second: bigint;
  readonly minute: bigint;
  readonly hour: bigint;
  readonly dom: bigint;
  readonly month: bigint;
  readonly dow: bigint;
}

/** robfig's `ConstantDelaySchedule`: `@every <duration>`, rounded to whole seconds, at least one. */
export interface ConstantDelay {
  readonly kind: 'every';
  readonly delayMs: number;
}

/** What `ParseStandard` returns for a valid schedule. */
export type StandardSchedule = SpecFields | ConstantDelay;

/** A schedule robfig refuses, with robfig's error text and, for a field, which one. */
export class CronSpecError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CronSpecError';
  }
}

/** robfig's `getBits`: the bits min..max, every `step`-th. */
export function getBits(min: number, max: number, step: bigint): bigint {
  let bits = 0n;
  for (let i = BigInt(min); i <= BigInt(max); i += step) bits |= 1n << i;
  return bits;
}

/** robfig's `all`: every value of the field, plus the star bit. */
export function all(bounds: CronBounds): bigint {
  return getBits(bounds.min, bounds.max, 1n) | STAR_BIT;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const ATOI_SYNTAX = /^[+-]?[0-9]+$/;

/** robfig's `mustParseInt`: Go's `strconv.Atoi` (optional sign, ASCII digits, int64), then no negatives. */
function mustParseInt(expr: string): bigint {
  if (!ATOI_SYNTAX.test(expr)) {
    throw new CronSpecError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  }
  const num = BigInt(expr);
  if (num > INT64_MAX || num < INT64_MIN) {
    throw new CronSpecError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`,
    );
  }
  if (num < 0n) throw new CronSpecError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

// Go's strings.ToLower maps each rune alone; JavaScript's toLowerCase turns U+0130 (İ) into two
// characters, so "FRİ" would stop being Friday. It is the only such rune in the names' letters.
const goToLower = (text: string) => text.replaceAll('\u0130', 'i').toLowerCase();

/** robfig's `parseIntOrName`. */
function parseIntOrName(expr: string, names: CronBounds['names']): bigint {
  const key = goToLower(expr);
  if (names !== undefined && Object.hasOwn(names, key)) return BigInt(names[key] as number);
  return mustParseInt(expr);
}

/** robfig's `getRange`: `number | number "-" number [ "/" number ]`, `*` or `?`. */
export function getRange(expr: string, bounds: CronBounds): bigint {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] as string).split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  let extra = 0n;
  const low = lowAndHigh[0] as string;
  if (low === '*' || low === '?') {
    // robfig does not look at what follows the star here, so "*-5" means "*".
    start = BigInt(bounds.min);
    end = BigInt(bounds.max);
    extra = STAR_BIT;
  } else {
    start = parseIntOrName(low, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] as string, bounds.names);
    else throw new CronSpecError(`too many hyphens: ${expr}`);
  }
  let step: bigint;
  if (rangeAndStep.length === 1) step = 1n;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] as string);
    // "N/step" means "N-max/step".
    if (singleDigit) end = BigInt(bounds.max);
    if (step > 1n) extra = 0n;
  } else throw new CronSpecError(`too many slashes: ${expr}`);

  if (start < BigInt(bounds.min)) {
    throw new CronSpecError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  }
  if (end > BigInt(bounds.max)) {
    throw new CronSpecError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  }
  if (start > end) {
    throw new CronSpecError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  }
  if (step === 0n) throw new CronSpecError(`step of range should be a positive number: ${expr}`);
  return getBits(Number(start), Number(end), step) | extra;
}

/** robfig's `getField`: a comma-separated list of ranges; empty items are skipped, as Go's FieldsFunc does. */
export function getField(field: string, bounds: CronBounds): bigint {
  let bits = 0n;
  for (const expr of field.split(',')) {
    if (expr !== '') bits |= getRange(expr, bounds);
  }
  return bits;
}

// Go's unicode.IsSpace, which strings.Fields splits on; JavaScript's \s differs (it has U+FEFF, lacks U+0085).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Go's `strings.Fields`. */
export function goFields(text: string): string[] {
  return text.split(GO_SPACE).filter((field) => field !== '');
}

const FIELDS: ReadonlyArray<readonly [string, CronBounds]> = [
  ['minute', MINUTE_BOUNDS],
  ['hour', HOUR_BOUNDS],
  ['day-of-month', DOM_BOUNDS],
  ['month', MONTH_BOUNDS],
  ['day-of-week', DOW_BOUNDS],
];

function descriptor(spec: string): StandardSchedule {
  const at = (minute: bigint, hour: bigint, dom: bigint, month: bigint, dow: bigint): SpecFields => ({
    kind: 'spec',
    second: 1n << 0n,
    minute,
    hour,
    dom,
    month,
    dow,
  });
  const first = (bounds: CronBounds) => 1n << BigInt(bounds.min);
  switch (spec) {
    case '@yearly':
    case '@annually':
      return at(
        first(MINUTE_BOUNDS),
        first(HOUR_BOUNDS),
        first(DOM_BOUNDS),
        first(MONTH_BOUNDS),
        all(DOW_BOUNDS),
      );
    case '@monthly':
      return at(
        first(MINUTE_BOUNDS),
        first(HOUR_BOUNDS),
        first(DOM_BOUNDS),
        all(MONTH_BOUNDS),
        all(DOW_BOUNDS),
      );
    case '@weekly':
      return at(
        first(MINUTE_BOUNDS),
        first(HOUR_BOUNDS),
        all(DOM_BOUNDS),
        all(MONTH_BOUNDS),
        first(DOW_BOUNDS),
      );
    case '@daily':
    case '@midnight':
      return at(
        first(MINUTE_BOUNDS),
        first(HOUR_BOUNDS),
        all(DOM_BOUNDS),
        all(MONTH_BOUNDS),
        all(DOW_BOUNDS),
      );
    case '@hourly':
      return at(first(MINUTE_BOUNDS), all(HOUR_BOUNDS), all(DOM_BOUNDS), all(MONTH_BOUNDS), all(DOW_BOUNDS));
  }
  const every = '@every ';
  if (spec.startsWith(every)) {
    const reading = parseGoDuration(spec.slice(every.length));
    if (!reading.ok) throw new CronSpecError(`failed to parse duration ${spec}: ${reading.error}`);
    // constantdelay.go's Every: under a second counts as one; below a second is dropped.
    const second = 1_000_000_000n;
    const duration = reading.nanoseconds < second ? second : reading.nanoseconds;
    return { kind: 'every', delayMs: Number((duration - (duration % second)) / 1_000_000n) };
  }
  throw new CronSpecError(`unrecognized descriptor: ${spec}`);
}

/**
 * robfig/cron v3.0.1's `ParseStandard(spec)` without the `TZ=`/`CRON_TZ=` prefix (which
 * Kubernetes refuses; the zone is the job's `timeZone`). Throws `CronSpecError` with robfig's
 * message where robfig returns an error.
 */
export function parseStandardSpec(spec: string): StandardSchedule {
  if (spec.length === 0) throw new CronSpecError('empty spec string');
  // Untrimmed, as robfig checks it: " @daily" is five-field syntax with one field.
  if (spec.startsWith('@')) return descriptor(spec);
  const fields = goFields(spec);
  if (fields.length !== FIELDS.length) {
    throw new CronSpecError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  const bits = FIELDS.map(([name, bounds], index) => {
    try {
      return getField(fields[index] as string, bounds);
    } catch (error) {
      if (error instanceof CronSpecError) throw new CronSpecError(error.message, name);
      throw error;
    }
  }) as [bigint, bigint, bigint, bigint, bigint];
  return {
    kind: 'spec',
    second: getField('0', SECOND_BOUNDS),
    minute: bits[0],
    hour: bits[1],
    dom: bits[2],
    month: bits[3],
    dow: bits[4],
  };
}
