import type { Database } from '@itinerary/db-core';
import { status } from '@itinerary/db-schema';
import { EXIT } from './exit-codes.js';
import { SeedRefusedError } from './seed-refused-error.js';

const RUN_MIGRATOR = 'run `itinerary-migrate up` first (same connection options)';

/**
 * Refuses a database whose schema is missing, behind the packaged migrations, or whose
 * migration history has problems: rows written there would fail or land in the wrong shape.
 */
export async function assertMigrated(db: Database): Promise<void> {
  const s = await status(db);
  if (s.currentVersion === null) {
    throw new SeedRefusedError(
      'SCHEMA_NOT_MIGRATED',
      EXIT.notMigrated,
      `the database has no Itinerary schema (no migration applied): ${RUN_MIGRATOR}`,
    );
  }
  if (s.problems.length > 0) {
    const problems = s.problems.map((p) => p.message).join('; ');
    throw new SeedRefusedError(
      'SCHEMA_NOT_MIGRATED',
      EXIT.notMigrated,
      `the database's migration history has problems (${problems}): see \`itinerary-migrate status\`, and once they are fixed ${RUN_MIGRATOR}`,
    );
  }
  if (s.pending.length > 0) {
    const labels = s.pending.map((m) => m.label).join(', ');
    throw new SeedRefusedError(
      'SCHEMA_NOT_MIGRATED',
      EXIT.notMigrated,
      `the database is not fully migrated (at version ${s.currentVersion}, pending: ${labels}): ${RUN_MIGRATOR}`,
    );
  }
}
