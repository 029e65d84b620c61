import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_TIMEOUT_MARGIN_MS } from './config.js';
import type { Database } from './database.js';
import { ConnectionError } from './errors.js';
import { open, openWithConfig } from './open.js';
import { dialectTargets } from './testing/index.js';
import { exitCleanUps } from './testing/local-processes.js';
import { type PrivateServer, privateServerProblem, startPrivateServer } from './testing/private-server.js';

// The fault of the issue: a server that stops answering (SIGSTOP), the whole server or one
// backend, with statementTimeoutMs 2000. Only a private server's own processes are ever
// stopped, identified by PID (its postmaster.pid, its child list, pg_backend_pid()), and
// every stopped PID is resumed in `finally`, in afterEach and at exit.

const STATEMENT_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 2000;
const ACQUIRE_TIMEOUT_MS = 3000;
/** Room for a loaded 2-core machine above each bound; the bounds themselves are asserted from below too. */
const SLACK_MS = 2000;

const stoppedPids = new Set<number>();
const resumeAll = () => {
  for (const pid of stoppedPids) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Gone already.
    }
  }
  stoppedPids.clear();
};
exitCleanUps.add(resumeAll);

/** Stops `pids` (resumed by `whileStopped`, afterEach or at exit). */
function stop(pids: readonly number[]): void {
  for (const pid of pids) {
    stoppedPids.add(pid);
    process.kill(pid, 'SIGSTOP');
  }
}

/** Runs `fn` with `pids` stopped; they are resumed however `fn` ends. */
async function whileStopped<T>(pids: readonly number[], fn: () => Promise<T>): Promise<T> {
  try {
    stop(pids);
    return await fn();
  } finally {
    resumeAll();
  }
}

/** The PIDs of `parent`'s children, from /proc: a PostgreSQL postmaster's backends and workers. */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // The process ended while listing.
    }
  }
  return children;
}

/** How long `fn` takes to settle, and the error it rejected with. */
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  let error: unknown;
  try {
    await fn();
  } catch (err) {
    error = err;
  }
  return { ms: Math.round(performance.now() - started), error };
}

const STATEMENT_BOUND_MS = STATEMENT_TIMEOUT_MS + STATEMENT_TIMEOUT_MARGIN_MS;

for (const target of dialectTargets().filter((t) => t.name === 'postgres' || t.name === 'mysql')) {
  const driver = target.driver as 'postgres' | 'mysql';
  const problem = privateServerProblem(driver);
  if (target.available && problem) console.warn(`[${driver}] frozen-server tests skipped: ${problem}`);

  describe.skipIf(!target.available || problem !== undefined)(
    `[${driver}] a server that stops answering`,
    () => {
      let server: PrivateServer | undefined;
      let dsn = '';
      const opened: Database[] = [];
      const openDb = async (
        overrides: Parameters<typeof openWithConfig>[0] extends infer C ? Partial<C> : never,
      ) => {
        const db = await openWithConfig({
          driver,
          dsn,
          maxOpenConns: 4,
          statementTimeoutMs: STATEMENT_TIMEOUT_MS,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
          ...overrides,
        });
        opened.push(db);
        return db;
      };
      const report = (fault: string, ms: number) => console.info(`[${driver}] ${fault}: settled in ${ms} ms`);

      beforeAll(async () => {
        server = await startPrivateServer(driver);
        const admin = await open(driver, server.url);
        try {
          await admin.exec('CREATE DATABASE itinerary_frozen');
          const url = new URL(server.url);
          url.pathname = '/itinerary_frozen';
          dsn = url.toString();
        } finally {
          await admin.close();
        }
        const setup = await open(driver, dsn);
        try {
          await setup.exec('CREATE TABLE item (id VARCHAR(64) PRIMARY KEY)');
        } finally {
          await setup.close();
        }
      }, 90_000);
      afterEach(resumeAll);
      afterAll(async () => {
        resumeAll();
        // A pool whose connections the layer destroyed closes at once; close them before the server goes.
        await Promise.allSettled(opened.map((db) => db.close()));
        await server?.destroy();
      }, 60_000);

      const serverPids = (): number[] => {
        const main = server?.pid();
        if (main === undefined) throw new Error('the private server is not running');
        // mariadbd's sessions are threads of one process: stopping it stops them all.
        return driver === 'postgres' ? [main, ...childrenOf(main)] : [main];
      };

      // Registered on PostgreSQL only: MariaDB's sessions are threads of one process, so a
      // stopped backend is the stopped server below, and a skipped test would read as a gap.
      if (driver === 'postgres')
        it('a stopped backend: the statement fails with ConnectionError after statementTimeoutMs + margin, and the next one runs on another connection', {
          timeout: 30_000,
        }, async () => {
          const db = await openDb({});
          const backend = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]
            ?.pid as number;
          // The backend is a child of this private server's postmaster, never anyone else's process.
          expect(childrenOf(server?.pid() as number)).toContain(backend);
          await whileStopped([backend], async () => {
            const { ms, error } = await timed(() => db.query('SELECT 1'));
            report('stopped backend, statement', ms);
            expect(error).toBeInstanceOf(ConnectionError);
            expect(error).toMatchObject({ code: 'SERVER_NOT_ANSWERING' });
            expect(ms).toBeGreaterThanOrEqual(STATEMENT_BOUND_MS - 50);
            expect(ms).toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);
            // Still stopped: the discarded connection is not lent again.
            const next = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
            expect(next[0]?.pid).not.toBe(backend);
          });
        });

      if (driver === 'postgres')
        it('a stopped backend inside withTransaction: the call fails within the bound and nothing of the transaction is kept', {
          timeout: 30_000,
        }, async () => {
          const db = await openDb({});
          const { ms, error } = await timed(() =>
            db.withTransaction(async (tx) => {
              await tx.exec("INSERT INTO item (id) VALUES ('tx-before')");
              const backend = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]
                ?.pid as number;
              expect(childrenOf(server?.pid() as number)).toContain(backend);
              await whileStopped([backend], () => tx.exec("INSERT INTO item (id) VALUES ('tx-during')"));
            }),
          );
          report('stopped backend, withTransaction', ms);
          expect(error).toBeInstanceOf(ConnectionError);
          expect(ms).toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);
          const rows = await db.query("SELECT id FROM item WHERE id LIKE 'tx-%'");
          expect(rows).toEqual([]);
        });

      it('a stopped server mid-stream: iterate() rejects with ConnectionError within statementTimeoutMs + margin of its last batch', {
        timeout: 30_000,
      }, async () => {
        const db = await openDb({});
        const rows =
          driver === 'postgres'
            ? 'SELECT n FROM generate_series(1, 300000) AS s(n)'
            : // MariaDB's Sequence engine (a recursive CTE stops at max_recursive_iterations, 1000).
              'SELECT seq AS n FROM seq_1_to_300000';
        let read = 0;
        let lastRowAt = 0;
        const outcome = await timed(() =>
          whileStopped([], async () => {
            for await (const _row of db.iterate(rows, [], { batchSize: 100 })) {
              read++;
              lastRowAt = performance.now();
              if (read === 100) stop(serverPids());
            }
          }),
        );
        const afterLastRow = Math.round(performance.now() - lastRowAt);
        report(`stopped server mid-stream (${read} rows read), after the last row`, afterLastRow);
        expect(outcome.error).toBeInstanceOf(ConnectionError);
        expect(read).toBeGreaterThanOrEqual(100);
        expect(read).toBeLessThan(300000);
        expect(afterLastRow).toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);
      });

      it('a stopped server: a statement fails after statementTimeoutMs + margin, a new connection after connectTimeoutMs, and both with ConnectionError; it recovers when resumed', {
        timeout: 60_000,
      }, async () => {
        const db = await openDb({});
        await db.query('SELECT 1');
        // The settings: acquireTimeoutMs 3000 with the default connectTimeoutMs (10 s).
        const patient = await openDb({ connectTimeoutMs: undefined });
        await whileStopped(serverPids(), async () => {
          const statement = await timed(() => db.query('SELECT 1'));
          report('stopped server, statement on an open connection', statement.ms);
          expect(statement.error).toBeInstanceOf(ConnectionError);
          expect(statement.error).toMatchObject({ code: 'SERVER_NOT_ANSWERING' });
          expect(statement.ms).toBeGreaterThanOrEqual(STATEMENT_BOUND_MS - 50);
          expect(statement.ms).toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);

          const connect = await timed(() => db.query('SELECT 1'));
          report('stopped server, new connection', connect.ms);
          expect(connect.error).toBeInstanceOf(ConnectionError);
          expect(connect.error).toMatchObject({ code: 'CONNECT_TIMEOUT' });
          expect((connect.error as Error).message).toMatch(
            /did not answer within 2000 ms \(connectTimeoutMs\)/,
          );
          expect(connect.ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
          expect(connect.ms).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);

          // Not a PoolTimeoutError: the pool had room, the server did not answer the handshake.
          const acquire = await timed(() => patient.query('SELECT 1'));
          report('stopped server, new connection, acquireTimeoutMs < connectTimeoutMs', acquire.ms);
          expect(acquire.error).toBeInstanceOf(ConnectionError);
          expect(acquire.error).toMatchObject({ code: 'CONNECT_TIMEOUT' });
          expect(acquire.ms).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 50);
          expect(acquire.ms).toBeLessThan(ACQUIRE_TIMEOUT_MS + SLACK_MS);
        });
        const resumed = await timed(() => db.query('SELECT 1'));
        report('resumed server, first statement', resumed.ms);
        expect(resumed.error).toBeUndefined();
      });
    },
  );
}
