import { type DbError, type Executor, LostUpdateError } from '@itinerary/db-core';
import { checkTimestamp } from './arguments.js';
import { layerNow } from './clock.js';
import { notFound } from './not-found.js';

/** What a get returned beyond the input fields: accepted by an update, never written by it. */
export interface ReadBackFields {
  /** Ignored: the layer set it when the row was created. */
  createdAt?: Date;
  /** The version the update is based on: when given, an update of a row changed since is refused. */
  updatedAt?: Date;
}

/**
 * Splits an update's input into the fields to validate and the version it was based on, so the
 * object a get returned can be passed back as it is (read-modify-write).
 */
export function splitVersion<T extends object>(
  input: T & ReadBackFields,
): { fields: Omit<T, keyof ReadBackFields>; expected: Date | undefined } {
  const { createdAt: _createdAt, updatedAt, ...fields } = input;
  return {
    fields: fields as Omit<T, keyof ReadBackFields>,
    expected: updatedAt === undefined ? undefined : checkTimestamp(updatedAt, 'updatedAt'),
  };
}

/**
 * The `updatedAt` an update writes: the layer's clock, and always later than the version it
 * replaces, so another process whose clock is behind cannot write a version already seen.
 */
export function nextVersion(expected: Date | undefined): Date {
  const now = layerNow();
  return expected !== undefined && now.getTime() <= expected.getTime()
    ? new Date(expected.getTime() + 1)
    : now;
}

/**
 * The error for an update that matched no row: `NotFoundError` when the row is gone, and
 * `LostUpdateError` when it exists but its `updated_at` is no longer `expected`.
 */
export async function missedUpdate(
  db: Executor,
  table: 'jobs' | 'constraints',
  entity: string,
  id: string,
  expected: Date | undefined,
): Promise<DbError> {
  if (expected === undefined) return notFound(entity, { id });
  const [row] = await db.query<{ updated_at: Date }>(`SELECT updated_at FROM ${table} WHERE id = ?`, [id]);
  if (!row) return notFound(entity, { id });
  return new LostUpdateError(
    `${entity} ${JSON.stringify(id)} changed since it was read (updatedAt ${expected.toISOString()}, now ${row.updated_at.toISOString()}); read it again and reapply the change`,
    { code: 'LOST_UPDATE', table, expected, actual: row.updated_at, driver: db.driver },
  );
}
