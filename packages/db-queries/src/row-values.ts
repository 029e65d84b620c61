/** Encodes a JSON field for binding: the text on every dialect (PostgreSQL casts it to JSONB). */
export function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * Decodes a JSON column: PostgreSQL's JSONB arrives parsed, MariaDB's JSON (LONGTEXT) and
 * SQLite's as text.
 */
export function jsonColumn<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
