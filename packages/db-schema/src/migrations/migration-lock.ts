import type { Driver, Executor, PinnedConnection } from '@itinerary/db-core';
import type { MigrationEvent } from './migration-events.js';

/** What a run asks of the lock: how long to wait, when to give up, whom to tell. */
export interface LockRequest {
  driver: Driver;
  lockTimeoutMs: number;
  signal: AbortSignal | undefined;
  emit: (event: MigrationEvent) => void;
}

/**
 * One deployer at a time. Each database's lock is taken on one pinned connection and dies
 * with it, so a migrator that crashes never leaves it behind.
 */
export interface MigrationLock {
  /**
   * Waits for the lock (polling, up to `lockTimeoutMs`), runs `fn` holding it and releases it.
   * `fn` gets the executor every statement of the run must go through: the pinned connection
   * itself, or on SQLite the transaction that is the lock.
   */
  withLock<T>(
    conn: PinnedConnection,
    request: LockRequest,
    fn: (executor: Executor) => Promise<T>,
  ): Promise<T>;
  /** True when another session holds the lock now. */
  isHeld(conn: PinnedConnection): Promise<boolean>;
}
