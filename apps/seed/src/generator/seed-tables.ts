import type {
  Action,
  Constraint,
  ConstraintViolation,
  Job,
  JobAction,
  JobRun,
  OrchestratorStats,
  SchedulerStats,
} from '@itinerary/db-schema';
import { SCHEMA_TABLES } from '@itinerary/db-schema';

/** Every table the seed writes, parents before children: the order rows must be inserted in. */
export const SEED_TABLES = SCHEMA_TABLES;

export type SeedTable = (typeof SEED_TABLES)[number];

/** The row type of each table, as db-schema defines it (timestamps included, so they are reproducible). */
export interface SeedRows {
  constraints: Constraint;
  actions: Action;
  jobs: Job;
  job_actions: JobAction;
  job_runs: JobRun;
  constraint_violations: ConstraintViolation;
  scheduler_stats: SchedulerStats;
  orchestrator_stats: OrchestratorStats;
}

/** A batch of rows of one table. */
export type SeedBatch = { [T in SeedTable]: { table: T; rows: SeedRows[T][] } }[SeedTable];

/** A number per table. */
export type RowCounts = Record<SeedTable, number>;

/** Zero rows in every table. */
export function emptyCounts(): RowCounts {
  return Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as RowCounts;
}
