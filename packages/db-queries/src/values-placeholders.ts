/**
 * The `(?, ?, …), (?, ?, …)` list of a multi-row INSERT for `rows` rows of `columns` values:
 * only placeholders are generated, the values themselves are always bound.
 */
export function valuesPlaceholders(rows: number, columns: number): string {
  const group = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => group).join(', ');
}

/** `?, ?, …` for an `IN (…)` list of `count` values. */
export function listPlaceholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
