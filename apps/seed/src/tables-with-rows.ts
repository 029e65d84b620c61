import type { Executor } from '@itinerary/db-core';
import { SEED_TABLES, type SeedTable } from './generator/seed-tables.js';

/** The Itinerary tables that hold at least one row; a probe per table, no full count. */
export async function tablesWithRows(db: Executor): Promise<SeedTable[]> {
  const occupied: SeedTable[] = [];
  for (const table of SEED_TABLES) {
    if ((await db.query(`SELECT 1 AS present FROM ${table} LIMIT 1`)).length > 0) occupied.push(table);
  }
  return occupied;
}
