import type { Dialect } from './dialects/dialect.js';
import { UsageError } from './errors.js';
import { scanSql } from './sql-scanner.js';

interface Compiled {
  text: string;
  placeholderCount: number;
}

const CACHE_LIMIT = 2000;
const caches = new WeakMap<Dialect, Map<string, Compiled>>();

/**
 * Turns the layer's `?` placeholders into the driver's form (PostgreSQL numbers them) and
 * checks that the caller bound exactly one value per placeholder. Results are cached per SQL
 * text, since repositories run the same few statements many times.
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
  if (compiled.placeholderCount !== paramCount) {
    throw new UsageError(
      `the statement has ${compiled.placeholderCount} placeholder(s) but ${paramCount} parameter(s) were given: ${sql.slice(0, 200)}`,
    );
  }
  return compiled.text;
}

function compile(dialect: Dialect, sql: string): Compiled {
  const { placeholders } = scanSql(sql, dialect.scanRules);
  if (placeholders.length === 0 || dialect.placeholder(1) === '?') {
    return { text: sql, placeholderCount: placeholders.length };
  }
  let text = '';
  let from = 0;
  placeholders.forEach((offset, i) => {
    text += sql.slice(from, offset) + dialect.placeholder(i + 1);
    from = offset + 1;
  });
  text += sql.slice(from);
  return { text, placeholderCount: placeholders.length };
}
