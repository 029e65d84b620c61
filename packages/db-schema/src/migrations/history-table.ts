import type { Executor, Row } from '@itinerary/db-core';
import { HISTORY_STATEMENTS, HISTORY_TABLE } from './history-statements.js';
import type { AppliedMigration } from './migration-types.js';

const COLUMNS =
  'version, name, checksum, applied_at, duration_ms, statements_total, statements_applied, status';

/** Creates the history table when it does not exist yet; call it holding the migration lock. */
export async function ensureHistoryTable(executor: Executor): Promise<void> {
  await executor.exec(HISTORY_STATEMENTS[executor.driver].createTable);
}

/** True when the history table exists, asked of the catalogue so a read-only caller creates nothing. */
export async function historyTableExists(executor: Executor): Promise<boolean> {
  const rows = await executor.query(HISTORY_STATEMENTS[executor.driver].countTables, [HISTORY_TABLE]);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Every history row in version order. */
export async function readHistory(executor: Executor): Promise<AppliedMigration[]> {
  const rows = await executor.query(`SELECT ${COLUMNS} FROM ${HISTORY_TABLE} ORDER BY version`);
  return rows.map(toAppliedMigration);
}

/** The history, or nothing when no migration ever ran (so reading creates no table). */
export async function readHistoryIfPresent(executor: Executor): Promise<AppliedMigration[]> {
  return (await historyTableExists(executor)) ? readHistory(executor) : [];
}

/** Writes a history row. */
export async function insertHistoryRow(executor: Executor, row: AppliedMigration): Promise<void> {
  await executor.exec(`INSERT INTO ${HISTORY_TABLE} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
    row.version,
    row.name,
    row.checksum,
    row.appliedAt,
    row.durationMs,
    row.statementsTotal,
    row.statementsApplied,
    row.status,
  ]);
}

/** Records that the first `statementsApplied` statements of a partial migration have committed. */
export async function recordProgress(
  executor: Executor,
  version: number,
  statementsApplied: number,
): Promise<void> {
  await executor.exec(`UPDATE ${HISTORY_TABLE} SET statements_applied = ? WHERE version = ?`, [
    statementsApplied,
    version,
  ]);
}

/** Marks a partial migration complete. */
export async function markApplied(
  executor: Executor,
  version: number,
  appliedAt: Date,
  durationMs: number,
): Promise<void> {
  await executor.exec(
    `UPDATE ${HISTORY_TABLE} SET status = 'applied', statements_applied = statements_total, applied_at = ?, duration_ms = ? WHERE version = ?`,
    [appliedAt, durationMs, version],
  );
}

/** Removes a history row (a MySQL migration whose first statement failed, so nothing of it applied). */
export async function deleteHistoryRow(executor: Executor, version: number): Promise<void> {
  await executor.exec(`DELETE FROM ${HISTORY_TABLE} WHERE version = ?`, [version]);
}

function toAppliedMigration(row: Row): AppliedMigration {
  const appliedAt = row.applied_at;
  return {
    version: Number(row.version),
    name: String(row.name),
    checksum: String(row.checksum),
    appliedAt: appliedAt instanceof Date ? appliedAt : new Date(String(appliedAt)),
    durationMs: Number(row.duration_ms),
    status: row.status === 'partial' ? 'partial' : 'applied',
    statementsTotal: Number(row.statements_total),
    statementsApplied: Number(row.statements_applied),
  };
}
