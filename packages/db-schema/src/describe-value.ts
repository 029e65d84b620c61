const MAX_SHOWN_STRING = 80;

/**
 * A short, unambiguous rendering of any value for error messages: strings are quoted with
 * JSON escapes so a NUL, a lone surrogate or a trailing space is visible, and long strings
 * are cut.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      if (value.length <= MAX_SHOWN_STRING) return JSON.stringify(value);
      return `${JSON.stringify(value.slice(0, MAX_SHOWN_STRING))}… (${value.length} characters)`;
    }
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n (a bigint)`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : `${value.toISOString()} (a Date)`;
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return 'an object';
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof constructorName === 'string' && constructorName !== ''
    ? `a ${constructorName} instance`
    : 'an object';
}
