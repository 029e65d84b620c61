import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import type { Database } from './database.js';
import { PoolTimeoutError, StatementTimeoutError } from './errors.js';
import { open, openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

// Pool settings take effect on the servers; SQLite's single connection is covered elsewhere.
for (const target of dialectTargets().filter((t) => t.name === 'postgres' || t.name === 'mysql')) {
  describe.skipIf(!target.available)(`[${target.name}] pool`, () => {
    let scratch: ScratchDatabase;
    let admin: Database;
    const pg = target.driver === 'postgres';
    const sleepSql = (seconds: number) =>
      pg ? `SELECT pg_sleep(${seconds}) AS s` : `SELECT SLEEP(${seconds}) AS s`;
    const sessionIdSql = pg ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id';

    /** Connections the server has open to the scratch database, seen from outside the pool. */
    const serverConnections = async () => {
      const sql = pg
        ? 'SELECT COUNT(*) AS c FROM pg_stat_activity WHERE datname = ?'
        : 'SELECT COUNT(*) AS c FROM information_schema.PROCESSLIST WHERE DB = ?';
      return (await admin.query<{ c: number }>(sql, [scratch.name]))[0]?.c;
    };
    const openPool = (config: Partial<Config>) => openWithConfig({ ...scratch.config, ...config });
    const sessionId = async (db: Database) => (await db.query<{ id: number }>(sessionIdSql))[0]?.id as number;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      admin = await open(target.driver, target.adminDsn as string);
    });
    afterAll(async () => {
      await admin?.close();
      await scratch?.drop();
    });

    it('never opens more than maxOpenConns connections', async () => {
      const db = await openPool({ maxOpenConns: 3 });
      try {
        const work = Promise.all(Array.from({ length: 8 }, () => db.query(sleepSql(0.3))));
        await sleep(150);
        expect(await serverConnections()).toBe(3);
        expect(await work).toHaveLength(8);
      } finally {
        await db.close();
      }
    });

    it('keeps at most maxIdleConns idle connections after a burst', async () => {
      const db = await openPool({ maxOpenConns: 6, maxIdleConns: 2 });
      try {
        await Promise.all(Array.from({ length: 6 }, () => db.query(sleepSql(0.2))));
        await sleep(100);
        expect(await serverConnections()).toBe(2);
      } finally {
        await db.close();
      }
    });

    it('closes connections idle longer than connMaxIdleTimeMs', async () => {
      const db = await openPool({ maxOpenConns: 4, maxIdleConns: 3, connMaxIdleTimeMs: 300 });
      try {
        await Promise.all(Array.from({ length: 3 }, () => db.query(sleepSql(0.1))));
        expect(await serverConnections()).toBeGreaterThan(0);
        await sleep(1500);
        expect(await serverConnections()).toBe(0);
      } finally {
        await db.close();
      }
    });

    it('replaces a connection older than connMaxLifetimeMs', async () => {
      const db = await openPool({ maxOpenConns: 1, connMaxLifetimeMs: 1000 });
      try {
        const first = await sessionId(db);
        expect(await sessionId(db)).toBe(first);
        await sleep(1400);
        expect(await sessionId(db)).not.toBe(first);
      } finally {
        await db.close();
      }
    });

    it('gives a waiting caller a PoolTimeoutError after acquireTimeoutMs instead of hanging', async () => {
      const db = await openPool({ maxOpenConns: 1, acquireTimeoutMs: 300 });
      try {
        const tx = await db.begin();
        const err = await db.query('SELECT 1 AS x').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PoolTimeoutError);
        expect((err as Error).message).toMatch(/within 300 ms \(1 open of 1/);
        await tx.rollback();
        expect(await db.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
      } finally {
        await db.close();
      }
    });

    it('survives an idle pooled connection killed by the server, and the next query succeeds', async () => {
      const db = await openPool({ maxOpenConns: 1 });
      try {
        const id = await sessionId(db);
        await admin.exec(pg ? 'SELECT pg_terminate_backend(?)' : 'KILL ?', [id]);
        await sleep(200);
        expect(await db.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
        expect(await sessionId(db)).not.toBe(id);
      } finally {
        await db.close();
      }
    });

    it('cancels a statement that runs past statementTimeoutMs, and the connection stays usable', async () => {
      const db = await openPool({ maxOpenConns: 1, statementTimeoutMs: 200 });
      try {
        const id = await sessionId(db);
        await expect(db.query(sleepSql(3))).rejects.toBeInstanceOf(StatementTimeoutError);
        expect(await db.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
        expect(await sessionId(db)).toBe(id);
      } finally {
        await db.close();
      }
    });
  });
}
