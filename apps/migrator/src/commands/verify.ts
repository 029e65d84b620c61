import { status as readStatus, verifySchema } from '@itinerary/db-schema';
import { type CommandContext, EXIT } from '../command-runner.js';
import type { ExitCode } from '../exit-codes.js';
import { problemExitCode } from '../problem-exit-code.js';

/**
 * Checks that the history matches the migration files (nothing edited, missing, unknown or
 * half-applied) and that the live schema has every table, column, key and index the applied
 * migrations built.
 */
export async function verify(
  { db, reporter }: CommandContext,
  options: { migrationsDir?: string },
): Promise<ExitCode> {
  const s = await readStatus(
    db,
    options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir },
  );
  for (const p of s.problems) reporter.error(p.message, { code: p.code, version: p.version });
  if (s.problems.length > 0) return problemExitCode(s.problems);
  const schema = await verifySchema(db);
  for (const difference of schema.differences) reporter.error(difference, { code: 'SCHEMA_DRIFT' });
  reporter.event(
    'verify',
    {
      ok: schema.ok,
      currentVersion: s.currentVersion,
      pending: s.pending.length,
      differences: schema.differences,
    },
    schema.ok
      ? `ok: history matches the files and the schema matches version ${s.currentVersion ?? 'none'}${
          s.pending.length > 0 ? ` (${s.pending.length} migration(s) pending)` : ''
        }`
      : undefined,
  );
  return schema.ok ? EXIT.ok : EXIT.drift;
}
