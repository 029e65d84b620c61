// One scheduler replica in its own process, for the several-replicas test: opens its own
// Database, waits for the common start time, plays its plan (claims, and updates written
// through applyJobRunUpdates in batches) and prints one JSON line with every outcome.
// Usage: node scheduler-replica.mjs <plan JSON file>
import { readFileSync, writeSync } from 'node:fs';
import { openWithConfig } from '@itinerary/db-core';
import { applyJobRunUpdates, claimJobRun } from '../../../dist/index.js';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const revive = (u) => {
  const out = { ...u };
  for (const k of ['scheduledAt', 'startedAt', 'completedAt'])
    if (typeof out[k] === 'number') out[k] = new Date(out[k]);
  return out;
};
const db = await openWithConfig(plan.config);
let exitCode = 0;
try {
  if (plan.startAt > Date.now())
    await new Promise((resolve) => setTimeout(resolve, plan.startAt - Date.now()));
  const claims = [];
  const won = new Set();
  const batches = [];
  let batch = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const sent = batch;
    batch = [];
    const result = await applyJobRunUpdates(db, sent.map(revive));
    batches.push({ sent, result });
  };
  // A step claims a run at once ({ claim }), or queues one update ({ update }); an update of a
  // claimed run ({ update, ifClaimed: true }) is sent only when this replica won the claim, as a
  // scheduler that lost the slot would not run the job. A batch goes when it is full.
  for (const step of plan.steps) {
    if (step.claim) {
      const outcome = await claimJobRun(db, revive(step.claim));
      if (outcome.claimed) won.add(step.claim.runId);
      claims.push({
        runId: step.claim.runId,
        claimed: outcome.claimed,
        key: outcome.claimed ? undefined : outcome.key,
        owner: outcome.claimed ? outcome.run.runId : outcome.existing.runId,
      });
      continue;
    }
    if (step.ifClaimed && !won.has(step.update.runId)) continue;
    batch.push(step.update);
    if (batch.length >= plan.batchSize) await flush();
  }
  await flush();
  writeSync(1, `${JSON.stringify({ ok: true, claims, batches })}\n`);
} catch (err) {
  writeSync(1, `${JSON.stringify({ ok: false, name: err?.name, message: String(err?.message ?? err) })}\n`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
