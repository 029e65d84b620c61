import { createHash } from 'node:crypto';

/**
 * Removes a leading BOM and turns CRLF and lone CR into LF, so a file checked out with
 * different line endings (git autocrlf) or saved by an editor that adds a BOM is the same
 * migration and not an edit.
 */
export function normaliseSql(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** sha256 (hex) of a migration's normalised text. */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(normaliseSql(text), 'utf8').digest('hex');
}
