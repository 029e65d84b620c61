import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { DbError } from './errors.js';
import type { Executor, QueryOptions } from './executor.js';
import { openWithConfig } from './open.js';
import { type StreamingPair, startStreamingPair } from './test-support/streaming-replica.js';
import { dialectTargets } from './testing/index.js';
import { privateServerProblem } from './testing/private-server.js';

const postgres = dialectTargets().find((t) => t.name === 'postgres');
const problem = privateServerProblem('postgres');
if (postgres?.available && problem) console.warn(`[postgres] read replica tests skipped: ${problem}`);

const MAX_LAG_MS = 300;

type Server = {
  standby: boolean;
  port: string;
};

/** Which server answered: the hot standby or the primary, and its port. */
async function serverOf(executor: Executor, options?: QueryOptions): Promise<Server | undefined> {
  const rows = await executor.query<Server>(
    "SELECT pg_is_in_recovery() AS standby, current_setting('port') AS port",
    [],
    options,
  );
  return rows[0];
}

/** Changes a server setting with ALTER SYSTEM (which takes no parameters) and reloads it. */
async function alterSystem(admin: Executor, setting: string): Promise<void> {
  await admin.exec(`ALTER SYSTEM ${setting}`);
  await admin.query('SELECT pg_reload_conf()');
}

/** Polls `check` until it holds, failing after `timeoutMs`. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

// A real hot standby streaming from a private primary (pg_basebackup), so routing, lag and a
// stopped replica are the server's own behaviour, not a simulation.
describe.skipIf(!postgres?.available || problem !== undefined)('[postgres] read replicas', () => {
  let pair: StreamingPair;
  let db: Database;
  let replica: Server;
  const onReplica = async (options: QueryOptions = { readOnly: true }) =>
    (await serverOf(db, options))?.standby === true;

  beforeAll(async () => {
    pair = await startStreamingPair();
    replica = { standby: true, port: String(pair.replicaPort) };
    db = await openWithConfig({
      driver: 'postgres',
      dsn: pair.primaryUrl,
      replicas: [pair.replicaUrl],
      maxReplicaLagMs: MAX_LAG_MS,
      replicaCheckIntervalMs: 50,
      acquireTimeoutMs: 5000,
    });
    await db.exec('CREATE TABLE item (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    await pair.waitForReplay();
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await pair?.destroy();
  }, 60_000);

  it('sends reads marked readOnly, and everything through db.reader, to the replica', async () => {
    expect(await serverOf(db, { readOnly: true })).toEqual(replica);
    expect(await serverOf(db.reader)).toEqual(replica);
    const streamed: boolean[] = [];
    for await (const row of db.iterate<{ standby: boolean }>(
      'SELECT pg_is_in_recovery() AS standby FROM generate_series(1, 5)',
      [],
      { readOnly: true, batchSize: 2 },
    )) {
      streamed.push(row.standby);
    }
    expect(streamed).toEqual([true, true, true, true, true]);
    expect(db.replicaHealth()).toEqual([
      { name: pair.replicaUrl, usable: true, lagMs: expect.any(Number), problem: undefined },
    ]);
  });

  it('sends unmarked statements, writes and transactions to the primary', async () => {
    expect((await serverOf(db))?.standby).toBe(false);
    await db.exec('INSERT INTO item (id, n) VALUES (?, ?)', ['written', 1]);
    expect(await db.query('SELECT n FROM item WHERE id = ?', ['written'])).toEqual([{ n: 1 }]);
    await db.reader.withTransaction(async (tx) => {
      expect((await serverOf(tx, { readOnly: true }))?.standby).toBe(false);
    });
    // readOnly is a routing mark, not a guard: a write marked so goes to the standby, which refuses it.
    await expect(
      db.exec('INSERT INTO item (id, n) VALUES (?, ?)', ['marked', 1], { readOnly: true }),
    ).rejects.toThrow(/cannot execute INSERT in a read-only transaction/);
    expect(await db.query('SELECT id FROM item WHERE id = ?', ['marked'])).toEqual([]);
  });

  it('reads its own writes inside a transaction, readOnly or not', async () => {
    await db.withTransaction(async (tx) => {
      await tx.exec('INSERT INTO item (id, n) VALUES (?, ?)', ['own', 7]);
      expect(await tx.query('SELECT n FROM item WHERE id = ?', ['own'], { readOnly: true })).toEqual([
        { n: 7 },
      ]);
      expect((await serverOf(tx, { readOnly: true }))?.standby).toBe(false);
    });
  });

  it(`skips a replica lagging more than maxReplicaLagMs (${MAX_LAG_MS} ms) for the primary, and returns to it once caught up`, {
    timeout: 60_000,
  }, async () => {
    await pair.pauseReplay();
    try {
      await db.exec('INSERT INTO item (id, n) VALUES (?, ?)', ['late', 1]);
      // While the lag is under the bound the replica still serves reads, without the new row.
      await eventually('reads move to the primary', async () => !(await onReplica()));
      expect(await db.reader.query('SELECT id FROM item WHERE id = ?', ['late'])).toEqual([{ id: 'late' }]);
      const [health] = db.replicaHealth();
      expect(health?.usable).toBe(false);
      expect(health?.problem).toMatch(/replay lag \d+ ms is beyond maxReplicaLagMs \(300 ms\)/);
      expect(health?.lagMs).toBeGreaterThan(MAX_LAG_MS);
    } finally {
      await pair.resumeReplay();
    }
    await pair.waitForReplay();
    await eventually('reads return to the replica', () => onReplica());
    expect(await db.reader.query('SELECT id FROM item WHERE id = ?', ['late'])).toEqual([{ id: 'late' }]);
  });

  it('serves reads from the primary while the replica is stopped, without a failed read, and returns once it is back', {
    timeout: 60_000,
  }, async () => {
    expect(await onReplica()).toBe(true);
    await pair.stopReplica();
    try {
      const failures: unknown[] = [];
      for (let i = 0; i < 20; i++) {
        const server = await serverOf(db, { readOnly: true }).catch((err) => failures.push(err));
        expect(server).toMatchObject({ standby: false });
        await sleep(10);
      }
      expect(failures).toEqual([]);
      const [health] = db.replicaHealth();
      expect(health?.usable).toBe(false);
      expect(health?.problem).toMatch(/ECONNREFUSED|terminat|shut/i);
    } finally {
      await pair.startReplica();
    }
    await eventually('reads return to the replica', () => onReplica());
  });

  it('skips a replica cut off from its primary, though it has replayed all it received', {
    timeout: 60_000,
  }, async () => {
    expect(await onReplica()).toBe(true);
    const admin = await openWithConfig({ driver: 'postgres', dsn: pair.replicaUrl, maxOpenConns: 1 });
    const [{ conninfo } = { conninfo: '' }] = await admin.query<{ conninfo: string }>(
      "SELECT current_setting('primary_conninfo') AS conninfo",
    );
    const setConninfo = (value: string) =>
      alterSystem(admin, `SET primary_conninfo = '${value.replaceAll("'", "''")}'`);
    try {
      // The standby's WAL receiver now dials a port nobody listens on: it receives nothing more.
      await setConninfo('host=127.0.0.1 port=1 connect_timeout=1');
      await db.exec('INSERT INTO item (id, n) VALUES (?, ?)', ['unsent', 1]);
      await eventually('reads move to the primary', async () => !(await onReplica()));
      expect(await db.reader.query('SELECT id FROM item WHERE id = ?', ['unsent'])).toEqual([
        { id: 'unsent' },
      ]);
      expect(db.replicaHealth()[0]?.problem).toMatch(/replay lag \d+ ms is beyond maxReplicaLagMs/);
    } finally {
      await setConninfo(conninfo);
      await admin.close();
    }
    await pair.waitForReplay();
    await eventually('reads return to the replica', () => onReplica());
  });

  it('close() lets a read already routed to the replica finish there', async () => {
    const closing = await openWithConfig({
      driver: 'postgres',
      dsn: pair.primaryUrl,
      replicas: [pair.replicaUrl],
    });
    const read = serverOf(closing, { readOnly: true });
    await closing.close();
    expect(await read).toEqual(replica);
    await expect(serverOf(closing, { readOnly: true })).rejects.toThrow(/the database is closed/);
  });

  it('a statement error on the replica is the caller’s error, not a reason to fall back', async () => {
    const error = await db.query('SELECT * FROM no_such_table', [], { readOnly: true }).catch((e) => e);
    expect(error).toBeInstanceOf(DbError);
    expect(error.message).toMatch(/relation "no_such_table" does not exist/);
    expect(await onReplica()).toBe(true);
  });

  it('serves from the primary a read the replica cancelled to go on replaying (40001), and keeps the replica', {
    timeout: 60_000,
  }, async () => {
    const errors: Array<string | undefined> = [];
    const watched = await openWithConfig({
      driver: 'postgres',
      dsn: pair.primaryUrl,
      replicas: [pair.replicaUrl],
      // No health check after the first, so only the failover itself could mark the replica down.
      replicaCheckIntervalMs: 60_000,
      onQuery: (event) => errors.push(event.error && `${event.error.name} ${event.error.message}`),
    });
    const admin = await openWithConfig({ driver: 'postgres', dsn: pair.replicaUrl, maxOpenConns: 1 });
    const delay = async () =>
      (await admin.query<{ v: string }>("SELECT current_setting('max_standby_streaming_delay') AS v"))[0]?.v;
    try {
      try {
        await watched.exec('CREATE TABLE replayed (n INTEGER)');
        await watched.exec('INSERT INTO replayed (n) VALUES (1), (2)');
        await pair.waitForReplay();
        // How long replay waits for a standby query holding a lock it needs before it cancels the
        // query: 30 s by default.
        await alterSystem(admin, "SET max_standby_streaming_delay = '100ms'");
        await eventually('the standby uses the new delay', async () => (await delay()) === '100ms');
        expect((await serverOf(watched, { readOnly: true }))?.standby).toBe(true);
        errors.length = 0;
        // The read locks the table, then sleeps, on the standby only; on the primary it answers at once.
        const read = watched.query<{ standby: boolean; n: number }>(
          `SELECT pg_is_in_recovery() AS standby, c.n
             FROM (SELECT count(*)::int AS n FROM replayed) c,
                  pg_sleep(CASE WHEN pg_is_in_recovery() THEN 10 ELSE 0 END)`,
          [],
          { readOnly: true },
        );
        await eventually('the read sleeps on the standby', async () => {
          const sleeping = await admin.query(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%FROM replayed%'",
          );
          return sleeping.length === 1;
        });
        // ALTER TABLE's exclusive lock is replayed on the standby, where the sleeping read holds the table.
        await watched.exec('ALTER TABLE replayed ADD COLUMN m INTEGER');
        expect(await read).toEqual([{ standby: false, n: 2 }]);
        expect(errors.filter(Boolean)).toEqual([
          expect.stringMatching(/^TransactionConflictError .*conflict with recovery/),
        ]);
        expect(watched.replicaHealth()[0]?.usable).toBe(true);
        expect((await serverOf(watched, { readOnly: true }))?.standby).toBe(true);
      } finally {
        await alterSystem(admin, 'RESET max_standby_streaming_delay');
      }
    } finally {
      await admin.close();
      await watched.close();
    }
  });
});

// A replica host that takes the TCP connection and then says nothing (a hung server, a half-open
// firewall): the first read may wait replicaAcquireTimeoutMs for it, later ones must not wait at all.
describe.skipIf(!postgres?.available)(
  '[postgres] a replica that accepts connections and never answers',
  () => {
    it('costs the first read at most replicaAcquireTimeoutMs and later reads nothing; all are served', {
      timeout: 30_000,
    }, async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      const db = await openWithConfig({
        driver: 'postgres',
        dsn: postgres?.adminDsn as string,
        replicas: [`postgres://postgres@127.0.0.1:${port}/postgres`],
        replicaAcquireTimeoutMs: 2000,
        replicaCheckIntervalMs: 50,
      });
      try {
        const first = performance.now();
        expect((await serverOf(db, { readOnly: true }))?.standby).toBe(false);
        // The first read waits for the first check, which gives up after replicaAcquireTimeoutMs.
        expect(performance.now() - first).toBeLessThan(4000);
        expect(db.replicaHealth()).toEqual([
          expect.objectContaining({ usable: false, problem: expect.stringMatching(/within 2000 ms/) }),
        ]);
        // Stale checks are started in the background now; no read waits for one.
        for (let i = 0; i < 10; i++) {
          await sleep(60);
          const started = performance.now();
          expect((await serverOf(db, { readOnly: true }))?.standby).toBe(false);
          expect(performance.now() - started).toBeLessThan(1000);
        }
      } finally {
        await db.close();
        for (const socket of sockets) socket.destroy();
        silent.close();
      }
    });
  },
);
