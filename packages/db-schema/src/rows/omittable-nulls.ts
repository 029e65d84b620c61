import { z } from 'zod';

/** `shape` with every nullable field made omittable, defaulting to null. */
export type OmittableNulls<S extends z.core.$ZodShape> = {
  [K in keyof S]: S[K] extends z.ZodNullable ? z.ZodDefault<S[K]> : S[K];
};

/**
 * The input form of a row's fields: a nullable field may be left out and is then stored as
 * NULL, so callers write only what they set. Rows read back always carry every field.
 */
export function omittableNulls<S extends z.core.$ZodShape>(shape: S): OmittableNulls<S> {
  const entries = Object.entries(shape).map(([key, schema]) => [
    key,
    schema instanceof z.ZodNullable ? schema.default(null) : schema,
  ]);
  return Object.fromEntries(entries) as OmittableNulls<S>;
}
