import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { ConnectionError, DbError } from './errors.js';
import type { Executor } from './executor.js';
import { open, openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

/** What every interrupted call must reject with: a ConnectionError wrapping the driver's own error. */
function expectConnectionError(err: unknown): void {
  expect(err).toBeInstanceOf(ConnectionError);
  const cause = (err as ConnectionError).cause;
  expect(cause).toBeInstanceOf(Error);
  expect(cause).not.toBeInstanceOf(DbError);
  expect((err as ConnectionError).code).toBeTruthy();
}

// Killing a backend is a server-side act; SQLite has no server and no connection to lose.
// (A backend killed while idle in the pool is covered by pool.test.ts.)
for (const target of dialectTargets().filter((t) => t.name === 'postgres' || t.name === 'mysql')) {
  describe.skipIf(!target.available)(`[${target.name}] connection loss`, () => {
    let scratch: ScratchDatabase;
    let admin: Database;
    let db: Database;
    const pg = target.driver === 'postgres';
    const slowSql = pg ? 'SELECT pg_sleep(10) AS s' : 'SELECT SLEEP(10) AS s';

    const sessionId = async (ex: Executor) =>
      (
        await ex.query<{ id: number }>(pg ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id')
      )[0]?.id as number;
    const kill = (id: number) => admin.exec(pg ? 'SELECT pg_terminate_backend(?)' : 'KILL ?', [id]);
    /** Sessions the server has open on the scratch database, seen from outside the pool. */
    const serverSessions = async () => {
      const sql = pg
        ? 'SELECT COUNT(*) AS c FROM pg_stat_activity WHERE datname = ?'
        : "SELECT COUNT(*) AS c FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND <> 'Killed'";
      return (await admin.query<{ c: number }>(sql, [scratch.name]))[0]?.c;
    };
    /** Waits until session `id` is busy running a statement, so the kill lands mid-query. */
    const untilRunning = async (id: number) => {
      const sql = pg
        ? "SELECT COUNT(*) AS c FROM pg_stat_activity WHERE pid = ? AND state = 'active'"
        : "SELECT COUNT(*) AS c FROM information_schema.PROCESSLIST WHERE ID = ? AND COMMAND = 'Query'";
      for (let i = 0; i < 100; i++) {
        if ((await admin.query<{ c: number }>(sql, [id]))[0]?.c === 1) return;
        await sleep(20);
      }
      throw new Error(`session ${id} never started its statement`);
    };
    const rows = async (prefix: string) =>
      (await db.query<{ id: string }>('SELECT id FROM item WHERE id LIKE ? ORDER BY id', [`${prefix}%`])).map(
        (r) => r.id,
      );

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      admin = await open(target.driver, target.adminDsn as string);
      // One connection: a dead one handed out again would fail the very next call.
      db = await openWithConfig({
        ...scratch.config,
        maxOpenConns: 1,
        acquireTimeoutMs: 5000,
      });
      await db.exec(`CREATE TABLE item (id ${pg ? 'TEXT' : 'VARCHAR(64)'} PRIMARY KEY)`);
    });
    afterEach(async () => {
      // Whatever a test did, the pool recovered: the next call works, on one live session.
      expect(await db.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
      for (let i = 0; i < 50 && (await serverSessions()) !== 1; i++) await sleep(20);
      expect(await serverSessions()).toBe(1);
    });
    afterAll(async () => {
      await db?.close();
      await admin?.close();
      await scratch?.drop();
    });

    it('fails a query whose backend is killed with a ConnectionError, and serves the caller queued behind it', async () => {
      const id = await sessionId(db);
      const slow = db.query(slowSql).catch((e: unknown) => e);
      await untilRunning(id);
      // Queued behind the doomed query for the pool's only connection.
      const queued = sessionId(db);
      await kill(id);
      const err = await slow;
      expectConnectionError(err);
      const next = await queued;
      expect(next).not.toBe(id);
      expect(await sessionId(db)).toBe(next);
    });

    it('fails a transaction whose backend is killed between statements, and keeps none of its writes', async () => {
      let statementError: unknown;
      const err = await db
        .withTransaction(async (tx) => {
          await tx.exec('INSERT INTO item (id) VALUES (?)', ['between-1']);
          await kill(await sessionId(tx));
          await sleep(100);
          statementError = await tx.exec('INSERT INTO item (id) VALUES (?)', ['between-2']).catch((e) => e);
          throw statementError;
        })
        .catch((e: unknown) => e);
      expect(err).toBe(statementError);
      expectConnectionError(err);
      // The driver only says the connection is closed; the layer keeps the reason it was lost.
      expect((err as Error).message).toMatch(/lost earlier/);
      expect(await rows('between-')).toEqual([]);
    });

    it('fails a transaction whose backend is killed while a statement runs, and keeps none of its writes', async () => {
      const err = await db
        .withTransaction(async (tx) => {
          await tx.exec('INSERT INTO item (id) VALUES (?)', ['during-1']);
          const id = await sessionId(tx);
          const slow = tx.query(slowSql);
          // The kill may reject it before `await slow` is reached: handled now, it is not reported
          // as an unhandled rejection, and awaiting it below still throws.
          slow.catch(() => undefined);
          await untilRunning(id);
          await kill(id);
          await slow;
        })
        .catch((e: unknown) => e);
      expectConnectionError(err);
      expect(await rows('during-')).toEqual([]);
    });

    it('fails the commit of a transaction whose backend was killed, and keeps none of its writes', async () => {
      const err = await db
        .withTransaction(async (tx) => {
          await tx.exec('INSERT INTO item (id) VALUES (?)', ['commit-1']);
          await kill(await sessionId(tx));
          await sleep(100);
        })
        .catch((e: unknown) => e);
      expectConnectionError(err);
      expect(await rows('commit-')).toEqual([]);
    });

    it('fails a hand-run transaction whose backend was killed, at its next statement and at rollback', async () => {
      const tx = await db.begin();
      await tx.exec('INSERT INTO item (id) VALUES (?)', ['manual-1']);
      await kill(await sessionId(tx));
      await sleep(100);
      expectConnectionError(await tx.query('SELECT 1 AS x').catch((e: unknown) => e));
      expectConnectionError(await tx.rollback().catch((e: unknown) => e));
      expect(tx.isActive).toBe(false);
      expect(await rows('manual-')).toEqual([]);
    });

    it('fails a streamed read whose backend is killed half-way', async () => {
      const ids = Array.from({ length: 400 }, (_, i) => `stream-${String(i).padStart(4, '0')}`);
      await db.exec(`INSERT INTO item (id) VALUES ${ids.map(() => '(?)').join(', ')}`, ids);
      // A little sleep per row keeps the server producing rows while the loop reads them, and
      // wide rows make MySQL send them on before its network buffer fills with the whole result.
      const streamSql = pg
        ? "SELECT id, pg_sleep(0.005) AS s FROM item WHERE id LIKE 'stream-%' ORDER BY id"
        : "SELECT id, SLEEP(0.005) AS s, REPEAT('x', 4000) AS pad FROM item WHERE id LIKE 'stream-%' ORDER BY id";
      let seen = 0;
      const err = await (async () => {
        for await (const _ of db.iterate(streamSql, [], { batchSize: 10 })) {
          seen++;
          // The stream holds the pool's only connection: ask the server who is reading.
          if (seen === 1) {
            const [reader] = await admin.query<{ id: number }>(
              pg
                ? "SELECT pid AS id FROM pg_stat_activity WHERE datname = ? AND query LIKE 'SELECT id, pg_sleep%'"
                : "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'SELECT id, SLEEP%'",
              [scratch.name],
            );
            await kill(reader?.id as number);
          }
        }
      })().catch((e: unknown) => e);
      expectConnectionError(err);
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(ids.length);
    });

    if (target.driver === 'mysql') {
      it('discards the connection the server closes after a statement over max_allowed_packet', async () => {
        const [row] = await db.query<{ max: number }>('SELECT @@max_allowed_packet AS max');
        const id = await sessionId(db);
        const err = await db
          .query('SELECT LENGTH(?) AS n', ['x'.repeat((row?.max as number) + 1)])
          .catch((e: unknown) => e);
        expectConnectionError(err);
        expect((err as ConnectionError).code).toBe('ER_NET_PACKET_TOO_LARGE');
        expect(await sessionId(db)).not.toBe(id);
      });
    }
  });
}
