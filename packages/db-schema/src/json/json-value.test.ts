import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { jsonObjectSchema, jsonValueSchema } from './json-value.js';

describe('jsonValueSchema', () => {
  it('accepts JSON values and keeps them unchanged', () => {
    const value = { a: [1, -2.5, 'x', true, null, { b: {} }], 'key with space': '', nested: [[[]]] };
    expect(jsonValueSchema.parse(value)).toEqual(value);
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
    for (const scalar of ['s', 0, false, null]) expect(jsonValueSchema.parse(scalar)).toBe(scalar);
  });

  it.each([
    [undefined, 'undefined is not a JSON value'],
    [() => 1, 'a function is not a JSON value'],
    [Number.NaN, 'NaN is not a JSON number'],
    [Number.NEGATIVE_INFINITY, '-Infinity is not a JSON number'],
    [10n, '10n (a bigint) is not a JSON value'],
    [Symbol('s'), 'a symbol is not a JSON value'],
    [new Date(0), '1970-01-01T00:00:00.000Z (a Date) is not a JSON value (store an ISO string)'],
    [new Map(), 'a Map instance is not a plain JSON object'],
    ['a\0', '"a\\u0000" contains a NUL character'],
    ['\uD800', '"\\ud800" contains a lone surrogate (U+D800)'],
  ])('refuses case %#', (value, message) => {
    expect(() => validate(jsonValueSchema, value, 'details')).toThrow(`invalid details: ${message}`);
  });

  it('points at the offending part of a nested value, keys included', () => {
    const value = {
      spec: { containers: [{ image: 'app', env: [{ name: 'A', value: undefined }] }] },
      'k\0': 1,
    };
    expect(() => validate(jsonValueSchema, value, 'pod spec')).toThrow(
      'invalid pod spec: spec.containers[0].env[0].value: undefined is not a JSON value; ' +
        '["k\\u0000"]: key "k\\u0000" contains a NUL character (U+0000), which PostgreSQL cannot store',
    );
  });

  it('refuses array holes, circular references and documents nested too deeply, without crashing', () => {
    const holey: unknown[] = [1];
    holey[2] = 3;
    expect(() => validate(jsonValueSchema, holey, 'details')).toThrow('[1]: undefined is not a JSON value');
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    expect(() => validate(jsonValueSchema, cycle, 'details')).toThrow('self: is a circular reference');
    // Reached twice from every level: a walk that relied on the depth limit alone would take 2^100 steps.
    const forked: Record<string, unknown> = { name: 'fork' };
    forked.left = forked;
    forked.right = forked;
    expect(() => validate(jsonValueSchema, forked, 'details')).toThrow('left: is a circular reference');
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100; level++) deep = [deep];
    expect(() => validate(jsonValueSchema, deep, 'details')).toThrow('is nested deeper than 100 levels');
    let deepest: unknown = 'leaf';
    for (let level = 0; level < 100_000; level++) deepest = [deepest];
    expect(() => validate(jsonValueSchema, deepest, 'details')).toThrow('is nested deeper than 100 levels');
  });

  it('accepts a document exactly 100 levels deep (MySQL counts the scalar as a level)', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 99; level++) deep = [deep];
    expect(jsonValueSchema.parse(deep)).toBe(deep);
  });
});

describe('jsonObjectSchema', () => {
  it('accepts objects, including objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(jsonObjectSchema.parse(bare)).toBe(bare);
  });

  it('refuses arrays, null and scalars', () => {
    expect(() => validate(jsonObjectSchema, [], 'pod spec')).toThrow('expected an object, got an array of 0');
    expect(() => validate(jsonObjectSchema, null, 'pod spec')).toThrow('expected an object, got null');
    expect(() => validate(jsonObjectSchema, '{}', 'pod spec')).toThrow('expected an object, got "{}"');
  });
});
