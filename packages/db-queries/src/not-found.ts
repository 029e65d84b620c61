import { NotFoundError } from '@itinerary/db-core';

/** The error a get, update or delete of a missing row throws, naming what was looked for. */
export function notFound(entity: string, key: Record<string, unknown>): NotFoundError {
  const described = Object.entries(key)
    .map(([name, value]) => `${name} ${value instanceof Date ? value.toISOString() : JSON.stringify(value)}`)
    .join(', ');
  return new NotFoundError(`${entity} not found: ${described}`, { code: 'NOT_FOUND' });
}
