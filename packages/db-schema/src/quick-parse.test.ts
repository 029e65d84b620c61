import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue } from './describe-value.js';
import * as exported from './index.js';
import { quickParse, UNSURE } from './quick-parse.js';
import { jobInputSchema } from './rows/job.js';
import { jobRunInputSchema } from './rows/job-run.js';
import { jobRunUpdateSchema } from './rows/job-run-update.js';

class Thing {
  id = 'j';
}
const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
let deep: unknown = 'leaf';
for (let i = 0; i < 120; i++) deep = { d: deep };
const nullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
const inheritsKey = Object.assign(Object.create({ inherited: 1 }) as object, { a: 1 });

/** Values an untyped caller might pass anywhere: every kind the schemas tell apart. */
const POOL: readonly unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x',
  ' x',
  'x ',
  'a\0b',
  'bad \uD800',
  'é😀',
  'a'.repeat(255),
  'a'.repeat(256),
  '😀'.repeat(200),
  '@daily',
  '@reboot',
  '*/5 * * * *',
  '61 * * * *',
  '* * * * * *',
  'H * * * *',
  'https://example.com/hook',
  '5m',
  'pending',
  'running',
  'completed',
  'done',
  'on_failure',
  'retry',
  0,
  -0,
  1,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2_147_483_647,
  2_147_483_648,
  2 ** 53,
  10n,
  true,
  false,
  new Date(0),
  new Date(Number.NaN),
  new Date('0999-12-31T23:59:59.999Z'),
  new Date('1000-01-01T00:00:00.000Z'),
  new Date('9999-12-31T23:59:59.999Z'),
  new Date('+010000-01-01T00:00:00.000Z'),
  {},
  [],
  ['x'],
  { a: 1 },
  { a: undefined },
  { a: [1, { b: 'c' }], n: null },
  { a: Number.NaN },
  { a: new Date(0) },
  { a: 'x\0' },
  { '\uD800': 1 },
  { [Symbol('k')]: 1 },
  nullPrototype,
  inheritsKey,
  new Thing(),
  new Map([['a', 1]]),
  () => 1,
  Symbol('s'),
  cyclic,
  deep,
  new String('x'),
  new Number(1),
];

/** Valid inputs of the schemas that every hot write validates, as callers build them. */
const BASES: ReadonlyArray<[string, z.ZodType, Record<string, unknown>]> = [
  [
    'job',
    jobInputSchema,
    {
      id: 'job-1',
      name: 'Nightly',
      schedule: '0 3 * * *',
      podSpec: { containers: [{ name: 'main', image: 'app:1', args: ['--once'] }] },
      constraintId: null,
    },
  ],
  ['job without optional fields', jobInputSchema, { id: 'job-1', name: 'Nightly', schedule: '@daily' }],
  [
    'job run',
    jobRunInputSchema,
    { jobId: 'job-1', runId: 'run-1', scheduledAt: new Date(0), status: 'running' },
  ],
  [
    'finished job run',
    jobRunInputSchema,
    {
      jobId: 'job-1',
      runId: 'run-1',
      scheduledAt: new Date(0),
      startedAt: new Date(1),
      completedAt: new Date(2),
      status: 'failed',
      success: false,
      error: 'exit 1',
    },
  ],
  [
    'first run update',
    jobRunUpdateSchema,
    { runId: 'r', jobId: 'j', scheduledAt: new Date(0), status: 'pending' },
  ],
  ['later run update', jobRunUpdateSchema, { runId: 'r', status: 'completed', success: true, error: null }],
];

/** Every variation of `base`: each field set to each pool value, left out, or joined by others. */
function variants(base: Record<string, unknown>): unknown[] {
  const out: unknown[] = [base];
  for (const key of Object.keys(base)) {
    for (const value of POOL) out.push({ ...base, [key]: value });
    const { [key]: _left, ...without } = base;
    out.push(without);
  }
  for (const key of ['podSpec', 'startedAt', 'success', 'constraintId', 'status', 'jobId']) {
    out.push({ ...base, [key]: undefined });
  }
  out.push({ ...base, extra: 1 });
  out.push({ ...base, Id: 'x' });
  out.push(Object.assign(JSON.parse('{"__proto__": {"id": "x"}}') as object, base));
  out.push(Object.assign(Object.create(null) as object, base));
  out.push(Object.assign(Object.create({ extra: 1 }) as object, base));
  out.push(Object.assign(Object.create({ name: 'inherited' }) as object, base));
  out.push(Object.assign(new Thing(), base));
  out.push(Object.freeze({ ...base }));
  out.push([base]);
  return out;
}

/** Fails unless the quick parser declined, or zod accepts the value and returns exactly the same. */
function expectAgreesWithZod(schema: z.ZodType, value: unknown): boolean {
  const quick = quickParse(schema, value);
  if (quick === UNSURE) return false;
  const result = schema.safeParse(value);
  if (!result.success) expect.fail(`zod refuses what the quick parser accepted: ${describeValue(value)}`);
  expect(quick).toStrictEqual(result.data);
  if (typeof quick === 'object' && quick !== null)
    expect(Object.keys(quick)).toEqual(Object.keys(result.data as object));
  return true;
}

describe('quickParse', () => {
  it('never accepts what zod refuses, and returns what zod returns, for every exported schema', () => {
    const schemas = (Object.entries(exported) as Array<[string, unknown]>).filter(
      (entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType,
    );
    expect(schemas.length).toBeGreaterThan(30);
    let vouched = 0;
    for (const [, schema] of schemas) {
      for (const value of POOL) if (expectAgreesWithZod(schema, value)) vouched++;
      for (const [, , base] of BASES) {
        for (const value of variants(base)) if (expectAgreesWithZod(schema, value)) vouched++;
      }
    }
    // The comparison above proves nothing if the quick parser declines everything.
    expect(vouched).toBeGreaterThan(500);
  });

  it.each(BASES)('handles a valid %s itself, without zod', (_name, schema, base) => {
    expect(quickParse(schema, base)).not.toBe(UNSURE);
    expect(expectAgreesWithZod(schema, base)).toBe(true);
  });

  it('leaves refined objects, non-strict objects and unknown schema kinds to zod', () => {
    const refined = z
      .object({ a: z.string() })
      .strict()
      .refine((v) => v.a !== 'x');
    const loose = z.object({ a: z.boolean() });
    expect(quickParse(refined, { a: 'y' })).toBe(UNSURE);
    expect(quickParse(loose, { a: true })).toBe(UNSURE);
    expect(quickParse(z.array(z.boolean()), [true])).toBe(UNSURE);
    expect(quickParse(z.object({ a: z.boolean().default(true) }).strict(), {})).toBe(UNSURE);
  });
});
