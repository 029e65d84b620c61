import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { DbError, ForeignKeyError, UsageError } from './errors.js';
import { openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

const execFileAsync = promisify(execFile);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
// Runs in a child process against the built package: 200 small write transactions.
const WRITER_SCRIPT = `
import { open } from './dist/index.js';
const [dsn, prefix] = process.argv.slice(1);
const db = await open('sqlite3', dsn);
let n = 0;
for (let i = 0; i < 200; i++) {
  await db.withTransaction(async (tx) => {
    await tx.query('SELECT COUNT(*) AS c FROM item');
    await tx.exec('INSERT INTO item (id) VALUES (?)', [prefix + '-' + i]);
  });
  n++;
}
await db.close();
console.log(n + ' committed');
`;

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] transactions`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    const key = target.driver === 'mysql' ? 'VARCHAR(64)' : 'TEXT';
    const count = async () => (await db.query<{ c: number }>('SELECT COUNT(*) AS c FROM item'))[0]?.c;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      // Two connections at most, so a leaked connection shows up at once as a pool timeout.
      db = await openWithConfig({
        ...scratch.config,
        maxOpenConns: 2,
        acquireTimeoutMs: 2000,
      });
      await db.exec(`CREATE TABLE item (id ${key} PRIMARY KEY)`);
    });
    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    it('commits when the callback resolves and returns its value', async () => {
      const value = await db.withTransaction(async (tx) => {
        await tx.exec('INSERT INTO item (id) VALUES (?)', ['committed']);
        return 42;
      });
      expect(value).toBe(42);
      expect(await db.query('SELECT id FROM item WHERE id = ?', ['committed'])).toHaveLength(1);
    });

    it('rolls back when the callback throws, and rethrows the very same error', async () => {
      const original = new Error('boom');
      const thrown = await db
        .withTransaction(async (tx) => {
          await tx.exec('INSERT INTO item (id) VALUES (?)', ['rolled-back']);
          throw original;
        })
        .catch((e: unknown) => e);
      expect(thrown).toBe(original);
      expect(await db.query('SELECT id FROM item WHERE id = ?', ['rolled-back'])).toEqual([]);
    });

    it('never leaks a connection, whatever the callback does', async () => {
      for (let i = 0; i < 20; i++) {
        await db
          .withTransaction(async () => {
            throw new Error(`fail ${i}`);
          })
          .catch(() => undefined);
        await db
          .withTransaction(async (tx) => {
            await tx.exec('INSERT INTO item (id) VALUES (?)', ['committed']); // duplicate key
          })
          .catch(() => undefined);
      }
      // With two connections, a single leaked one per failure would have exhausted the pool.
      expect(await count()).toBeGreaterThan(0);
      await Promise.all([db.query('SELECT 1 AS x'), db.query('SELECT 1 AS x'), db.query('SELECT 1 AS x')]);
    });

    it('supports begin/commit/rollback by hand, and refuses use after the end', async () => {
      const tx = await db.begin();
      await tx.exec('INSERT INTO item (id) VALUES (?)', ['manual']);
      await tx.rollback();
      expect(tx.isActive).toBe(false);
      await expect(tx.query('SELECT 1 AS x')).rejects.toThrow(/already rolled back/);
      await expect(tx.commit()).rejects.toBeInstanceOf(UsageError);
      const tx2 = await db.begin();
      await tx2.exec('INSERT INTO item (id) VALUES (?)', ['manual']);
      await tx2.commit();
      expect(await db.query('SELECT id FROM item WHERE id = ?', ['manual'])).toHaveLength(1);
    });

    it('nests through savepoints: an inner failure undoes only the inner work', async () => {
      await db.withTransaction(async (tx) => {
        await tx.exec('INSERT INTO item (id) VALUES (?)', ['outer']);
        await tx
          .withTransaction(async (inner) => {
            await inner.exec('INSERT INTO item (id) VALUES (?)', ['inner-undone']);
            throw new Error('inner fails');
          })
          .catch(() => undefined);
        await tx.withTransaction(async (inner) => {
          await inner.exec('INSERT INTO item (id) VALUES (?)', ['inner-kept']);
          // A failing statement inside a savepoint can be recovered from in every dialect.
          await inner
            .withTransaction((deeper) => deeper.exec('INSERT INTO item (id) VALUES (?)', ['outer']))
            .catch(() => undefined);
        });
      });
      const rows = await db.query(
        "SELECT id FROM item WHERE id IN ('outer', 'inner-undone', 'inner-kept') ORDER BY id",
      );
      expect(rows.map((r) => r.id)).toEqual(['inner-kept', 'outer']);
    });

    it('applies the isolation level and refuses writes in a read-only transaction', async () => {
      const value = await db.withTransaction(async (tx) => (await tx.query('SELECT 1 AS x'))[0]?.x, {
        isolationLevel: 'serializable',
      });
      expect(value).toBe(1);
      const refused = await db
        .withTransaction((tx) => tx.exec('INSERT INTO item (id) VALUES (?)', ['read-only']), {
          readOnly: true,
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DbError);
      expect(await db.query('SELECT id FROM item WHERE id = ?', ['read-only'])).toEqual([]);
      // The read-only setting ends with the transaction.
      await db.exec('INSERT INTO item (id) VALUES (?)', ['after-read-only']);
      await expect(db.withTransaction(async () => 1, { isolationLevel: 'chaos' as never })).rejects.toThrow(
        /unknown isolation level "chaos"/,
      );
    });

    it('fails at once, explaining why, when the callback uses the database with no connection left', async () => {
      const tiny = await openWithConfig({ ...scratch.config, maxOpenConns: 1 });
      try {
        const started = Date.now();
        const err = await tiny
          .withTransaction(async () => {
            await tiny.query('SELECT 1 AS x');
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(
          /inside a transaction .* run the statement on the transaction \(tx\)/,
        );
        expect(Date.now() - started).toBeLessThan(1000);
        expect(await tiny.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
      } finally {
        await tiny.close();
      }
    });

    it('reports a refused transaction as a rejection, never as a synchronous throw', async () => {
      const closed = await openWithConfig(scratch.config);
      await closed.close();
      // A caller chaining .catch() on the returned promise must see the error there.
      const refused = closed.withTransaction(async () => 1).catch((e: unknown) => e);
      expect(await refused).toBeInstanceOf(UsageError);
      expect(((await refused) as Error).message).toMatch(/the database is closed/);
      const badRetry = db
        .withTransaction(async () => 1, { retry: { maxAttempts: 0 } })
        .catch((e: unknown) => e);
      expect(((await badRetry) as Error).message).toMatch(/retry.maxAttempts must be a positive integer/);
    });

    if (target.driver !== 'mysql') {
      // MySQL checks every constraint at once; PostgreSQL and SQLite can defer one to COMMIT.
      it('fails the call and keeps nothing when COMMIT itself is refused', async () => {
        await db.exec(
          `CREATE TABLE item_ref (id ${key} PRIMARY KEY, item_id ${key} REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)`,
        );
        const err = await db
          .withTransaction(async (tx) => {
            await tx.exec('INSERT INTO item_ref (id, item_id) VALUES (?, ?)', ['dangling', 'no-such-item']);
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ForeignKeyError);
        expect(await db.query('SELECT id FROM item_ref')).toEqual([]);
        // The connection went back to the pool in a clean state: the next transaction commits.
        await db.withTransaction(async (tx) => {
          await tx.exec('INSERT INTO item (id) VALUES (?)', ['after-refused-commit']);
        });
        expect(await db.query('SELECT id FROM item WHERE id = ?', ['after-refused-commit'])).toHaveLength(1);
      });
    }

    if (target.driver === 'postgres') {
      it('refuses to report a commit when PostgreSQL aborted the transaction', async () => {
        const err = await db
          .withTransaction(async (tx) => {
            await tx.exec('INSERT INTO item (id) VALUES (?)', ['aborted-1']);
            await tx.exec('INSERT INTO item (id) VALUES (?)', ['committed']).catch(() => undefined);
          })
          .catch((e: unknown) => e);
        expect((err as DbError).code).toBe('TRANSACTION_ABORTED');
        expect(await db.query('SELECT id FROM item WHERE id = ?', ['aborted-1'])).toEqual([]);
      });

      it('keeps the original error and attaches the rollback failure when the connection dies', async () => {
        const original = new Error('caller failed');
        const err = await db
          .withTransaction(async (tx) => {
            await tx.exec('INSERT INTO item (id) VALUES (?)', ['lost']);
            await db.exec('SELECT pg_terminate_backend(?)', [
              (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid as number,
            ]);
            throw original;
          })
          .catch((e: unknown) => e);
        expect(err).toBe(original);
        expect((err as { rollbackError?: unknown }).rollbackError).toBeInstanceOf(DbError);
        expect(await db.query('SELECT id FROM item WHERE id = ?', ['lost'])).toEqual([]);
      });
    }

    if (target.driver === 'sqlite3') {
      it('lets two Database objects on one file write at once: they share its connection', async () => {
        const other = await openWithConfig({ driver: 'sqlite3', dsn: scratch.dsn });
        try {
          const write = (conn: Database, prefix: string) =>
            Promise.all(
              Array.from({ length: 25 }, (_, i) =>
                conn.withTransaction(async (tx) => {
                  await tx.query('SELECT COUNT(*) AS c FROM item');
                  await tx.exec('INSERT INTO item (id) VALUES (?)', [`${prefix}-${i}`]);
                }),
              ),
            );
          await Promise.all([write(db, 'a'), write(other, 'b')]);
          const rows = await db.query("SELECT COUNT(*) AS c FROM item WHERE id LIKE 'a-%' OR id LIKE 'b-%'");
          expect(rows).toEqual([{ c: 50 }]);
        } finally {
          await other.close();
        }
        // Closing one of them leaves the other's connection open.
        expect(await db.query('SELECT 1 AS x')).toEqual([{ x: 1 }]);
      });

      it('lets two processes write one file at once without SQLITE_BUSY', async () => {
        const writer = (prefix: string) =>
          execFileAsync(process.execPath, ['--input-type=module', '-e', WRITER_SCRIPT, scratch.dsn, prefix], {
            cwd: packageRoot,
          });
        const results = await Promise.all([writer('p1'), writer('p2')]);
        expect(results.map((r) => r.stdout.trim())).toEqual(['200 committed', '200 committed']);
        const rows = await db.query("SELECT COUNT(*) AS c FROM item WHERE id LIKE 'p1-%' OR id LIKE 'p2-%'");
        expect(rows).toEqual([{ c: 400 }]);
      });
    }
  });
}
