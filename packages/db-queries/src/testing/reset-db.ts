import type { Executor } from '@itinerary/db-core';
import { SCHEMA_TABLES } from '@itinerary/db-schema';

/** Empties every table of the schema (the migration history stays), in one transaction. */
export async function resetDb(db: Executor): Promise<void> {
  await db.withTransaction(async (tx) => {
    // Children before parents, so no foreign key is ever violated on any dialect.
    for (const table of [...SCHEMA_TABLES].reverse()) await tx.exec(`DELETE FROM ${table}`);
  });
}
