import type { z } from 'zod';

/**
 * An exact test for one leaf schema: true only for values the schema accepts and returns
 * unchanged. It must never say yes where zod would say no; saying no costs only speed.
 */
export type QuickCheck = (value: unknown) => boolean;

/** What a quick parser returns when it cannot vouch for a value: zod then decides. */
export const UNSURE: unique symbol = Symbol('unsure');

type QuickParser = (value: unknown) => unknown;

const leafChecks = new WeakMap<object, QuickCheck>();
const parsers = new WeakMap<object, QuickParser | null>();

/** Marks `check` as the allocation-free equivalent of `schema`'s rules; returns `schema`. */
export function withQuickCheck<S extends z.ZodType>(schema: S, check: QuickCheck): S {
  leafChecks.set(schema, check);
  return schema;
}

/**
 * `schema`'s output for `value` when it can be had without zod, or `UNSURE`. Every write
 * validates its input, and zod allocates issues, contexts and payloads per field even for
 * valid input: 3–4 µs a row inside a write loop, a tenth of a SQLite insert. This covers the
 * shapes rows are made of (strict objects of leaves with a quick check, booleans, string
 * enums, and their nullable, optional and null-default forms) and says UNSURE to anything
 * else, invalid input included, so zod keeps the last word and words every error.
 */
export function quickParse(schema: z.ZodType, value: unknown): unknown {
  const parser = parserOf(schema);
  return parser === null ? UNSURE : parser(value);
}

interface SchemaDef {
  type: string;
  checks?: readonly unknown[];
  innerType?: z.ZodType;
  entries?: Record<string, unknown>;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  defaultValue?: unknown;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** A parser for `schema`, or null when its shape is one this module does not mirror. */
function deriveParser(schema: z.ZodType): QuickParser | null {
  const leaf = leafChecks.get(schema);
  if (leaf) return (value) => (leaf(value) ? value : UNSURE);
  const def = defOf(schema);
  // A refinement on a composite schema is code this module cannot see into.
  if (def.checks !== undefined && def.checks.length > 0) return null;
  switch (def.type) {
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : UNSURE);
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      if (!values.every((v) => typeof v === 'string')) return null;
      const allowed = new Set<unknown>(values);
      return (value) => (allowed.has(value) ? value : UNSURE);
    }
    case 'nullable': {
      const inner = parserOf(def.innerType);
      return inner && ((value) => (value === null ? null : inner(value)));
    }
    case 'optional': {
      const inner = parserOf(def.innerType);
      return inner && ((value) => (value === undefined ? undefined : inner(value)));
    }
    case 'default': {
      // Only a null default: an object or array default would have to be cloned as zod does.
      if (def.defaultValue !== null) return null;
      const inner = parserOf(def.innerType);
      return inner && ((value) => (value === undefined ? null : inner(value)));
    }
    case 'object':
      return deriveObjectParser(def);
    default:
      return null;
  }
}

/** The parser for `schema`, derived once and remembered (null: zod only). */
function parserOf(schema: z.ZodType | undefined): QuickParser | null {
  if (schema === undefined) return null;
  let parser = parsers.get(schema);
  if (parser === undefined) {
    parser = deriveParser(schema);
    parsers.set(schema, parser);
  }
  return parser;
}

interface FieldParser {
  key: string;
  parse: QuickParser;
  /** An optional field left out stays out of the output, as zod leaves it. */
  omittable: boolean;
}

/** Strict objects only: any key outside the shape is an error zod must word. */
function deriveObjectParser(def: SchemaDef): QuickParser | null {
  if (def.shape === undefined || def.catchall === undefined || defOf(def.catchall).type !== 'never') {
    return null;
  }
  const fields: FieldParser[] = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const parse = parserOf(field);
    if (parse === null) return null;
    fields.push({ key, parse, omittable: defOf(field).type === 'optional' });
  }
  const keys = new Set(fields.map((field) => field.key));
  return (value) => {
    if (typeof value !== 'object' || value === null) return UNSURE;
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return UNSURE;
    // zod looks for unknown keys with for...in, inherited enumerable ones included.
    for (const key in value) if (!keys.has(key)) return UNSURE;
    const input = value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const field of fields) {
      const given = input[field.key];
      if (given === undefined && field.omittable) {
        // zod keeps a key given as undefined; only a key that is absent stays absent.
        if (field.key in input) return UNSURE;
        continue;
      }
      const parsed = field.parse(given);
      if (parsed === UNSURE) return UNSURE;
      output[field.key] = parsed;
    }
    return output;
  };
}
