import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { DbError } from './errors.js';
import { openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

const target = dialectTargets().find((t) => t.name === 'pgbouncer');
const CLIENTS = 6;
const CONNECTIONS_PER_CLIENT = 10;
const STATEMENTS = Array.from(
  { length: 12 },
  (_, i) => `SELECT id, n FROM counter WHERE id = ? AND n >= ${i} - ${i}`,
);

// The shared suites run through PgBouncer too (target [pgbouncer]); this file adds the load that
// makes server connections change hands all the time, and shows the default mode breaks there.
describe.skipIf(!target?.available)('[pgbouncer] a transaction-mode pooler with a small server pool', () => {
  let scratch: ScratchDatabase;
  let admin: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase(target as NonNullable<typeof target>);
    admin = await openWithConfig(scratch.config);
    await admin.exec('CREATE TABLE counter (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    await admin.exec(
      'CREATE TABLE entry (id SERIAL PRIMARY KEY, client INTEGER NOT NULL, k INTEGER NOT NULL)',
    );
  });

  afterAll(async () => {
    await admin?.close();
    await scratch?.drop();
  });

  it(`serves ${CLIENTS * CONNECTIONS_PER_CLIENT} client connections on 4 server connections without one error`, async () => {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        openWithConfig({ ...scratch.config, maxOpenConns: CONNECTIONS_PER_CLIENT }),
      ),
    );
    const errors: unknown[] = [];
    // The server's own count of connections to this database, sampled while the work runs.
    const server = await openWithConfig({
      driver: 'postgres',
      dsn: target?.adminDsn as string,
      maxOpenConns: 1,
    });
    const serverConnections: number[] = [];
    let working = true;
    const sampling = (async () => {
      while (working) {
        const [row] = await server.query<{ c: number }>(
          'SELECT COUNT(*) AS c FROM pg_stat_activity WHERE datname = ?',
          [scratch.name],
        );
        serverConnections.push(row?.c ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const work = async (db: Database, client: number, k: number) => {
      const id = `c${client}-${k}`;
      // A transaction with a savepoint, an upsert and a read of its own write.
      await db.withTransaction(async (tx) => {
        await tx.exec('INSERT INTO counter (id, n) VALUES (?, ?)', [id, 0]);
        await tx.withTransaction(async (inner) => {
          await inner.exec('UPDATE counter SET n = n + ? WHERE id = ?', [k, id]);
        });
        const rows = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = ?', [id]);
        if (rows[0]?.n !== k) throw new Error(`read ${rows[0]?.n} inside the transaction, wrote ${k}`);
      });
      // Parameterized statements of many texts, outside any transaction.
      for (const sql of STATEMENTS) await db.query(sql, [id]);
      await db.exec('INSERT INTO entry (client, k) VALUES (?, ?)', [client, k]);
      let streamed = 0;
      for await (const _ of db.iterate('SELECT id FROM counter WHERE id LIKE ?', [`c${client}-%`], {
        batchSize: 7,
      }))
        streamed++;
      if (streamed < 1) throw new Error('iterate saw no rows');
    };
    try {
      await Promise.all(
        clients.flatMap((db, client) =>
          Array.from({ length: 40 }, (_, k) => work(db, client, k).catch((err) => errors.push(err))),
        ),
      );
    } finally {
      working = false;
      await sampling;
      await server.close();
      await Promise.all(clients.map((db) => db.close()));
    }
    expect(Math.max(...serverConnections)).toBeGreaterThan(0);
    expect(Math.max(...serverConnections)).toBeLessThanOrEqual(4);
    expect(errors.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual([]);
    const [entries] = await admin.query<{ c: number }>('SELECT COUNT(*) AS c FROM entry');
    expect(entries?.c).toBe(CLIENTS * 40);
    const sums = await admin.query<{ n: number }>('SELECT SUM(n) AS n FROM counter');
    expect(Number(sums[0]?.n)).toBe(CLIENTS * ((39 * 40) / 2));
  });

  it('the default mode (named prepared statements) fails through the same pooler', async () => {
    const direct = await openWithConfig({ ...scratch.config, poolerMode: 'none', maxOpenConns: 8 });
    const failures: DbError[] = [];
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          direct.query(STATEMENTS[i % STATEMENTS.length] as string, [`x${i}`]).catch((err) => {
            failures.push(err);
          }),
        ),
      );
    } finally {
      await direct.close();
    }
    // A statement prepared on one server connection is missing on the next (26000), or a
    // client's statement name is already taken on the server connection it lands on (42P05).
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(DbError);
      expect(failure.code).toMatch(/^(26000|42P05)$/);
      expect(failure.message).toMatch(/prepared statement "it_[\w-]+" (does not exist|already exists)/);
    }
  });
});
