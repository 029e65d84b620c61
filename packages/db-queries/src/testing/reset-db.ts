import type { Executor } from '@itinerary/db-core';

// Children before parents, so no foreign key is ever violated on any dialect.
const TABLES = [
  'constraint_violations',
  'orchestrator_stats',
  'scheduler_stats',
  'job_actions',
  'job_runs',
  'jobs',
  'actions',
  'constraints',
] as const;

/** Empties every table of the schema (the migration history stays), in one transaction. */
export async function resetDb(db: Executor): Promise<void> {
  await db.withTransaction(async (tx) => {
    for (const table of TABLES) await tx.exec(`DELETE FROM ${table}`);
  });
}
