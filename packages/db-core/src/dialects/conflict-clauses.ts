import { UsageError } from '../errors.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Column names go into SQL text, so only plain lower-case identifiers are accepted. */
function columns(names: readonly string[]): readonly string[] {
  for (const name of names) {
    if (!IDENTIFIER.test(name)) throw new UsageError(`"${name}" is not a plain column name`);
  }
  if (names.length === 0) throw new UsageError('a conflict clause needs at least one column');
  return names;
}

/** `ON CONFLICT … DO UPDATE`, as PostgreSQL and SQLite write it. */
export function onConflictDoUpdate(conflict: readonly string[], update: readonly string[]): string {
  const set = columns(update).map((c) => `${c} = excluded.${c}`);
  return `ON CONFLICT (${columns(conflict).join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

/** `ON CONFLICT … DO NOTHING`, as PostgreSQL and SQLite write it. */
export function onConflictDoNothing(conflict: readonly string[]): string {
  return `ON CONFLICT (${columns(conflict).join(', ')}) DO NOTHING`;
}

/** MySQL's `ON DUPLICATE KEY UPDATE`, taking the values the INSERT carried. */
export function onDuplicateKeyUpdate(update: readonly string[]): string {
  return `ON DUPLICATE KEY UPDATE ${columns(update)
    .map((c) => `${c} = VALUES(${c})`)
    .join(', ')}`;
}

/** MySQL's no-op update, which skips a duplicate without INSERT IGNORE's hiding of other errors. */
export function onDuplicateKeyKeep(conflict: readonly string[]): string {
  const first = columns(conflict)[0] as string;
  return `ON DUPLICATE KEY UPDATE ${first} = ${first}`;
}
