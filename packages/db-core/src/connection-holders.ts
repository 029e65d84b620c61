import { AsyncLocalStorage } from 'node:async_hooks';

/** A connection that the current async context holds until `active` turns false. */
export interface ConnectionHold {
  readonly owner: object;
  active: boolean;
}

const holds = new AsyncLocalStorage<readonly ConnectionHold[]>();

/**
 * Runs `fn` marked as holding one of `hold.owner`'s connections, so a call on the owner from
 * inside it can tell that waiting for another connection may mean waiting for itself. Whoever
 * hands the connection back sets `hold.active` to false. Returns what `fn` returns, unwrapped:
 * a transaction on SQLite makes no promise here.
 */
export function runHolding<T>(hold: ConnectionHold, fn: () => T): T {
  return holds.run([...(holds.getStore() ?? []), hold], fn);
}

/** True when the current async context holds one of `owner`'s connections. */
export function isHolding(owner: object): boolean {
  return holds.getStore()?.some((hold) => hold.owner === owner && hold.active) ?? false;
}
