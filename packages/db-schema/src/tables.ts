/**
 * Every table of the schema, parents before children: the order rows can be inserted in,
 * and, reversed, the order they can be deleted in without breaking a foreign key.
 */
export const SCHEMA_TABLES = [
  'constraints',
  'actions',
  'jobs',
  'job_actions',
  'job_runs',
  'constraint_violations',
  'scheduler_stats',
  'orchestrator_stats',
] as const;

/** The name of a table of the schema. */
export type SchemaTable = (typeof SCHEMA_TABLES)[number];
