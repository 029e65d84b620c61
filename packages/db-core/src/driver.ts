/** The database drivers the layer speaks to. */
export type Driver = 'postgres' | 'mysql' | 'sqlite3';

/** Every driver name, for validation and for looping over dialects in tests. */
export const DRIVERS: readonly Driver[] = ['postgres', 'mysql', 'sqlite3'];

/** True when `value` names a supported driver. */
export function isDriver(value: unknown): value is Driver {
  return typeof value === 'string' && (DRIVERS as readonly string[]).includes(value);
}
