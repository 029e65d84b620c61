export { main } from './cli.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { mulberry32 } from './generator/mulberry32.js';
export { Random } from './generator/random.js';
export {
  type RowCounts,
  SEED_TABLES,
  type SeedBatch,
  type SeedRows,
  type SeedTable,
} from './generator/seed-tables.js';
export { STATS_PERIOD_MS, SYNTHETIC_NOW } from './generator/synthetic-clock.js';
export {
  generateSyntheticData,
  MAX_JOBS,
  MAX_RUNS_PER_JOB,
  SYNTHETIC_DEFAULTS,
  type SyntheticDataSet,
  type SyntheticOptions,
  syntheticDataSet,
} from './generator/synthetic-data-set.js';
export {
  type InsertOptions,
  type InsertProgress,
  type InsertResult,
  insertBatches,
} from './insert/bulk-insert.js';
export { insertStatement, MAX_PARAMS_PER_STATEMENT, rowsPerStatement } from './insert/insert-statement.js';
export { SeedRefusedError } from './seed-refused-error.js';
export { seedSyntheticData } from './seed-synthetic.js';
