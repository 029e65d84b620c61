import { type Database, open } from '@itinerary/db-core';
import { migrate } from '@itinerary/db-schema';

/** An in-memory SQLite database with the real migrations applied; close it when done. */
export async function createTestDb(): Promise<Database> {
  const db = await open('sqlite3', ':memory:');
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
