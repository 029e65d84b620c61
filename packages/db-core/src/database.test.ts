import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { Driver } from './driver.js';
import {
  ConstraintError,
  type DbError,
  DuplicateError,
  ForeignKeyError,
  isDuplicate,
  isForeignKey,
  isNotFound,
  NotFoundError,
  UsageError,
} from './errors.js';
import { openWithConfig } from './open.js';
import type { QueryEvent } from './query-event.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

const TYPES: Record<Driver, { key: string; ts: string; big: string }> = {
  postgres: { key: 'TEXT', ts: 'TIMESTAMPTZ', big: 'BIGINT' },
  mysql: { key: 'VARCHAR(64)', ts: 'DATETIME(3)', big: 'BIGINT' },
  sqlite3: { key: 'TEXT', ts: 'TIMESTAMP', big: 'INTEGER' },
};

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] database`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    const events: QueryEvent[] = [];
    const t = TYPES[target.driver];

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig({ ...scratch.config, onQuery: (e) => events.push(e) });
      await db.exec(`CREATE TABLE parent (id ${t.key} PRIMARY KEY, email ${t.key} UNIQUE)`);
      await db.exec(
        `CREATE TABLE child (id ${t.key} PRIMARY KEY, parent_id ${t.key} NOT NULL REFERENCES parent (id), ` +
          `at ${t.ts}, flag BOOLEAN, note TEXT, n ${t.big}, ratio DOUBLE PRECISION, CHECK (n IS NULL OR n >= 0))`,
      );
    });
    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    it('pings and reports its driver', async () => {
      await db.ping();
      expect(db.driver).toBe(target.driver);
    });

    it('round-trips dates to the millisecond, booleans, nulls, big integers and text with quotes', async () => {
      expect(new Date().getTimezoneOffset()).not.toBe(0); // the suite runs far from UTC on purpose
      await db.exec('INSERT INTO parent (id, email) VALUES (?, ?)', ['p1', 'a@example.com']);
      const at = new Date('2026-07-01T23:59:59.987Z');
      const note = `it's "quoted" ? -- /* not a comment */ \\ emoji 🚀`;
      await db.exec(
        'INSERT INTO child (id, parent_id, at, flag, note, n, ratio) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ['c1', 'p1', at, true, note, 9_007_199_254_740_991, 0.25],
      );
      await db.exec(
        'INSERT INTO child (id, parent_id, at, flag, note, n, ratio) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ['c2', 'p1', null, false, null, null, null],
      );
      const rows = await db.query('SELECT id, at, flag, note, n, ratio FROM child ORDER BY id');
      expect(rows).toEqual([
        { id: 'c1', at, flag: true, note, n: 9_007_199_254_740_991, ratio: 0.25 },
        { id: 'c2', at: null, flag: false, note: null, n: null, ratio: null },
      ]);
      // The instant compares correctly in SQL too, whatever the process's time zone.
      const later = await db.query('SELECT id FROM child WHERE at > ?', [new Date(at.getTime() - 1)]);
      expect(later).toEqual([{ id: 'c1' }]);
    });

    it('reports rows affected, including rows matched but unchanged', async () => {
      await db.exec('INSERT INTO parent (id, email) VALUES (?, ?)', ['p-aff', 'aff@example.com']);
      expect(await db.exec('UPDATE parent SET email = ? WHERE id = ?', ['aff@example.com', 'p-aff'])).toEqual(
        {
          rowsAffected: 1,
        },
      );
      expect(await db.exec('DELETE FROM parent WHERE id = ?', ['nobody'])).toEqual({ rowsAffected: 0 });
    });

    it('reads a 64-bit integer beyond 2^53 exactly, as a bigint, and one within it as a number', async () => {
      const big = 9_007_199_254_740_993n;
      await db.exec('INSERT INTO parent (id) VALUES (?)', ['p-big']);
      await db.exec('INSERT INTO child (id, parent_id, n) VALUES (?, ?, ?)', ['c-big', 'p-big', big]);
      await db.exec('INSERT INTO child (id, parent_id, n) VALUES (?, ?, ?)', ['c-max', 'p-big', 2 ** 53 - 1]);
      expect(await db.query('SELECT id, n FROM child WHERE parent_id = ? ORDER BY id', ['p-big'])).toEqual([
        { id: 'c-big', n: big },
        { id: 'c-max', n: 2 ** 53 - 1 },
      ]);
      // A 64-bit expression, which on SQLite has no declared type: the same rule applies.
      const [row] = await db.query<{ m: unknown }>('SELECT n + 0 AS m FROM child WHERE id = ?', ['c-big']);
      expect(row?.m).toBe(big);
    });

    it('counts as numbers, not strings', async () => {
      const [row] = await db.query<{ c: number }>('SELECT COUNT(*) AS c FROM parent');
      expect(typeof row?.c).toBe('number');
    });

    it('classifies duplicate keys, foreign keys and other constraints by driver code', async () => {
      await db.exec('INSERT INTO parent (id, email) VALUES (?, ?)', ['p-err', 'err@example.com']);
      const dupPk = await db.exec('INSERT INTO parent (id) VALUES (?)', ['p-err']).catch((e: unknown) => e);
      expect(dupPk).toBeInstanceOf(DuplicateError);
      expect(isDuplicate(dupPk)).toBe(true);
      expect((dupPk as DbError).cause).toBeDefined();
      const dupUnique = await db
        .exec('INSERT INTO parent (id, email) VALUES (?, ?)', ['p-err2', 'err@example.com'])
        .catch((e: unknown) => e);
      expect(dupUnique).toBeInstanceOf(DuplicateError);
      const orphan = await db
        .exec('INSERT INTO child (id, parent_id) VALUES (?, ?)', ['c-orphan', 'missing'])
        .catch((e: unknown) => e);
      expect(orphan).toBeInstanceOf(ForeignKeyError);
      expect(isForeignKey(orphan)).toBe(true);
      await db.exec('INSERT INTO child (id, parent_id) VALUES (?, ?)', ['c-kept', 'p-err']);
      const restricted = await db.exec('DELETE FROM parent WHERE id = ?', ['p-err']).catch((e: unknown) => e);
      expect(restricted).toBeInstanceOf(ForeignKeyError);
      const check = await db
        .exec('INSERT INTO child (id, parent_id, n) VALUES (?, ?, ?)', ['c-neg', 'p-err', -1])
        .catch((e: unknown) => e);
      expect(check).toBeInstanceOf(ConstraintError);
      expect(await db.query('SELECT id FROM child WHERE id = ?', ['c-orphan'])).toEqual([]);
    });

    it('predicates are false for null, undefined and unrelated errors', () => {
      for (const value of [null, undefined, new Error('x'), 'text', new NotFoundError('nf')]) {
        expect(isDuplicate(value)).toBe(false);
        expect(isForeignKey(value)).toBe(false);
      }
      expect(isNotFound(null)).toBe(false);
      expect(isNotFound(undefined)).toBe(false);
      expect(isNotFound(new DuplicateError('d'))).toBe(false);
      expect(isNotFound(new NotFoundError('n'))).toBe(true);
    });

    it('refuses parameters it cannot bind with one meaning, before running anything', async () => {
      await expect(db.query('SELECT ? AS x', [undefined as never])).rejects.toThrow(
        /parameter 1 is undefined/,
      );
      await expect(db.query('SELECT ? AS x', [new Date('nope')])).rejects.toThrow(/invalid Date/);
      await expect(db.query('SELECT ? AS x', [{ a: 1 } as never])).rejects.toThrow(/JSON\.stringify/);
      await expect(db.query('SELECT ? AS x', [])).rejects.toBeInstanceOf(UsageError);
    });

    it('binds values as data, never as SQL', async () => {
      const evil = "x'); DROP TABLE parent; --";
      await db.exec('INSERT INTO parent (id, email) VALUES (?, ?)', [evil, null]);
      expect(await db.query('SELECT id FROM parent WHERE id = ?', [evil])).toEqual([{ id: evil }]);
    });

    it('streams a result in batches', async () => {
      const ids: unknown[] = [];
      for await (const row of db.iterate('SELECT id FROM parent ORDER BY id', [], { batchSize: 2 }))
        ids.push(row.id);
      const all = await db.query('SELECT id FROM parent ORDER BY id');
      expect(ids).toEqual(all.map((r) => r.id));
      // Leaving the loop early hands the connection back in a usable state.
      for await (const _ of db.iterate('SELECT id FROM parent', [], { batchSize: 1 })) break;
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('tells the query hook every statement, its duration, row count and error', async () => {
      events.length = 0;
      await db.query('SELECT id FROM parent WHERE id = ?', ['p1']);
      await db.exec('INSERT INTO parent (id) VALUES (?)', ['p1']).catch(() => undefined);
      expect(events).toHaveLength(2);
      expect(events[0]).toMatchObject({
        driver: target.driver,
        sql: 'SELECT id FROM parent WHERE id = ?',
        paramCount: 1,
        rowCount: 1,
      });
      expect(events[0]?.durationMs).toBeGreaterThanOrEqual(0);
      expect(events[1]?.error).toBeInstanceOf(DuplicateError);
    });

    // SQLite reuses statements from the layer's own cache; the servers show theirs.
    if (target.name === 'postgres' || target.name === 'mysql')
      it('reuses server-side prepared statements', async () => {
        await db.withConnection(async (conn) => {
          const sql = 'SELECT id FROM parent WHERE id = ? OR email = ?';
          if (target.driver === 'postgres') {
            await conn.query(sql, ['a', 'b']);
            await conn.query(sql, ['c', 'd']);
            const rows = await conn.query(
              'SELECT COUNT(*) AS c FROM pg_prepared_statements WHERE statement = ?',
              ['SELECT id FROM parent WHERE id = $1 OR email = $2'],
            );
            expect(rows).toEqual([{ c: 1 }]);
          } else {
            const prepares = async () =>
              Number((await conn.query("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'"))[0]?.Value);
            await conn.query(sql, ['a', 'b']);
            const before = await prepares();
            await conn.query(sql, ['c', 'd']);
            await conn.query(sql, ['e', 'f']);
            expect(await prepares()).toBe(before);
          }
        });
      });

    // Behind a transaction-mode pooler a named statement would be missing on the next server
    // connection, so none is made: every server connection's list stays empty.
    if (target.name === 'pgbouncer')
      it('prepares no named statement on the server', async () => {
        const sql = 'SELECT id FROM parent WHERE id = ? OR email = ?';
        await Promise.all(Array.from({ length: 20 }, (_, i) => db.query(sql, [`a${i}`, `b${i}`])));
        const counts = await Promise.all(
          Array.from({ length: 8 }, () => db.query('SELECT COUNT(*) AS c FROM pg_prepared_statements')),
        );
        expect(counts.flat()).toEqual(Array.from({ length: 8 }, () => ({ c: 0 })));
      });
  });
}
