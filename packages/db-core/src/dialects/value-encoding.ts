import { UsageError } from '../errors.js';
import type { SqlParam } from '../executor.js';

/** Rejects parameters the layer cannot bind with one meaning on every database. */
export function checkParam(value: unknown, index: number): asserts value is SqlParam {
  if (value === undefined) {
    throw new UsageError(`parameter ${index + 1} is undefined: pass null for SQL NULL`);
  }
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    throw new UsageError(`parameter ${index + 1} is an invalid Date`);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new UsageError(`parameter ${index + 1} is ${value}, which no database stores`);
  }
  const t = typeof value;
  if (t === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    throw new UsageError(
      `parameter ${index + 1} is an object: serialise JSON with JSON.stringify before binding it`,
    );
  }
  if (t === 'function' || t === 'symbol') {
    throw new UsageError(`parameter ${index + 1} is a ${t}, which cannot be bound`);
  }
}

/** Formats a Date as MySQL DATETIME(3) text in UTC, the form the layer stores. */
export function toMysqlDateTime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/** Converts a 64-bit integer read as text into a number when exact, a bigint otherwise. */
export function parseInt64(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
