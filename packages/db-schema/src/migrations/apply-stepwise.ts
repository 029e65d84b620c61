import { ConnectionError, type Executor } from '@itinerary/db-core';
import { HISTORY_TABLE } from './history-statements.js';
import { deleteHistoryRow, insertHistoryRow, markApplied, recordProgress } from './history-table.js';
import { MigrationFailedError, partialExplanation } from './migration-errors.js';
import type { AppliedMigrationReport, Migration } from './migration-types.js';
import { causeMessage, quoteStatement } from './statement-failure.js';

/**
 * Applies one migration where DDL commits as it runs (MySQL): a `partial` history row is
 * written first, the statements run one by one with the count of committed ones recorded
 * after each, and the row becomes `applied` at the end. A failure or a crash leaves the row
 * `partial`, saying how far it got, and later runs refuse until someone resolves it.
 */
export async function applyStepwise(
  executor: Executor,
  migration: Migration,
): Promise<AppliedMigrationReport> {
  const started = performance.now();
  const total = migration.statements.length;
  const { version } = migration;
  try {
    await insertHistoryRow(executor, {
      version,
      name: migration.name,
      checksum: migration.checksum,
      appliedAt: new Date(),
      durationMs: 0,
      statementsTotal: total,
      statementsApplied: 0,
      status: 'partial',
    });
  } catch (err) {
    throw new MigrationFailedError(
      `migration ${migration.label} did not start: recording it in the history table failed: ${causeMessage(err)}. Nothing of it was applied; run the migrator again.`,
      { driver: executor.driver, version, cause: err },
    );
  }
  for (let index = 0; index < total; index++) {
    const statement = migration.statements[index] as string;
    try {
      await executor.exec(statement, [], { prepare: false });
    } catch (err) {
      throw await failed(executor, migration, index, err);
    }
    try {
      await recordProgress(executor, version, index + 1);
    } catch (err) {
      // The statement committed but the row says otherwise: the message must point past it.
      throw failedBookkeeping(executor, migration, index + 1, err);
    }
  }
  const durationMs = Math.round(performance.now() - started);
  try {
    await markApplied(executor, version, new Date(), durationMs);
  } catch (err) {
    throw failedBookkeeping(executor, migration, total, err);
  }
  return { version, name: migration.name, label: migration.label, checksum: migration.checksum, durationMs };
}

async function failed(
  executor: Executor,
  migration: Migration,
  index: number,
  err: unknown,
): Promise<MigrationFailedError> {
  const { version } = migration;
  const total = migration.statements.length;
  const statement = quoteStatement(migration.statements[index] as string);
  const head = `migration ${migration.label} failed at statement ${index + 1} of ${total}: ${causeMessage(err)}\n\n${statement}\n\n`;
  // A statement the server refused did not commit, so when it was the first one nothing of the
  // file is applied and the row can go. After a lost connection nobody knows, so it stays.
  if (index === 0 && !(err instanceof ConnectionError)) {
    const removed = await deleteHistoryRow(executor, version).then(
      () => true,
      () => false,
    );
    if (removed) {
      return new MigrationFailedError(
        `${head}Nothing of it was applied and its history row was removed. Fix the file and run the migrator again.`,
        { driver: executor.driver, version, cause: err },
      );
    }
  }
  return new MigrationFailedError(
    `${head}${partialExplanation(partialDetails(executor, migration, index))}`,
    {
      driver: executor.driver,
      version,
      cause: err,
    },
  );
}

function failedBookkeeping(
  executor: Executor,
  migration: Migration,
  committed: number,
  err: unknown,
): MigrationFailedError {
  const total = migration.statements.length;
  const head = `migration ${migration.label}: statement ${committed} of ${total} was applied, but recording that in the history table failed: ${causeMessage(err)}\n`;
  const rest =
    committed === total
      ? `Every statement ran; only the history row still says partial. Mark it applied by hand (UPDATE ${HISTORY_TABLE} SET status = 'applied', statements_applied = statements_total WHERE version = ${migration.version}) and run the migrator again.`
      : `The history row may count fewer applied statements than the ${committed} that ran. ${partialExplanation(partialDetails(executor, migration, committed))}`;
  return new MigrationFailedError(head + rest, {
    driver: executor.driver,
    version: migration.version,
    cause: err,
  });
}

function partialDetails(executor: Executor, migration: Migration, applied: number) {
  return {
    driver: executor.driver,
    version: migration.version,
    label: migration.label,
    statementsApplied: applied,
    statementsTotal: migration.statements.length,
    firstUnapplied: migration.statements[applied],
    fileChanged: false,
    fileChecksum: migration.checksum,
  };
}
