import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { open } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import {
  type PrivateServer,
  privateServerProblem,
  startPrivateServer,
} from '@itinerary/db-core/testing/private-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsWith, startCli } from './cli.test-support.js';

// The fault: a migrator SIGKILLed during a long statement. PostgreSQL only ends the
// session (and its advisory lock) when it notices the client is gone, which without
// client_connection_check_interval (PostgreSQL 14+) is when the statement finishes. A private
// server, so the shared one's sessions and settings are never involved.

/** Longer than the test may wait: if the lock lasts as long as the statement, the test fails. */
const LONG_STATEMENT_S = 40;
/** The lock must be gone within this long of the kill. */
const LOCK_BOUND_MS = 5000;

const postgres = dialectTargets().find((t) => t.name === 'postgres');
const problem = privateServerProblem('postgres');
if (postgres?.available && problem) console.warn(`[postgres] killed-migrator test skipped: ${problem}`);

describe.skipIf(!postgres?.available || problem !== undefined)(
  '[postgres] a migrator killed mid-statement',
  () => {
    let server: PrivateServer | undefined;
    let databaseUrl = '';

    beforeAll(async () => {
      server = await startPrivateServer('postgres');
      const admin = await open('postgres', server.url);
      try {
        await admin.exec('CREATE DATABASE itinerary_killed');
      } finally {
        await admin.close();
      }
      const url = new URL(server.url);
      url.pathname = '/itinerary_killed';
      databaseUrl = url.toString();
    }, 90_000);
    afterAll(async () => {
      await server?.destroy();
    }, 60_000);

    it('SIGKILL during a long migration: its advisory lock and its statement end within seconds, not when the statement would have finished', {
      timeout: 60_000,
    }, async () => {
      const dir = await migrationsWith('postgres', {
        '0101_long.sql': `SELECT pg_sleep(${LONG_STATEMENT_S});`,
      });
      const watcher = await open('postgres', databaseUrl);
      try {
        const run = startCli(['up', '--json', '--database-url', databaseUrl, '--migrations-dir', dir]);
        let seen = '';
        run.stdout?.on('data', (chunk) => {
          seen += chunk;
        });
        const deadline = Date.now() + 30_000;
        while (!/"migration-start".*"version":101/.test(seen)) {
          if (Date.now() > deadline) throw new Error(`the migrator never started migration 101: ${seen}`);
          await sleep(25);
        }
        const advisoryLocks = async () =>
          Number(
            (
              await watcher.query<{ n: number }>(
                "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted",
              )
            )[0]?.n,
          );
        expect(await advisoryLocks()).toBe(1);
        run.kill('SIGKILL');
        const killedAt = performance.now();
        await run.result;
        while ((await advisoryLocks()) > 0) {
          if (performance.now() - killedAt > LOCK_BOUND_MS * 3) break;
          await sleep(50);
        }
        const lockLastedMs = Math.round(performance.now() - killedAt);
        console.info(`[postgres] killed migrator: its lock ended ${lockLastedMs} ms after SIGKILL`);
        expect(lockLastedMs).toBeLessThan(LOCK_BOUND_MS);
        // The server ended the killed migrator's session, not only released the lock.
        const sessions = await watcher.query<{ n: number }>(
          "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()",
        );
        expect(Number(sessions[0]?.n)).toBe(0);
      } finally {
        await watcher.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
