import type { FieldPacket } from 'mysql2';
import type { Row } from '../../executor.js';

const TYPE_TINY = 1;
const TYPE_LONGLONG = 8;

/**
 * Decodes what mysql2 leaves in MySQL's own form: BOOLEAN (TINYINT(1)) as boolean, and a BIGINT
 * beyond 2^53 (which `supportBigNumbers` hands over as exact text) as bigint. Built from the
 * result's column metadata after the rows are parsed, because a mysql2 `typeCast` function
 * would switch off its compiled row parser and make every read several times slower.
 */
export function mysqlRowDecoder(
  fields: readonly FieldPacket[] | undefined,
): ((row: Row) => void) | undefined {
  if (!fields) return undefined;
  const booleans: string[] = [];
  const bigints: string[] = [];
  for (const field of fields) {
    if (field.columnType === TYPE_TINY && field.columnLength === 1) booleans.push(field.name);
    else if (field.columnType === TYPE_LONGLONG) bigints.push(field.name);
  }
  if (booleans.length === 0 && bigints.length === 0) return undefined;
  return (row) => {
    for (const name of booleans) {
      const v = row[name];
      if (v !== null && v !== undefined) row[name] = v !== 0 && v !== '0';
    }
    for (const name of bigints) {
      const v = row[name];
      if (typeof v === 'string') row[name] = BigInt(v);
    }
  };
}
