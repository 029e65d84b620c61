import type { Dialect } from './dialects/dialect.js';
import { UsageError } from './errors.js';

interface Compiled {
  text: string;
  placeholderCount: number;
  /** Set when the statement is refused whatever its parameters. */
  refusal?: string | undefined;
}

const CACHE_LIMIT = 2000;
const caches = new WeakMap<Dialect, Map<string, Compiled>>();

/**
 * Turns the layer's `?` placeholders into the driver's form (PostgreSQL numbers them) and
 * checks that the caller bound exactly one value per placeholder. A `?` is found the way the
 * dialect's server reads the text, so one inside a literal, quoted identifier or comment is
 * left alone; a parameter in the server's own syntax (`$1`, `?1`, `:name`) is refused, since
 * the layer would not bind it. Results are cached per SQL text, since repositories run the
 * same few statements many times.
 */
export function compileSql(dialect: Dialect, sql: string, paramCount: number): string {
  if (typeof sql !== 'string' || sql.trim() === '') {
    throw new UsageError('the SQL statement is empty or not a string');
  }
  let cache = caches.get(dialect);
  if (!cache) {
    cache = new Map();
    caches.set(dialect, cache);
  }
  let compiled = cache.get(sql);
  if (!compiled) {
    compiled = compile(dialect, sql);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(sql, compiled);
  }
  if (compiled.refusal !== undefined) throw new UsageError(compiled.refusal);
  if (compiled.placeholderCount !== paramCount) {
    throw new UsageError(
      `the statement has ${compiled.placeholderCount} placeholder(s) but ${paramCount} parameter(s) were given: ${sql.slice(0, 200)}`,
    );
  }
  return compiled.text;
}

function compile(dialect: Dialect, sql: string): Compiled {
  const { placeholders, foreign, refusal } = dialect.sqlLexer.scan(sql);
  const first = foreign[0];
  if (first) {
    return {
      text: sql,
      placeholderCount: placeholders.length,
      refusal: `the statement uses the parameter ${first.text} (offset ${first.offset}), ${dialect.driver}'s own parameter syntax, which the layer does not bind: write ? for every parameter${dialect.placeholder(1) === '?' ? '' : ' (the layer numbers them)'}: ${sql.slice(0, 200)}`,
    };
  }
  if (refusal !== undefined)
    return { text: sql, placeholderCount: placeholders.length, refusal: `${refusal}: ${sql.slice(0, 200)}` };
  if (placeholders.length === 0 || dialect.placeholder(1) === '?') {
    return { text: sql, placeholderCount: placeholders.length };
  }
  let text = '';
  let from = 0;
  placeholders.forEach((offset, i) => {
    // The server read `?` as a token of its own; `$n` glued to a name or a digit would not
    // be one (`x?` would become the identifier `x$1`, `?1` the parameter `$11`), so a space
    // keeps it apart.
    const before = offset > 0 && isNameChar(sql.charCodeAt(offset - 1)) ? ' ' : '';
    const after = isNameChar(sql.charCodeAt(offset + 1)) ? ' ' : '';
    text += sql.slice(from, offset) + before + dialect.placeholder(i + 1) + after;
    from = offset + 1;
  });
  text += sql.slice(from);
  return { text, placeholderCount: placeholders.length };
}

/** A character that continues a name or number (letters, digits, `_`, `$`, non-ASCII). */
function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128
  );
}
