import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError } from './errors.js';
import { open } from './open.js';
import { isRoot } from './testing/local-processes.js';

// The faults of SQLite's own documentation: lang_transaction.html, "Response To Errors Within A
// Transaction" (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_NOMEM "might cause an automatic
// rollback of the transaction"; "it is recommended that applications respond to the errors
// listed above by explicitly issuing a ROLLBACK command" after checking whether one is open),
// and rescode.html for the open failures (SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_CANTOPEN,
// SQLITE_READONLY). The disk is really full: a small tmpfs the test mounts.

const TMPFS_PROBLEM = isRoot ? undefined : 'mounting a small tmpfs needs root';
if (TMPFS_PROBLEM) console.warn(`[sqlite3] full-disk tests skipped: ${TMPFS_PROBLEM}`);

/** Runs `fn` with a fresh tmpfs of `size` mounted on a new directory; unmounts it after, whatever happens. */
async function onTmpfs(size: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itinerary-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    try {
      await fn(dir);
    } finally {
      execFileSync('umount', [dir]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(TMPFS_PROBLEM !== undefined)('[sqlite3] a full disk during a transaction', () => {
  /** Writes 20 kB rows on `tx` until SQLite refuses one, and returns that error. */
  async function fillDisk(tx: { exec(sql: string): Promise<unknown> }): Promise<unknown> {
    for (let i = 0; i < 10_000; i++) {
      try {
        await tx.exec('INSERT INTO item (v) VALUES (randomblob(20000))');
      } catch (err) {
        return err;
      }
    }
    throw new Error('the 512 kB tmpfs never filled up');
  }

  it('SQLITE_FULL ends the Tx: a write after the caught error fails and is not committed on its own; withTransaction reports SQLITE_FULL', () =>
    onTmpfs('512k', async (dir) => {
      const db = await open('sqlite3', join(dir, 'caught.db'));
      try {
        await db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, v BLOB)');
        let full: unknown;
        let after: unknown;
        const outcome = db.withTransaction(async (tx) => {
          await tx.exec("INSERT INTO item (v) VALUES ('first')");
          full = await fillDisk(tx);
          // A caller that catches the error and goes on writing, as the user did.
          try {
            await tx.exec("INSERT INTO item (v) VALUES ('after')");
          } catch (err) {
            after = err;
          }
          return 'done';
        });
        await expect(outcome).rejects.toMatchObject({ code: 'SQLITE_FULL' });
        expect(full).toBeInstanceOf(DbError);
        expect((full as DbError).code).toBe('SQLITE_FULL');
        expect(after).toMatchObject({ name: 'DbError', code: 'TRANSACTION_ABORTED' });
        expect((after as Error).message).toMatch(
          /ended this transaction by itself.*database or disk is full/,
        );
        // Neither 'first' nor 'after' is kept: the transaction is gone as a whole.
        const rows = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM item');
        expect(rows[0]?.n).toBe(0);
        // The connection is usable again once space is freed (SQLite rolled the file back).
        await db.exec("INSERT INTO item (v) VALUES ('later')");
        expect((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM item'))[0]?.n).toBe(1);
      } finally {
        await db.close();
      }
    }));

  it('a nested withTransaction used for recovery cannot write outside the transaction after SQLITE_FULL', () =>
    onTmpfs('512k', async (dir) => {
      const db = await open('sqlite3', join(dir, 'nested.db'));
      try {
        await db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, v BLOB)');
        let recovery: unknown;
        const outcome = db.withTransaction(async (tx) => {
          await tx.exec("INSERT INTO item (v) VALUES ('first')");
          await tx
            .withTransaction((sp) => fillDisk(sp).then((err) => Promise.reject(err)))
            .catch(() => undefined);
          try {
            await tx.withTransaction(async (sp) => {
              await sp.exec("INSERT INTO item (v) VALUES ('recovered')");
            });
          } catch (err) {
            recovery = err;
          }
        });
        await expect(outcome).rejects.toMatchObject({ code: 'SQLITE_FULL' });
        expect(recovery).toMatchObject({ code: 'TRANSACTION_ABORTED' });
        expect((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM item'))[0]?.n).toBe(0);
      } finally {
        await db.close();
      }
    }));

  it('begin(): commit() after SQLITE_FULL rejects with TRANSACTION_ABORTED and the connection is free again', () =>
    onTmpfs('512k', async (dir) => {
      const db = await open('sqlite3', join(dir, 'begin.db'));
      try {
        await db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, v BLOB)');
        const tx = await db.begin();
        await tx.exec("INSERT INTO item (v) VALUES ('first')");
        await fillDisk(tx);
        await expect(tx.commit()).rejects.toMatchObject({ code: 'TRANSACTION_ABORTED' });
        expect(tx.isActive).toBe(false);
        expect((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM item'))[0]?.n).toBe(0);
      } finally {
        await db.close();
      }
    }));

  it('a database on a read-only file system fails to open with a DbError coded SQLITE_READONLY', () =>
    onTmpfs('256k', async (dir) => {
      const file = join(dir, 'ro.db');
      const raw = new BetterSqlite3(file);
      raw.exec('CREATE TABLE t (a INTEGER)');
      raw.close();
      execFileSync('mount', ['-o', 'remount,ro', dir]);
      const opening = open('sqlite3', file);
      await expect(opening).rejects.toBeInstanceOf(DbError);
      await expect(opening).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_READONLY/) });
    }));
});

describe('[sqlite3] a file that is not a usable database', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'itinerary-bad-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a text file fails to open with a DbError coded SQLITE_NOTADB naming the file', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, 'not a database, only some text\n'.repeat(200));
    const opening = open('sqlite3', file);
    await expect(opening).rejects.toBeInstanceOf(DbError);
    await expect(opening).rejects.toMatchObject({ code: 'SQLITE_NOTADB', driver: 'sqlite3' });
    await expect(opening).rejects.toThrow(file);
  });

  it('a database whose pages were overwritten fails to open with a DbError coded SQLITE_CORRUPT', async () => {
    const file = join(dir, 'corrupt.db');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE t (a BLOB)');
    for (let i = 0; i < 50; i++) raw.exec('INSERT INTO t VALUES (randomblob(1000))');
    raw.close();
    // Keep the 100-byte header (so it is still recognised as SQLite), overwrite the schema page.
    const bytes = readFileSync(file);
    bytes.fill(0xab, 100);
    writeFileSync(file, bytes);
    const opening = open('sqlite3', file);
    await expect(opening).rejects.toBeInstanceOf(DbError);
    await expect(opening).rejects.toMatchObject({ code: 'SQLITE_CORRUPT' });
  });

  it('a path in a missing directory, and a path SQLite cannot open, fail with a DbError coded SQLITE_CANTOPEN', async () => {
    await expect(open('sqlite3', join(dir, 'missing', 'x.db'))).rejects.toMatchObject({
      name: 'DbError',
      code: 'SQLITE_CANTOPEN',
    });
    // A directory is not a database file.
    await expect(open('sqlite3', dir)).rejects.toMatchObject({ name: 'DbError', code: 'SQLITE_CANTOPEN' });
  });
});
