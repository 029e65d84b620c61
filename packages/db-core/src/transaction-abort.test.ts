import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { TransactionConflictError } from './errors.js';
import { openWithConfig } from './open.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

// MySQL's manual, "Deadlocks in InnoDB" / "InnoDB Error Handling": a deadlock rolls back the
// whole transaction of the victim (a lock wait timeout only the statement). A caller who catches
// the deadlock and writes again on the same Tx would write in autocommit mode, outside any
// transaction. The layer asks the server (@@in_transaction) after a failed statement.
// SQLite's own case (SQLITE_FULL) is in sqlite-faults.test.ts; PostgreSQL refuses every
// statement of an aborted transaction itself (25P02).

for (const target of dialectTargets().filter((t) => t.name === 'mysql')) {
  describe.skipIf(!target.available)(`[${target.name}] a transaction the server ended by itself`, () => {
    let scratch: ScratchDatabase;
    let db: Database;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig({ ...scratch.config, maxOpenConns: 3, acquireTimeoutMs: 10_000 });
      await db.exec('CREATE TABLE account (id VARCHAR(8) PRIMARY KEY, balance INTEGER NOT NULL)');
      await db.exec('CREATE TABLE note (id VARCHAR(32) PRIMARY KEY)');
      await db.exec("INSERT INTO account (id, balance) VALUES ('a', 0), ('b', 0)");
    });
    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    it('the deadlock victim that catches the error cannot write outside the transaction; withTransaction reports the deadlock', async () => {
      let arrived = 0;
      let meet: () => void = () => undefined;
      const bothLocked = new Promise<void>((resolve) => {
        meet = resolve;
      });
      const rendezvous = async () => {
        arrived++;
        if (arrived === 2) meet();
        await bothLocked;
      };
      const afterErrors: unknown[] = [];
      const transfer = (first: string, second: string, tag: string) =>
        db.withTransaction(async (tx) => {
          await tx.exec('INSERT INTO note (id) VALUES (?)', [`${tag}-before`]);
          await tx.exec('UPDATE account SET balance = balance + 1 WHERE id = ?', [first]);
          await rendezvous();
          try {
            await tx.exec('UPDATE account SET balance = balance - 1 WHERE id = ?', [second]);
          } catch (err) {
            // The caller: catch, then write again on the same tx.
            try {
              await tx.exec('INSERT INTO note (id) VALUES (?)', [`${tag}-after`]);
            } catch (after) {
              afterErrors.push(after);
            }
            throw err;
          }
        });
      const outcomes = await Promise.allSettled([transfer('a', 'b', 'one'), transfer('b', 'a', 'two')]);
      const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(TransactionConflictError);
      expect(rejected[0]?.reason).toMatchObject({ code: 'ER_LOCK_DEADLOCK' });
      expect(afterErrors).toHaveLength(1);
      expect(afterErrors[0]).toMatchObject({ name: 'DbError', code: 'TRANSACTION_ABORTED' });
      // Only the winner's note is kept: nothing of the victim, before or after the deadlock.
      const notes = (await db.query<{ id: string }>('SELECT id FROM note ORDER BY id')).map((r) => r.id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/-before$/);
    });
  });
}
