import { z } from 'zod';
import { describeValue } from '../describe-value.js';

/** Longest id, in characters: ids are keys, and MySQL can only index a bounded VARCHAR. */
export const MAX_ID_LENGTH = 255;
/** Longest display name, in characters. */
export const MAX_NAME_LENGTH = 255;
/** Most UTF-8 bytes of free text in a TEXT column: MySQL's TEXT holds 65,535, the least of the three. */
export const MAX_TEXT_BYTES = 65_535;

// In a /u regex a surrogate pair is one code point outside this range, so only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const EDGE_WHITESPACE = /^\s|\s$/;

/** Why `text` cannot be stored on every database, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\0')) {
    return `${describeValue(text)} contains a NUL character (U+0000), which PostgreSQL cannot store`;
  }
  // isWellFormed is native and several times faster than the regex, which only names the culprit.
  const surrogate = text.isWellFormed() ? null : LONE_SURROGATE.exec(text);
  if (surrogate) {
    const codeUnit = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `${describeValue(text)} contains a lone surrogate (U+${codeUnit}), so it is not well-formed Unicode`;
  }
  return undefined;
}

/** Why `text` does not fit a TEXT column on every database, or undefined when it does. */
export function textColumnProblem(text: string): string | undefined {
  return textProblem(text) ?? bytesProblem(text);
}

function bytesProblem(text: string): string | undefined {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so only long text needs counting.
  if (text.length * 3 <= MAX_TEXT_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_TEXT_BYTES) return undefined;
  return `${describeValue(text)} is ${bytes} bytes in UTF-8, more than the ${MAX_TEXT_BYTES} a TEXT column holds on MySQL`;
}

/** Why `text` is not a usable id, or undefined when it is. */
export function idProblem(text: string): string | undefined {
  if (text === '') return 'must not be empty';
  // MariaDB's utf8mb4_bin pads trailing spaces, so 'a' and 'a ' would be the same key there only.
  if (EDGE_WHITESPACE.test(text)) return `${describeValue(text)} must not start or end with whitespace`;
  return lengthProblem(text, MAX_ID_LENGTH) ?? textProblem(text);
}

/** Why `text` is not a usable display name, or undefined when it is. */
export function nameProblem(text: string): string | undefined {
  if (text.trim() === '') return `${describeValue(text)} must not be empty or blank`;
  return lengthProblem(text, MAX_NAME_LENGTH) ?? textProblem(text);
}

function lengthProblem(text: string, max: number): string | undefined {
  // Databases count characters (code points); UTF-16 length is an upper bound, so count only when needed.
  if (text.length <= max) return undefined;
  const length = [...text].length;
  return length > max ? `${describeValue(text)} is longer than ${max} characters` : undefined;
}

/** A string schema that reports the first problem `problemOf` finds. */
export function stringWithRule(problemOf: (text: string) => string | undefined): z.ZodString {
  return z.string().superRefine((text, ctx) => {
    const problem = problemOf(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: text });
  });
}

/** Any string every database stores unchanged: no NUL character and well-formed UTF-16. */
export const textSchema = stringWithRule(textProblem);
/**
 * Free text stored in a TEXT column (a run's error, the action a violation took): storable
 * text of at most MAX_TEXT_BYTES UTF-8 bytes, so every database keeps all of it or none.
 */
export const textColumnSchema = stringWithRule(textColumnProblem);
/** A key: non-empty, at most 255 characters, no edge whitespace, storable text. */
export const idSchema = stringWithRule(idProblem);
/** A display name: not blank, at most 255 characters, storable text. */
export const nameSchema = stringWithRule(nameProblem);
