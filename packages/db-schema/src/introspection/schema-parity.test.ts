import { type Database, type Driver, open, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../migrations/index.js';
import {
  introspectSchema,
  type ReferentialAction,
  type SchemaSnapshot,
  type TableSnapshot,
} from './index.js';

// The spec's Schema Definition and Indexing Strategy (shared/spec/database-layer.md), written
// out here so the migrations are checked against the spec and not only against each other.
const SPEC_TABLES = [
  'actions',
  'constraint_violations',
  'constraints',
  'job_actions',
  'job_runs',
  'jobs',
  'orchestrator_stats',
  'scheduler_stats',
];

const SPEC_PRIMARY_KEYS: Record<string, string[]> = {
  actions: ['id'],
  constraint_violations: ['id'],
  constraints: ['id'],
  job_actions: ['job_id', 'action_id'],
  job_runs: ['job_id', 'scheduled_at'],
  jobs: ['id'],
  orchestrator_stats: ['run_id'],
  scheduler_stats: ['stats_period_id'],
};

const SPEC_INDEXES = [
  { table: 'job_runs', name: 'idx_job_runs_run_id', columns: ['run_id'], unique: true },
  { table: 'jobs', name: 'idx_jobs_constraint_id', columns: ['constraint_id'], unique: false },
  { table: 'job_actions', name: 'idx_job_actions_constraint_id', columns: ['constraint_id'], unique: false },
  { table: 'job_runs', name: 'idx_job_runs_job_id', columns: ['job_id'], unique: false },
  {
    table: 'constraint_violations',
    name: 'idx_constraint_violations_run_id',
    columns: ['run_id'],
    unique: false,
  },
  {
    table: 'constraint_violations',
    name: 'idx_constraint_violations_constraint_id',
    columns: ['constraint_id'],
    unique: false,
  },
  {
    table: 'orchestrator_stats',
    name: 'idx_orchestrator_stats_stats_period_id',
    columns: ['stats_period_id'],
    unique: false,
  },
];

const SPEC_FOREIGN_KEYS: Array<{
  table: string;
  column: string;
  references: string;
  onDelete: ReferentialAction;
}> = [
  { table: 'jobs', column: 'constraint_id', references: 'constraints.id', onDelete: 'set null' },
  { table: 'job_actions', column: 'job_id', references: 'jobs.id', onDelete: 'cascade' },
  { table: 'job_actions', column: 'action_id', references: 'actions.id', onDelete: 'cascade' },
  { table: 'job_actions', column: 'constraint_id', references: 'constraints.id', onDelete: 'cascade' },
  { table: 'job_runs', column: 'job_id', references: 'jobs.id', onDelete: 'cascade' },
  { table: 'constraint_violations', column: 'run_id', references: 'job_runs.run_id', onDelete: 'cascade' },
  {
    table: 'constraint_violations',
    column: 'constraint_id',
    references: 'constraints.id',
    onDelete: 'cascade',
  },
  {
    table: 'orchestrator_stats',
    column: 'stats_period_id',
    references: 'scheduler_stats.stats_period_id',
    onDelete: 'cascade',
  },
];

function table(snapshot: SchemaSnapshot, name: string): TableSnapshot {
  const found = snapshot.tables.find((t) => t.name === name);
  if (!found) throw new Error(`the snapshot has no table ${name}`);
  return found;
}

/** What the SQLite migrations build, read from a fresh in-memory database. */
async function sqliteReference(): Promise<SchemaSnapshot> {
  const reference = await open('sqlite3', ':memory:');
  try {
    await migrate(reference);
    return await introspectSchema(reference);
  } finally {
    await reference.close();
  }
}

// Filled as each dialect's block runs, so later blocks compare against every earlier one.
const snapshots = new Map<Driver, SchemaSnapshot>();

for (const target of dialectTargets().filter((t) => t.name !== 'pgbouncer')) {
  describe.skipIf(!target.available)(`[${target.name}] schema parity`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    let snapshot: SchemaSnapshot;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig(scratch.config);
      await migrate(db);
      snapshot = await introspectSchema(db);
      snapshots.set(target.driver, snapshot);
    });

    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    it('introspects the same schema as the SQLite migrations build', async () => {
      const reference = await sqliteReference();
      // Table by table first, so a failure names the table that differs.
      for (const expected of reference.tables) {
        expect(
          snapshot.tables.find((t) => t.name === expected.name),
          expected.name,
        ).toEqual(expected);
      }
      expect(snapshot).toEqual(reference);
    });

    it('equals the snapshot of every other dialect that ran', () => {
      for (const [driver, other] of snapshots) {
        expect(snapshot, `${target.driver} against ${driver}`).toEqual(other);
      }
    });

    it("has exactly the spec's eight tables, without the migration history table", () => {
      expect(snapshot.tables.map((t) => t.name)).toEqual(SPEC_TABLES);
    });

    it("has the spec's primary keys", () => {
      for (const [name, key] of Object.entries(SPEC_PRIMARY_KEYS)) {
        expect(table(snapshot, name).primaryKey, name).toEqual(key);
      }
    });

    it("has every index of the spec's indexing strategy", () => {
      for (const { table: name, ...index } of SPEC_INDEXES) {
        expect(table(snapshot, name).indexes, index.name).toContainEqual(index);
      }
    });

    it('has the foreign keys with the delete rules the spec states', () => {
      const actual = snapshot.tables.flatMap((t) =>
        t.foreignKeys.map((fk) => ({
          table: t.name,
          column: fk.columns.join(','),
          references: `${fk.referencedTable}.${fk.referencedColumns.join(',')}`,
          onDelete: fk.onDelete,
        })),
      );
      const order = (a: { table: string; column: string }, b: { table: string; column: string }) =>
        `${a.table}.${a.column}` < `${b.table}.${b.column}` ? -1 : 1;
      expect(actual.sort(order)).toEqual([...SPEC_FOREIGN_KEYS].sort(order));
      for (const fk of snapshot.tables.flatMap((t) => t.foreignKeys)) expect(fk.onUpdate).toBe('no action');
    });

    it('reads each column type as the category the data layer decodes it as', () => {
      expect(table(snapshot, 'job_runs').columns).toEqual([
        { name: 'completed_at', type: 'timestamp', nullable: true },
        { name: 'error', type: 'text', nullable: true },
        { name: 'job_id', type: 'text', nullable: false },
        { name: 'run_id', type: 'text', nullable: false },
        { name: 'scheduled_at', type: 'timestamp', nullable: false },
        { name: 'started_at', type: 'timestamp', nullable: true },
        { name: 'status', type: 'text', nullable: false },
        { name: 'success', type: 'boolean', nullable: true },
      ]);
      const constraints = table(snapshot, 'constraints').columns;
      for (const name of ['pre_run_hook', 'post_run_hook', 'require_previous_success']) {
        expect(
          constraints.find((c) => c.name === name),
          name,
        ).toEqual({ name, type: 'json', nullable: true });
      }
      expect(table(snapshot, 'jobs').columns.find((c) => c.name === 'pod_spec')?.type).toBe('json');
      // 0003_jobs_time_zone: an IANA name or NULL (= UTC).
      expect(table(snapshot, 'jobs').columns.find((c) => c.name === 'time_zone')).toEqual({
        name: 'time_zone',
        type: 'text',
        nullable: true,
      });
      const stats = table(snapshot, 'scheduler_stats').columns;
      expect(stats.find((c) => c.name === 'avg_inbox_length')).toEqual({
        name: 'avg_inbox_length',
        type: 'float',
        nullable: true,
      });
      expect(stats.find((c) => c.name === 'iterations')).toEqual({
        name: 'iterations',
        type: 'integer',
        nullable: false,
      });
      const types = new Set(snapshot.tables.flatMap((t) => t.columns.map((c) => c.type)));
      expect(types.has('other')).toBe(false);
    });
  });
}
