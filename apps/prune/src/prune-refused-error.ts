import { DbError } from '@itinerary/db-core';

/** The database cannot be pruned as it is (it has no Itinerary schema); nothing was deleted. */
export class PruneRefusedError extends DbError {
  override name = 'PruneRefusedError';

  constructor(message: string) {
    super(message, { code: 'SCHEMA_NOT_MIGRATED' });
  }
}
