import type { IterateOptions, QueryOptions } from './executor.js';

/** Every field of `T`, optional ones included: an object literal of this type must name them all. */
type EveryField<T> = { [K in keyof Required<T>]: T[K] };

// Written out rather than `{ ...options, readOnly }`: on Node 20, when readOnly is a key the
// caller's options did not have, that spread builds a new hidden class on every call (~1 µs).
// EveryField turns a field added to the options into a compile error here, instead of an option
// these silently drop.

/** `options` of a query or exec, with `readOnly` set. */
export function queryOptionsWith(
  options: QueryOptions | undefined,
  readOnly: boolean,
): EveryField<QueryOptions> {
  return { prepare: options?.prepare, readOnly };
}

/** `options` of an iterate, with `readOnly` set. */
export function iterateOptionsWith(
  options: IterateOptions | undefined,
  readOnly: boolean,
): EveryField<IterateOptions> {
  return { batchSize: options?.batchSize, readOnly };
}
