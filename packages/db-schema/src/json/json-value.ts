import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { textProblem } from '../values/text.js';

/** A value JSON can represent exactly, so it is deep-equal after a round trip through the database. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object with string keys. */
export type JsonObject = { [key: string]: JsonValue };

// MySQL refuses JSON documents deeper than 100 (a scalar counts as one level); the limit also
// keeps the walk below from overflowing the stack.
const MAX_JSON_DEPTH = 100;

/** One reason a value is not storable JSON, at `path` inside it. */
export interface JsonProblem {
  path: PropertyKey[];
  message: string;
  input: unknown;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function collectProblems(
  value: unknown,
  path: PropertyKey[],
  ancestors: Set<object>,
  problems: JsonProblem[],
): void {
  const report = (message: string): void => {
    problems.push({ path, message, input: value });
  };
  if (path.length >= MAX_JSON_DEPTH) {
    report(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
    return;
  }
  switch (typeof value) {
    case 'string': {
      const problem = textProblem(value);
      if (problem !== undefined) report(problem);
      return;
    }
    case 'number':
      if (!Number.isFinite(value)) report(`${describeValue(value)} is not a JSON number`);
      return;
    case 'boolean':
      return;
    case 'object':
      break;
    default:
      report(`${describeValue(value)} is not a JSON value`);
      return;
  }
  if (value === null) return;
  if (ancestors.has(value)) {
    report('is a circular reference');
    return;
  }
  if (Array.isArray(value)) {
    ancestors.add(value);
    // Index loop rather than forEach so holes are visited (as undefined) and refused.
    for (let index = 0; index < value.length; index++) {
      collectProblems(value[index], [...path, index], ancestors, problems);
    }
    ancestors.delete(value);
    return;
  }
  const objectProblem =
    value instanceof Date
      ? `${describeValue(value)} is not a JSON value (store an ISO string)`
      : !isPlainObject(value)
        ? `${describeValue(value)} is not a plain JSON object`
        : Object.getOwnPropertySymbols(value).length > 0
          ? 'has symbol keys, which JSON drops'
          : undefined;
  if (objectProblem !== undefined) {
    report(objectProblem);
    return;
  }
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem !== undefined)
      problems.push({ path: [...path, key], message: `key ${keyProblem}`, input: key });
    collectProblems(child, [...path, key], ancestors, problems);
  }
  ancestors.delete(value);
}

/** Values the quick check looks at before leaving the rest to the full walk. */
const QUICK_CHECK_BUDGET = 100_000;
let quickCheckBudget = 0;

/**
 * True when `collectProblems` would find nothing, checked without allocating paths, closures
 * or a set: every write validates its JSON, and valid JSON is the common case. A cycle is not
 * detected here: it runs into the depth limit or the budget (an object holding itself twice
 * would otherwise be walked 2^100 times), and the full walk then reports it.
 */
function isStorableJson(value: unknown, depth: number): boolean {
  if (depth >= MAX_JSON_DEPTH || --quickCheckBudget < 0) return false;
  switch (typeof value) {
    case 'string':
      return textProblem(value) === undefined;
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!isStorableJson(value[index], depth + 1)) return false;
    }
    return true;
  }
  if (value instanceof Date || !isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) {
    return false;
  }
  for (const key of Object.keys(value)) {
    if (textProblem(key) !== undefined) return false;
    if (!isStorableJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Every reason `value` is not storable JSON, each with the path to the offending part. */
export function jsonProblems(value: unknown): JsonProblem[] {
  const problems: JsonProblem[] = [];
  quickCheckBudget = QUICK_CHECK_BUDGET;
  if (isStorableJson(value, 0)) return problems;
  collectProblems(value, [], new Set(), problems);
  return problems;
}

function addJsonProblems(value: unknown, ctx: z.RefinementCtx): void {
  for (const { path, message, input } of jsonProblems(value))
    ctx.addIssue({ code: 'custom', path, message, input });
}

/**
 * Any JSON value; strings (keys included) must be storable text. Refuses undefined,
 * functions, NaN and Infinity, bigint, Dates, class instances and circular references.
 */
export const jsonValueSchema = z.custom<JsonValue>().superRefine(addJsonProblems);

/** A JSON object (not an array or null) whose keys and values obey `jsonValueSchema`. */
export const jsonObjectSchema = z.custom<JsonObject>().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    // A type issue (not a custom one) so a missing field reads "is required" like any other.
    ctx.addIssue({ code: 'invalid_type', expected: 'object', input: value });
    return;
  }
  addJsonProblems(value, ctx);
});
