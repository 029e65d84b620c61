import type { Executor } from '@itinerary/db-core';
import { insertHistoryRow } from './history-table.js';
import { MigrationFailedError } from './migration-errors.js';
import type { AppliedMigrationReport, Migration } from './migration-types.js';
import { causeMessage, quoteStatement } from './statement-failure.js';

/**
 * Applies one migration where DDL is transactional (PostgreSQL, SQLite): its statements and
 * its history row commit together or not at all. On SQLite `executor` is the run's lock
 * transaction, so this is a savepoint and a failure undoes only this migration.
 */
export async function applyTransactional(
  executor: Executor,
  migration: Migration,
): Promise<AppliedMigrationReport> {
  const started = performance.now();
  const total = migration.statements.length;
  let index = 0;
  let durationMs = 0;
  try {
    await executor.withTransaction(async (tx) => {
      for (; index < total; index++) {
        await tx.exec(migration.statements[index] as string, [], { prepare: false });
      }
      durationMs = Math.round(performance.now() - started);
      await insertHistoryRow(tx, {
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        appliedAt: new Date(),
        durationMs,
        statementsTotal: total,
        statementsApplied: total,
        status: 'applied',
      });
    });
  } catch (err) {
    const where =
      index < total
        ? `failed at statement ${index + 1} of ${total}:\n\n${quoteStatement(migration.statements[index] as string)}\n\n`
        : 'ran, but recording it in the history table failed: ';
    throw new MigrationFailedError(
      `migration ${migration.label} ${where}${causeMessage(err)}\nIt was rolled back, so none of it is applied (migrations before it in this run stay applied). Fix the file (it was never applied, so editing it is safe) and run the migrator again.`,
      { driver: executor.driver, version: migration.version, cause: err },
    );
  }
  return {
    version: migration.version,
    name: migration.name,
    label: migration.label,
    checksum: migration.checksum,
    durationMs,
  };
}
