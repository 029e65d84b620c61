import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from './errors.js';
import { open, openWithConfig } from './open.js';
import { dialectTargets } from './testing/index.js';
import { type PrivateServer, privateServerProblem, startPrivateServer } from './testing/private-server.js';

const WORKERS = 4;
const DOWN_MS = 1000;
/** How soon after the server is back the first statement must succeed again. */
const RECOVERY_BUDGET_MS = 5000;

interface Attempt {
  ids: string[];
  startedAt: number;
  endedAt: number;
  error?: unknown;
}

// Restarting the shared servers would break every other test file running against them, so
// each dialect gets a throw-away server of its own here (SQLite has no server to restart).
for (const target of dialectTargets().filter((t) => t.name === 'postgres' || t.name === 'mysql')) {
  const driver = target.driver as Exclude<typeof target.driver, 'sqlite3'>;
  const problem = privateServerProblem(driver);
  if (target.available && problem) console.warn(`[${driver}] server restart test skipped: ${problem}`);

  describe.skipIf(!target.available || problem !== undefined)(`[${driver}] server restart`, () => {
    let server: PrivateServer | undefined;

    beforeAll(async () => {
      server = await startPrivateServer(driver);
      const admin = await open(driver, server.url);
      try {
        await admin.exec('CREATE DATABASE itinerary_restart');
      } finally {
        await admin.close();
      }
    }, 60_000);
    afterAll(async () => {
      await server?.destroy();
    }, 60_000);

    it('fails with ConnectionError while the server is down, recovers within seconds, and loses no committed write', {
      timeout: 60_000,
    }, async () => {
      const srv = server as PrivateServer;
      const url = new URL(srv.url);
      url.pathname = '/itinerary_restart';
      const db = await openWithConfig({
        driver,
        dsn: url.toString(),
        maxOpenConns: WORKERS,
        acquireTimeoutMs: 2000,
      });
      const attempts: Attempt[] = [];
      let running = true;
      try {
        await db.exec(`CREATE TABLE item (id VARCHAR(64) PRIMARY KEY, worker INTEGER NOT NULL)`);
        // A steady load: single inserts and two-row transactions, every few milliseconds.
        const worker = async (w: number) => {
          for (let n = 0; running; n++) {
            const ids = n % 2 === 0 ? [`w${w}-${n}`] : [`w${w}-${n}a`, `w${w}-${n}b`];
            const attempt: Attempt = { ids, startedAt: Date.now(), endedAt: 0 };
            try {
              if (ids.length === 1)
                await db.exec('INSERT INTO item (id, worker) VALUES (?, ?)', [ids[0] as string, w]);
              else
                await db.withTransaction(async (tx) => {
                  for (const id of ids) await tx.exec('INSERT INTO item (id, worker) VALUES (?, ?)', [id, w]);
                });
            } catch (err) {
              attempt.error = err;
            }
            attempt.endedAt = Date.now();
            attempts.push(attempt);
            await sleep(5);
          }
        };
        const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
        const succeededSince = (t: number) => attempts.filter((a) => !a.error && a.startedAt >= t).length;

        while (succeededSince(0) < 40) await sleep(20);
        await srv.stop();
        const downAt = Date.now();
        await sleep(DOWN_MS);
        const startingAt = Date.now();
        await srv.start();
        const upAt = Date.now();
        while (succeededSince(upAt) === 0 && Date.now() - upAt < RECOVERY_BUDGET_MS * 2) await sleep(10);
        const recoveredAt = Math.min(
          ...attempts.filter((a) => !a.error && a.startedAt >= upAt).map((a) => a.endedAt),
        );
        await sleep(1000);
        running = false;
        await load;

        // While it was down, every statement failed, each with a typed error around the driver's.
        const whileDown = attempts.filter((a) => a.startedAt >= downAt && a.endedAt <= startingAt);
        expect(whileDown.length).toBeGreaterThan(0);
        for (const a of whileDown) {
          expect(a.error).toBeInstanceOf(ConnectionError);
          expect((a.error as ConnectionError).cause).toBeInstanceOf(Error);
        }
        const failures = attempts.filter((a) => a.error);
        for (const a of failures) expect(a.error, String(a.error)).toBeInstanceOf(ConnectionError);

        // Back within seconds, and from then on nothing fails: no dead connection is handed out.
        expect(recoveredAt - upAt).toBeLessThan(RECOVERY_BUDGET_MS);
        const afterRecovery = attempts.filter((a) => a.startedAt >= recoveredAt);
        expect(afterRecovery.length).toBeGreaterThan(20);
        expect(afterRecovery.filter((a) => a.error)).toEqual([]);

        // Every write reported committed is there; anything else there is a write whose commit
        // answer was lost with the connection (it failed with a ConnectionError, outcome unknown).
        const stored = new Set((await db.query<{ id: string }>('SELECT id FROM item')).map((r) => r.id));
        const committed = attempts.filter((a) => !a.error).flatMap((a) => a.ids);
        const unknown = new Set(failures.flatMap((a) => a.ids));
        expect(committed.filter((id) => !stored.has(id))).toEqual([]);
        expect([...stored].filter((id) => !committed.includes(id) && !unknown.has(id))).toEqual([]);
        // A two-row transaction is all or nothing, even when it failed.
        for (const a of failures.filter((f) => f.ids.length === 2)) {
          expect(stored.has(a.ids[0] as string)).toBe(stored.has(a.ids[1] as string));
        }
      } finally {
        running = false;
        // No stuck connection: closing returns promptly once the load has stopped.
        const closed = await Promise.race([db.close().then(() => true), sleep(10_000).then(() => false)]);
        expect(closed).toBe(true);
      }
    });
  });
}
