import { type Database, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, type DialectTarget, type ScratchDatabase } from '@itinerary/db-core/testing';
import { migrate } from '@itinerary/db-schema';
import { afterAll, beforeAll } from 'vitest';

/**
 * Gives the calling test file a migrated database of its own on `target` for all its tests,
 * dropped afterwards. Returns a getter, as the database exists only once `beforeAll` ran.
 */
export function useMigratedDatabase(target: DialectTarget): () => Database {
  let scratch: ScratchDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase(target);
    db = await openWithConfig(scratch.config);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });
  return () => {
    if (!db) throw new Error('the database is not open yet');
    return db;
  };
}
