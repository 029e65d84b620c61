import type { Executor } from '@itinerary/db-core';
import { type SyntheticOptions, syntheticDataSet } from './generator/synthetic-data-set.js';
import { type InsertOptions, type InsertResult, insertBatches } from './insert/bulk-insert.js';

/**
 * Generates a synthetic data set and writes it to `db` with batched multi-row INSERTs: what
 * `itinerary-seed --jobs N --runs-per-job M --seed S` does after its checks. The database must
 * be migrated and must not hold rows with the same keys.
 */
export function seedSyntheticData(
  db: Executor,
  options: SyntheticOptions,
  insertOptions: InsertOptions = {},
): Promise<InsertResult> {
  return insertBatches(db, syntheticDataSet(options).batches(), insertOptions);
}
