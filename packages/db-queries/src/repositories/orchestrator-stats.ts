import type { Executor } from '@itinerary/db-core';
import {
  type OrchestratorStats,
  type OrchestratorStatsInput,
  orchestratorStatsInputSchema,
  validate,
} from '@itinerary/db-schema';
import { checkId } from '../arguments.js';

interface OrchestratorStatsRow {
  run_id: string;
  stats_period_id: string;
  runtime: number;
  constraints_checked: number;
  actions_taken: number;
}

/** Validates and records one run's orchestrator figures; a second write for the run is a `DuplicateError`. */
export async function createOrchestratorStats(
  db: Executor,
  input: OrchestratorStatsInput,
): Promise<OrchestratorStats> {
  const s = validate(orchestratorStatsInputSchema, input, 'orchestrator stats');
  await db.exec(
    'INSERT INTO orchestrator_stats (run_id, stats_period_id, runtime, constraints_checked, actions_taken) VALUES (?, ?, ?, ?, ?)',
    [s.runId, s.statsPeriodId, s.runtime, s.constraintsChecked, s.actionsTaken],
  );
  return s;
}

/** Reads the orchestrator figures of every run in one stats period, ordered by run id. */
export async function getOrchestratorStats(
  db: Executor,
  statsPeriodId: string,
): Promise<OrchestratorStats[]> {
  const rows = await db.query<OrchestratorStatsRow & Record<string, unknown>>(
    'SELECT run_id, stats_period_id, runtime, constraints_checked, actions_taken FROM orchestrator_stats WHERE stats_period_id = ? ORDER BY run_id',
    [checkId(statsPeriodId, 'stats period id')],
  );
  return rows.map((row) => ({
    runId: row.run_id,
    statsPeriodId: row.stats_period_id,
    runtime: row.runtime,
    constraintsChecked: row.constraints_checked,
    actionsTaken: row.actions_taken,
  }));
}
