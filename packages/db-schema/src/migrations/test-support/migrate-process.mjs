// A deployer in its own process, for the concurrency tests: runs the built engine against one
// database and prints one JSON line. Usage: node migrate-process.mjs <config JSON> [dir] [run|hold]
// In `hold` mode it stops dead as soon as it holds the migration lock, until it is killed.
import { writeSync } from 'node:fs';
import { openWithConfig } from '@itinerary/db-core';
import { migrate } from '../../../dist/migrations/index.js';

const [config, dir, mode = 'run'] = process.argv.slice(2);
const db = await openWithConfig(JSON.parse(config));
// Deployers started together wait for one moment, so they reach the lock at once instead of
// one after another as their slow start-ups finish.
const startAt = Number(process.env.ITINERARY_DEPLOYER_START_AT ?? 0);
if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
let waited = false;
let exitCode = 0;
try {
  const result = await migrate(db, {
    migrationsDir: dir || undefined,
    lockTimeoutMs: 60_000,
    onEvent(event) {
      if (event.type === 'lock-wait') waited = true;
      if (mode === 'hold' && event.type === 'lock-acquired') {
        writeSync(1, 'LOCKED\n');
        // A synchronous sleep: the process holds the lock and does nothing, like a hung deployer.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
      }
    },
  });
  writeSync(1, `${JSON.stringify({ ok: true, applied: result.applied.map((m) => m.version), waited })}\n`);
} catch (err) {
  writeSync(1, `${JSON.stringify({ ok: false, name: err?.name, code: err?.code, message: err?.message })}\n`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
