import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { Driver } from './driver.js';
import { DbError, isRetryable, TransactionConflictError, UsageError } from './errors.js';
import type { Transaction, TransactionOptions } from './executor.js';
import { openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

/** The driver's code for a deadlock, and for a serializable transaction that lost a write skew. */
const CONFLICT_CODES: Record<Exclude<Driver, 'sqlite3'>, { deadlock: string; serialization: string }> = {
  postgres: { deadlock: '40P01', serialization: '40001' },
  // MySQL's SERIALIZABLE takes shared locks on what it reads, so a write skew ends as a deadlock
  // (1213, SQLSTATE 40001) instead of PostgreSQL's serialization failure.
  mysql: { deadlock: 'ER_LOCK_DEADLOCK', serialization: 'ER_LOCK_DEADLOCK' },
};

/** A meeting point for two transactions: each waits here until the other has arrived too. */
function rendezvous(): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived++;
    if (arrived === 2) open();
    await opened;
  };
}

const RETRY = { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 50 };

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] transactions under contention`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    const key = target.driver === 'mysql' ? 'VARCHAR(64)' : 'TEXT';

    const ledger = async (tag: string) =>
      (await db.query<{ id: string }>('SELECT id FROM ledger WHERE id LIKE ? ORDER BY id', [`${tag}-%`])).map(
        (r) => r.id,
      );
    const balances = async () =>
      Object.fromEntries(
        (await db.query<{ id: string; balance: number }>('SELECT id, balance FROM account ORDER BY id')).map(
          (r) => [r.id, r.balance],
        ),
      );

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig({
        ...scratch.config,
        maxOpenConns: 4,
        acquireTimeoutMs: 10_000,
      });
      await db.exec(`CREATE TABLE account (id ${key} PRIMARY KEY, balance INTEGER NOT NULL)`);
      await db.exec(`CREATE TABLE ledger (id ${key} PRIMARY KEY)`);
      await db.exec("INSERT INTO account (id, balance) VALUES ('a', 0), ('b', 0)");
    });
    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    if (target.driver !== 'sqlite3') {
      const codes = CONFLICT_CODES[target.driver];

      /**
       * Two transactions that each lock one account, meet, then lock the other's: a deadlock
       * on the first attempt. Later attempts skip the meeting and simply queue for the locks.
       */
      const crossTransfers = (tag: string, options: TransactionOptions) => {
        const runs = { t1: 0, t2: 0 };
        const bothHoldOne = rendezvous();
        const transfer = (name: 't1' | 't2', first: string, second: string) =>
          db.withTransaction(async (tx) => {
            const attempt = ++runs[name];
            await tx.exec('UPDATE account SET balance = balance + 1 WHERE id = ?', [first]);
            if (attempt === 1) await bothHoldOne();
            await tx.exec('UPDATE account SET balance = balance + 1 WHERE id = ?', [second]);
            await tx.exec('INSERT INTO ledger (id) VALUES (?)', [`${tag}-${name}`]);
          }, options);
        const outcome = Promise.allSettled([transfer('t1', 'a', 'b'), transfer('t2', 'b', 'a')]);
        return { runs, outcome };
      };

      /**
       * Two serializable transactions that each count the ledger, meet, then add a row saying
       * what they saw: a write skew, so one of them must lose on its first attempt.
       */
      const writeSkew = (tag: string, options: TransactionOptions) => {
        const runs = { t1: 0, t2: 0 };
        const bothRead = rendezvous();
        const record = (name: 't1' | 't2') =>
          db.withTransaction(
            async (tx: Transaction) => {
              const attempt = ++runs[name];
              const [row] = await tx.query<{ c: number }>(
                'SELECT COUNT(*) AS c FROM ledger WHERE id LIKE ?',
                [`${tag}-%`],
              );
              if (attempt === 1) await bothRead();
              await tx.exec('INSERT INTO ledger (id) VALUES (?)', [`${tag}-saw-${row?.c}-${name}`]);
            },
            { isolationLevel: 'serializable', ...options },
          );
        const outcome = Promise.allSettled([record('t1'), record('t2')]);
        return { runs, outcome };
      };

      it('re-runs the whole callback of a deadlocked transaction with retry, committing each exactly once', async () => {
        const before = await balances();
        const { runs, outcome } = crossTransfers('dl-retry', { retry: RETRY });
        const results = await outcome;
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
        // One transaction lost the deadlock and ran a second time; the winner ran once.
        expect(runs.t1 + runs.t2).toBe(3);
        expect(await ledger('dl-retry')).toEqual(['dl-retry-t1', 'dl-retry-t2']);
        // The loser's first attempt was rolled back whole: each transfer counted exactly once.
        expect(await balances()).toEqual({ a: (before.a as number) + 2, b: (before.b as number) + 2 });
      });

      it('reports a deadlock without retry as a retryable TransactionConflictError, undoing the loser', async () => {
        const before = await balances();
        const { runs, outcome } = crossTransfers('dl-plain', {});
        const results = await outcome;
        expect(runs).toEqual({ t1: 1, t2: 1 });
        const failed = results.filter((r) => r.status === 'rejected');
        expect(failed).toHaveLength(1);
        const err = (failed[0] as PromiseRejectedResult).reason as TransactionConflictError;
        expect(err).toBeInstanceOf(TransactionConflictError);
        expect(err.retryable).toBe(true);
        expect(isRetryable(err)).toBe(true);
        expect(err.code).toBe(codes.deadlock);
        expect(err.cause).toBeInstanceOf(Error);
        expect(err.cause).not.toBeInstanceOf(DbError);
        const winner = results[0]?.status === 'fulfilled' ? 't1' : 't2';
        expect(await ledger('dl-plain')).toEqual([`dl-plain-${winner}`]);
        expect(await balances()).toEqual({ a: (before.a as number) + 1, b: (before.b as number) + 1 });
      });

      it('re-runs a serializable transaction that lost a write skew, so it sees the winner’s row', async () => {
        const { runs, outcome } = writeSkew('ws-retry', { retry: RETRY });
        const results = await outcome;
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
        expect(runs.t1 + runs.t2).toBe(3);
        const rows = await ledger('ws-retry');
        // The winner saw an empty ledger; the loser's second attempt saw the winner's row.
        expect(rows).toHaveLength(2);
        expect(rows.filter((id) => id.includes('-saw-0-'))).toHaveLength(1);
        expect(rows.filter((id) => id.includes('-saw-1-'))).toHaveLength(1);
      });

      it('reports a lost write skew without retry as a retryable TransactionConflictError', async () => {
        const { runs, outcome } = writeSkew('ws-plain', {});
        const results = await outcome;
        expect(runs).toEqual({ t1: 1, t2: 1 });
        const failed = results.filter((r) => r.status === 'rejected');
        expect(failed).toHaveLength(1);
        const err = (failed[0] as PromiseRejectedResult).reason as TransactionConflictError;
        expect(err).toBeInstanceOf(TransactionConflictError);
        expect(isRetryable(err)).toBe(true);
        expect(err.code).toBe(codes.serialization);
        expect(await ledger('ws-plain')).toHaveLength(1);
      });
    }

    if (target.driver === 'sqlite3') {
      it('gives a writer kept waiting past busyTimeoutMs a retryable conflict; with retry it commits once the lock is free', async () => {
        // A file of its own: every Database on one file shares one connection, and its busy timeout.
        const file = await createScratchDatabase(target);
        const impatient = await openWithConfig({ driver: 'sqlite3', dsn: file.dsn, busyTimeoutMs: 100 });
        await impatient.exec('CREATE TABLE ledger (id TEXT PRIMARY KEY)');
        // Another connection to the file (as another process would have) holds the write lock.
        const other = new BetterSqlite3(file.dsn);
        try {
          other.exec('BEGIN IMMEDIATE');
          const started = Date.now();
          const err = await impatient
            .withTransaction((tx) => tx.exec('INSERT INTO ledger (id) VALUES (?)', ['plain']))
            .catch((e: unknown) => e);
          expect(err).toBeInstanceOf(TransactionConflictError);
          expect(isRetryable(err)).toBe(true);
          expect((err as DbError).code).toMatch(/^SQLITE_BUSY/);
          expect(Date.now() - started).toBeGreaterThanOrEqual(90);

          // The lock is let go while the retry policy waits between attempts (each attempt
          // blocks the event loop for the busy timeout: better-sqlite3 is synchronous).
          setTimeout(() => other.exec('COMMIT'), 150);
          let runs = 0;
          await impatient.withTransaction(
            async (tx) => {
              runs++;
              await tx.exec('INSERT INTO ledger (id) VALUES (?)', ['retried']);
            },
            { retry: { maxAttempts: 10, initialDelayMs: 20, maxDelayMs: 40 } },
          );
          // BEGIN IMMEDIATE is what waits, so the callback itself ran exactly once.
          expect(runs).toBe(1);
          expect(await impatient.query('SELECT id FROM ledger')).toEqual([{ id: 'retried' }]);
        } finally {
          if (other.inTransaction) other.exec('ROLLBACK');
          other.close();
          await impatient.close();
          await file.drop();
        }
      });
    }

    it('gives up after maxAttempts and rethrows the last conflict; other errors are never retried', async () => {
      let runs = 0;
      const conflict = await db
        .withTransaction(
          async (tx) => {
            runs++;
            await tx.exec('INSERT INTO ledger (id) VALUES (?)', [`give-up-${runs}`]);
            throw new TransactionConflictError(`conflict ${runs}`, { code: 'TEST' });
          },
          { retry: { maxAttempts: 3, initialDelayMs: 1 } },
        )
        .catch((e: unknown) => e);
      expect(runs).toBe(3);
      expect((conflict as Error).message).toBe('conflict 3');
      expect(await ledger('give-up')).toEqual([]);

      let plainRuns = 0;
      const plain = new Error('not a conflict');
      await expect(
        db.withTransaction(
          async () => {
            plainRuns++;
            throw plain;
          },
          { retry: true },
        ),
      ).rejects.toBe(plain);
      expect(plainRuns).toBe(1);
      // A hand-run transaction cannot be re-run by the layer, and a savepoint cannot retry alone.
      await expect(db.begin({ retry: true })).rejects.toBeInstanceOf(UsageError);
      await expect(
        db.withTransaction((tx) => tx.withTransaction(async () => 1, { retry: true })),
      ).rejects.toBeInstanceOf(UsageError);
      await expect(db.withTransaction(async () => 1, { retry: { maxAttempts: 0 } })).rejects.toThrow(
        /maxAttempts/,
      );
    });
  });
}
