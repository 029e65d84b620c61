import { describe, expect, it } from 'vitest';
import { validate } from '../validate.js';
import { MAX_INTEGER, nonNegativeIntSchema, positiveIntSchema } from './integers.js';

describe('integer schemas', () => {
  it('accept whole numbers within a PostgreSQL INTEGER', () => {
    expect(nonNegativeIntSchema.parse(0)).toBe(0);
    expect(nonNegativeIntSchema.parse(MAX_INTEGER)).toBe(2_147_483_647);
    expect(positiveIntSchema.parse(1)).toBe(1);
  });

  it.each([
    [nonNegativeIntSchema, -1, '-1 is less than 0'],
    [positiveIntSchema, 0, '0 is less than 1'],
    [nonNegativeIntSchema, 2_147_483_648, '2147483648 is greater than 2147483647'],
    [nonNegativeIntSchema, 1.5, 'expected an integer, got 1.5'],
    [nonNegativeIntSchema, Number.NaN, 'expected a finite number, got NaN'],
    [nonNegativeIntSchema, Number.POSITIVE_INFINITY, 'expected a finite number, got Infinity'],
    [nonNegativeIntSchema, '3', 'expected a number, got "3"'],
    [nonNegativeIntSchema, 3n, 'expected a number, got 3n (a bigint)'],
  ])('refuses %#: %s', (schema, value, message) => {
    expect(() => validate(schema, value, 'stats')).toThrow(`invalid stats: ${message}`);
  });
});
