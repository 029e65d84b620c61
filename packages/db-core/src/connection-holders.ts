import { AsyncLocalStorage } from 'node:async_hooks';

/** A connection that the current async context holds until `active` turns false. */
export interface ConnectionHold {
  readonly owner: object;
  active: boolean;
}

const holds = new AsyncLocalStorage<readonly ConnectionHold[]>();

/**
 * Runs `fn` marked as holding one of `owner`'s connections, so a call on `owner` from inside
 * it can tell that waiting for another connection may mean waiting for itself.
 */
export async function runHolding<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const hold: ConnectionHold = { owner, active: true };
  try {
    return await holds.run([...(holds.getStore() ?? []), hold], fn);
  } finally {
    hold.active = false;
  }
}

/** True when the current async context holds one of `owner`'s connections. */
export function isHolding(owner: object): boolean {
  return holds.getStore()?.some((hold) => hold.owner === owner && hold.active) ?? false;
}
