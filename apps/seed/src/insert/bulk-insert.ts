import type { Executor } from '@itinerary/db-core';
import { emptyCounts, type RowCounts, type SeedBatch, type SeedTable } from '../generator/seed-tables.js';
import { type InsertStatement, StatementSource } from './statement-source.js';

/** Where a load stands, after each statement. */
export interface InsertProgress {
  /** The table the last statement wrote to. */
  table: SeedTable;
  /** Rows written so far, per table. */
  written: RowCounts;
  /** Rows written so far, all tables. */
  total: number;
}

/** Options of `insertBatches`. */
export interface InsertOptions {
  /** Called after every statement. */
  onProgress?: (progress: InsertProgress) => void;
  /** Stops before the next transaction once aborted; what was committed stays. */
  signal?: AbortSignal;
  /** Statements per transaction (default 8): fewer commits, bounded transaction size. */
  statementsPerTransaction?: number;
}

/** What a load wrote. */
export interface InsertResult {
  written: RowCounts;
  total: number;
  /** True when `signal` stopped the load before every row was written. */
  interrupted: boolean;
}

// Hands the event loop back for one turn, so a statement just started reaches the driver's
// socket before the next one is built; the server then works while this process generates.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes batches of rows with multi-row INSERTs, several statements per transaction, building
 * each statement while the previous one runs. Rows are trusted: nothing is validated here.
 */
export async function insertBatches(
  db: Executor,
  batches: Iterable<SeedBatch>,
  options: InsertOptions = {},
): Promise<InsertResult> {
  const perTransaction = Math.max(1, options.statementsPerTransaction ?? 8);
  const source = new StatementSource(batches);
  const written = emptyCounts();
  let total = 0;
  let next: InsertStatement | undefined = source.next();
  while (next !== undefined) {
    if (options.signal?.aborted) return { written, total, interrupted: true };
    await db.withTransaction(async (tx) => {
      for (let i = 0; i < perTransaction && next !== undefined; i++) {
        const current: InsertStatement = next;
        const running = tx.exec(current.sql, current.params);
        // Marked handled at once: a failure while the next statement is built must not count as unhandled.
        running.catch(() => undefined);
        try {
          await nextTurn();
          next = source.next();
        } catch (err) {
          // Let the statement in flight settle before the transaction rolls back.
          await running.catch(() => undefined);
          throw err;
        }
        await running;
        written[current.table] += current.rows;
        total += current.rows;
        options.onProgress?.({ table: current.table, written, total });
      }
    });
  }
  return { written, total, interrupted: false };
}
