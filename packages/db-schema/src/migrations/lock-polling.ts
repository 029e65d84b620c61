import { setTimeout as sleep } from 'node:timers/promises';
import { MigrationCancelledError, MigrationLockTimeoutError } from './migration-errors.js';
import type { LockRequest } from './migration-lock.js';

/** One try at the lock: not free yet, or taken, in which case the guarded work has run. */
export type LockAttempt<T> = { acquired: false } | { acquired: true; value: T };

const FIRST_DELAY_MS = 20;
const MAX_DELAY_MS = 250;

/**
 * Calls `attempt` until it takes the lock, polling with a growing, jittered delay rather than
 * blocking in the server, so the wait has a deadline and can be cancelled. `attempt` calls
 * `onAcquired` as soon as it holds the lock, before running the guarded work.
 */
export async function pollForLock<T>(
  request: LockRequest,
  lockName: string,
  attempt: (onAcquired: () => void) => Promise<LockAttempt<T>>,
): Promise<T> {
  const started = performance.now();
  const deadline = started + request.lockTimeoutMs;
  const onAcquired = () =>
    request.emit({
      type: 'lock-acquired',
      driver: request.driver,
      lockName,
      waitedMs: Math.round(performance.now() - started),
    });
  let delay = FIRST_DELAY_MS;
  for (let tries = 0; ; tries++) {
    if (request.signal?.aborted) throw cancelledWhileWaiting(request);
    const result = await attempt(onAcquired);
    if (result.acquired) return result.value;
    if (tries === 0) {
      request.emit({
        type: 'lock-wait',
        driver: request.driver,
        lockName,
        lockTimeoutMs: request.lockTimeoutMs,
      });
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new MigrationLockTimeoutError({
        driver: request.driver,
        lockTimeoutMs: request.lockTimeoutMs,
        lockName,
      });
    }
    // Jitter keeps several waiting deployers from polling in lockstep.
    const wait = Math.min(remaining, delay * (0.5 + Math.random()));
    delay = Math.min(MAX_DELAY_MS, delay * 1.5);
    try {
      await sleep(wait, undefined, { signal: request.signal });
    } catch {
      throw cancelledWhileWaiting(request);
    }
  }
}

function cancelledWhileWaiting(request: LockRequest): MigrationCancelledError {
  return new MigrationCancelledError({
    driver: request.driver,
    stage: 'lock-wait',
    applied: [],
    remaining: 0,
  });
}
