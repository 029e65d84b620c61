import { type Database, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../migrations/index.js';
import {
  compareSnapshots,
  introspectSchema,
  type SchemaSnapshot,
  type TableSnapshot,
  verifySchema,
} from './index.js';

function table(snapshot: SchemaSnapshot, name: string): TableSnapshot {
  const found = snapshot.tables.find((t) => t.name === name);
  if (!found) throw new Error(`the snapshot has no table ${name}`);
  return found;
}

// The tests below change the schema step by step and put each change back, so they share one
// database and run in order; the dropped table comes last.
for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] verifySchema`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    const dropIndex = (name: string, on: string) =>
      target.driver === 'mysql' ? `DROP INDEX ${name} ON ${on}` : `DROP INDEX ${name}`;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig(scratch.config);
    });

    afterAll(async () => {
      await db?.close();
      await scratch?.drop();
    });

    it('an unmigrated database is checked against the empty schema of no version', async () => {
      expect(await verifySchema(db)).toEqual({ ok: true, version: null, differences: [], extraTables: [] });
    });

    it('a database migrated part-way is checked against the schema of its own version', async () => {
      await migrate(db, { target: 1 });
      expect(await verifySchema(db)).toEqual({ ok: true, version: 1, differences: [], extraTables: [] });
    });

    it('a freshly migrated database verifies ok', async () => {
      await migrate(db);
      const latest = (await loadMigrations(target.driver)).at(-1)?.version;
      expect(await verifySchema(db)).toEqual({ ok: true, version: latest, differences: [], extraTables: [] });
    });

    // idx_job_runs_job_id can be dropped even on MySQL: the primary key (job_id, scheduled_at)
    // still serves the job_id foreign key, so InnoDB neither refuses nor adds an index of its own.
    it('reports a dropped index', async () => {
      await db.exec(dropIndex('idx_job_runs_job_id', 'job_runs'));
      const result = await verifySchema(db);
      expect(result).toMatchObject({ ok: false, extraTables: [] });
      expect(result.differences).toEqual(['table job_runs: missing index idx_job_runs_job_id (job_id)']);
      await db.exec('CREATE INDEX idx_job_runs_job_id ON job_runs (job_id)');
      expect((await verifySchema(db)).ok).toBe(true);
    });

    it('reports an extra column in a table of the schema', async () => {
      await db.exec('ALTER TABLE jobs ADD COLUMN extra_col INTEGER');
      const result = await verifySchema(db);
      expect(result.ok).toBe(false);
      expect(result.differences).toEqual(['table jobs: extra column extra_col (integer, nullable)']);
      await db.exec('ALTER TABLE jobs DROP COLUMN extra_col');
      expect((await verifySchema(db)).ok).toBe(true);
    });

    it('reports a dropped column', async () => {
      await db.exec('ALTER TABLE job_runs DROP COLUMN error');
      const result = await verifySchema(db);
      expect(result.ok).toBe(false);
      expect(result.differences).toEqual(['table job_runs: missing column error (text, nullable)']);
      await db.exec('ALTER TABLE job_runs ADD COLUMN error TEXT');
      expect((await verifySchema(db)).ok).toBe(true);
    });

    it("lists other applications' tables apart, without failing, and reads them like the schema's", async () => {
      await db.exec('CREATE TABLE extra_parent (id INTEGER NOT NULL PRIMARY KEY)');
      // One unnamed key with no rule and one named RESTRICT key: on MySQL both get an index
      // InnoDB makes itself, and MariaDB reports RESTRICT for the first.
      await db.exec(`CREATE TABLE extra_child (
        id INTEGER NOT NULL PRIMARY KEY,
        parent_id INTEGER,
        other_id INTEGER NOT NULL,
        FOREIGN KEY (parent_id) REFERENCES extra_parent (id),
        CONSTRAINT fk_extra_child_other_id FOREIGN KEY (other_id) REFERENCES extra_parent (id) ON DELETE RESTRICT
      )`);
      try {
        const result = await verifySchema(db);
        expect(result).toMatchObject({
          ok: true,
          differences: [],
          extraTables: ['extra_child', 'extra_parent'],
        });
        expect(table(await introspectSchema(db), 'extra_child')).toEqual({
          name: 'extra_child',
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'other_id', type: 'integer', nullable: false },
            { name: 'parent_id', type: 'integer', nullable: true },
          ],
          primaryKey: ['id'],
          foreignKeys: [
            {
              columns: ['other_id'],
              referencedTable: 'extra_parent',
              referencedColumns: ['id'],
              // InnoDB enforces RESTRICT as NO ACTION and cannot report which was written.
              onDelete: target.driver === 'mysql' ? 'no action' : 'restrict',
              onUpdate: 'no action',
            },
            {
              columns: ['parent_id'],
              referencedTable: 'extra_parent',
              referencedColumns: ['id'],
              onDelete: 'no action',
              onUpdate: 'no action',
            },
          ],
          indexes: [],
        });
      } finally {
        await db.exec('DROP TABLE extra_child');
        await db.exec('DROP TABLE extra_parent');
      }
    });

    it('describes a changed type, nullability, primary key, index and delete rule', async () => {
      // Changes SQLite cannot make in place, made to a copy of the live snapshot instead.
      const live = await introspectSchema(db);
      const changed = structuredClone(live);
      const jobs = table(changed, 'jobs');
      for (const column of jobs.columns) {
        if (column.name === 'name') column.nullable = true;
        if (column.name === 'pod_spec') column.type = 'text';
      }
      for (const fk of jobs.foreignKeys) fk.onDelete = 'cascade';
      table(changed, 'job_actions').primaryKey = ['job_id'];
      for (const index of table(changed, 'job_runs').indexes) {
        if (index.name === 'idx_job_runs_run_id') index.unique = false;
      }
      expect(compareSnapshots(live, changed)).toEqual({
        differences: [
          'table job_actions: primary key is (job_id), expected (job_id, action_id)',
          'table job_runs: index idx_job_runs_run_id (run_id), expected unique index idx_job_runs_run_id (run_id)',
          'column jobs.name: nullable, expected NOT NULL',
          'column jobs.pod_spec: type is text, expected json',
          'foreign key jobs (constraint_id): ON DELETE CASCADE, expected SET NULL',
        ],
        extraTables: [],
      });

      for (const fk of jobs.foreignKeys) fk.onDelete = 'restrict';
      const noAction = structuredClone(changed);
      for (const fk of table(noAction, 'jobs').foreignKeys) fk.onDelete = 'no action';
      expect(compareSnapshots(changed, noAction, { restrictIsNoAction: true }).differences).toEqual([]);
      expect(compareSnapshots(changed, noAction).differences).toEqual([
        'foreign key jobs (constraint_id): ON DELETE NO ACTION, expected RESTRICT',
      ]);
    });

    it('reports a dropped table', async () => {
      await db.exec('DROP TABLE orchestrator_stats');
      const result = await verifySchema(db);
      expect(result).toMatchObject({ ok: false, extraTables: [] });
      expect(result.differences).toEqual(['missing table orchestrator_stats']);
    });
  });
}
