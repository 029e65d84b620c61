// One scheduler replica of the "N replicas against one" bench, in a process of its own: opens its
// own Database, waits for the common start, writes its plan through applyJobRunUpdates in batches
// and prints one JSON line: when it started and ended, and what it wrote.
// Usage: node replica-process.js <plan JSON file>
import { readFileSync, writeSync } from 'node:fs';
import { type Config, openWithConfig } from '@itinerary/db-core';
import { applyJobRunUpdates } from '@itinerary/db-queries';
import type { JobRunUpdate } from '@itinerary/db-schema';

/** What the parent hands a replica. */
export interface ReplicaPlan {
  config: Config;
  /** Epoch ms at which every replica starts writing. */
  startAt: number;
  batchSize: number;
  /** Updates with dates as epoch ms. */
  updates: Array<Record<string, string | number | boolean | null>>;
}

/** What a replica prints. */
export interface ReplicaOutcome {
  ok: boolean;
  message?: string;
  startedAt: number;
  endedAt: number;
  inserted: number;
  updated: number;
  skipped: number;
}

const DATE_FIELDS = new Set(['scheduledAt', 'startedAt', 'completedAt']);

async function main(): Promise<number> {
  const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as ReplicaPlan;
  const updates = plan.updates.map(
    (u) =>
      Object.fromEntries(
        Object.entries(u).map(([k, v]) => [k, DATE_FIELDS.has(k) && typeof v === 'number' ? new Date(v) : v]),
      ) as unknown as JobRunUpdate,
  );
  const db = await openWithConfig(plan.config);
  const outcome: ReplicaOutcome = { ok: true, startedAt: 0, endedAt: 0, inserted: 0, updated: 0, skipped: 0 };
  try {
    // Connect before the start, as a running scheduler would be.
    await db.ping();
    if (plan.startAt > Date.now())
      await new Promise((resolve) => setTimeout(resolve, plan.startAt - Date.now()));
    outcome.startedAt = Date.now();
    for (let i = 0; i < updates.length; i += plan.batchSize) {
      const result = await applyJobRunUpdates(db, updates.slice(i, i + plan.batchSize));
      outcome.inserted += result.inserted.length;
      outcome.updated += result.updated.length;
      outcome.skipped += result.skipped.length;
    }
    outcome.endedAt = Date.now();
  } catch (err) {
    outcome.ok = false;
    outcome.message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } finally {
    await db.close();
  }
  writeSync(1, `${JSON.stringify(outcome)}\n`);
  return outcome.ok ? 0 : 1;
}

process.exit(await main());
