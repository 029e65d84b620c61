import type { Driver } from '@itinerary/db-core';

/** Progress of a `migrate` run, for the migrator's output. */
export type MigrationEvent =
  /** Another migrator holds the lock; sent once, when the wait begins. */
  | { type: 'lock-wait'; driver: Driver; lockName: string; lockTimeoutMs: number }
  | { type: 'lock-acquired'; driver: Driver; lockName: string; waitedMs: number }
  | { type: 'migration-start'; version: number; name: string; label: string; statements: number }
  | { type: 'migration-applied'; version: number; name: string; label: string; durationMs: number }
  /** The run finished: `applied` migrations applied (0 in a dry run, which `planned` would). */
  | {
      type: 'done';
      dryRun: boolean;
      planned: number;
      applied: number;
      currentVersion: number | null;
      durationMs: number;
    };

/** Sends events to the caller's listener without letting a failing listener break a run mid-migration. */
export function eventSink(
  onEvent: ((event: MigrationEvent) => void) | undefined,
): (event: MigrationEvent) => void {
  if (!onEvent) return () => undefined;
  return (event) => {
    try {
      onEvent(event);
    } catch {
      // A progress printer that throws must not leave a MySQL migration half-applied.
    }
  };
}
