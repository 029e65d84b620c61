import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import { MIGRATION_HISTORY_TABLE } from '@itinerary/db-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonEvents, runCli, ScratchDatabases } from './cli.test-support.js';
import { SEED_TABLES, type SeedTable } from './generator/seed-tables.js';
import { seedSyntheticData } from './seed-synthetic.js';

const FIXTURE_COUNTS = {
  constraints: 2,
  actions: 3,
  jobs: 3,
  job_actions: 3,
  job_runs: 5,
  constraint_violations: 2,
  scheduler_stats: 1,
  orchestrator_stats: 2,
};

async function rowCounts(db: Database): Promise<Record<SeedTable, number>> {
  const counts = {} as Record<SeedTable, number>;
  for (const table of SEED_TABLES) {
    counts[table] = Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);
  }
  return counts;
}

describe('itinerary-seed usage', () => {
  it('prints help with every option, its default and the exit codes', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: itinerary-seed/);
    for (const option of [
      '--database-url <url>',
      '--driver <driver>',
      '--dsn <dsn>',
      '--fixtures',
      '--reset',
      '--yes',
      '--json',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stdout).toMatch(/--jobs <n>\s+synthetic: number of jobs \(default: 1000\)/);
    expect(help.stdout).toMatch(/--runs-per-job <n>[\s\S]*?\(default: 10\)/);
    expect(help.stdout).toMatch(/--seed <n>[\s\S]*?\(default: 1\)/);
    expect(help.stdout).toContain('sqlite:./itinerary.db');
    for (const code of [0, 1, 2, 3, 4, 5, 7])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
    expect(help.stdout).toMatch(/itinerary-migrate up/);
  });

  it('exits 2 on bad usage and bad configuration', async () => {
    const cases = [
      ['--jobs', '-1'],
      ['--jobs', 'many'],
      ['--runs-per-job', '1.5'],
      ['--seed', '4294967296'],
      ['--sideways'],
      ['extra-argument'],
      ['--fixtures', '--jobs', '5'],
      ['--database-url', 'oracle://db/x'],
      ['--database-url', 'sqlite::memory:', '--driver', 'mysql', '--dsn', 'x'],
    ];
    const runs = await Promise.all(cases.map((args) => runCli(args)));
    runs.forEach((run, i) => {
      const args = (cases[i] as string[]).join(' ');
      expect(run.code, args).toBe(2);
      expect(run.stderr, args).toMatch(/error/);
    });
  });

  it('takes DATABASE_URL, else the embedded ./itinerary.db, like the migrator', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'itinerary-seed-'));
    const byDefault = await runCli([], { cwd });
    expect(byDefault.stdout).toContain('itinerary-seed: sqlite3 ./itinerary.db');
    expect(byDefault.code).toBe(3);
    expect(byDefault.stderr).toMatch(
      /^error: the database has no Itinerary schema .*run `itinerary-migrate up` first/m,
    );
    const fromEnv = await runCli(['--json'], {
      cwd,
      env: { DATABASE_URL: `sqlite:${join(cwd, 'other.db')}` },
    });
    expect(jsonEvents(fromEnv.stdout)[0]).toMatchObject({
      event: 'start',
      database: `sqlite3 ${join(cwd, 'other.db')}`,
    });
    await rm(cwd, { recursive: true, force: true });
  });

  it('never prints a password, in text or JSON', async () => {
    const url = 'postgres://seeder:s3cret-pw@127.0.0.1:1/itinerary';
    const runs = await Promise.all([
      runCli(['--database-url', url]),
      runCli(['--database-url', url, '--json']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toContain('s3cret-pw');
      expect(run.stdout + run.stderr).toContain('***');
    }
  });
});

for (const target of dialectTargets().filter((t) => t.name !== 'pgbouncer')) {
  describe.skipIf(!target.available)(`[${target.name}] itinerary-seed`, () => {
    const scratch = new ScratchDatabases();
    afterAll(() => scratch.dropAll());

    it('refuses an unmigrated database, or one whose history has problems, saying to run the migrator', async () => {
      const bare = await scratch.create(target, { migrated: false });
      const edited = await scratch.create(target);
      await edited.db.exec(`UPDATE ${MIGRATION_HISTORY_TABLE} SET checksum = ?`, ['0'.repeat(64)]);
      const [unmigrated, drift] = await Promise.all([
        runCli(['--database-url', bare.url, '--fixtures', '--json']),
        runCli(['--database-url', edited.url, '--fixtures']),
      ]);
      expect(unmigrated.code).toBe(3);
      expect(jsonEvents(unmigrated.stdout).at(-1)).toMatchObject({
        event: 'error',
        code: 'SCHEMA_NOT_MIGRATED',
        exitCode: 3,
        message: expect.stringMatching(/no Itinerary schema .*run `itinerary-migrate up` first/),
      });
      expect(drift.code).toBe(3);
      expect(drift.stderr).toMatch(/migration history has problems/);
      expect((await rowCounts(edited.db)).jobs).toBe(0);
    });

    it('--fixtures writes the seedTestData set, and refuses to write into a database that holds rows', async () => {
      const { url, db } = await scratch.create(target);
      const run = await runCli(['--database-url', url, '--fixtures', '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const summary = jsonEvents(run.stdout).find((e) => e.event === 'summary');
      expect(summary).toMatchObject({ mode: 'fixtures', tables: FIXTURE_COUNTS, totalRows: 21 });
      expect(await rowCounts(db)).toEqual(FIXTURE_COUNTS);
      const again = await runCli(['--database-url', url, '--fixtures']);
      expect(again.code).toBe(5);
      expect(again.stderr).toMatch(/already holds rows .*--reset/);
      expect(await rowCounts(db)).toEqual(FIXTURE_COUNTS);
    });

    it('--reset empties every table first, asking for --yes on a server', async () => {
      const { url, db } = await scratch.create(target);
      await seedSyntheticData(db, { jobs: 30, runsPerJob: 2, seed: 1 });
      const before = await rowCounts(db);
      if (target.driver !== 'sqlite3') {
        const refused = await runCli(['--database-url', url, '--reset', '--fixtures']);
        expect(refused.code).toBe(4);
        expect(refused.stderr).toMatch(/--reset would delete .*add --yes to confirm\. Nothing was changed\./);
        expect(await rowCounts(db)).toEqual(before);
      }
      const confirm = target.driver === 'sqlite3' ? [] : ['--yes'];
      const reset = await runCli(['--database-url', url, '--reset', ...confirm, '--fixtures']);
      expect(reset.code).toBe(0);
      expect(reset.stdout).toMatch(/emptied every Itinerary table/);
      expect(await rowCounts(db)).toEqual(FIXTURE_COUNTS);
      // The migration history survives, so the database is still recognised as migrated.
      const human = await runCli([
        '--database-url',
        url,
        '--reset',
        ...confirm,
        '--jobs',
        '40',
        '--runs-per-job',
        '3',
      ]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^done: [\d,]+ rows in \d+\.\d s/m);
      expect(human.stdout).toMatch(/^ {2}job_runs +120$/m);
      expect(human.stderr).toMatch(/^progress: \d+% \([\d,]+ of ~[\d,]+ rows, writing \w+\) after/m);
    });

    it('writes a small synthetic set whose counts match the summary and whose references all resolve', async () => {
      const { url, db } = await scratch.create(target);
      const run = await runCli([
        '--database-url',
        url,
        '--jobs',
        '200',
        '--runs-per-job',
        '5',
        '--seed',
        '9',
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const events = jsonEvents(run.stdout);
      expect(events[0]).toMatchObject({
        event: 'start',
        command: 'seed',
        mode: 'synthetic',
        jobs: 200,
        runsPerJob: 5,
        seed: 9,
      });
      expect(events.some((e) => e.event === 'progress')).toBe(true);
      const summary = events.at(-1) as {
        event: string;
        tables: Record<SeedTable, number>;
        totalRows: number;
      };
      expect(summary.event).toBe('summary');
      const counts = await rowCounts(db);
      expect(counts).toEqual(summary.tables);
      expect(counts.jobs).toBe(200);
      expect(counts.job_runs).toBe(1000);
      expect(counts.orchestrator_stats).toBe(1000);
      for (const table of SEED_TABLES) expect(counts[table], table).toBeGreaterThan(0);

      const orphans = {
        runWithoutJob:
          'SELECT COUNT(*) AS n FROM job_runs r LEFT JOIN jobs j ON j.id = r.job_id WHERE j.id IS NULL',
        jobWithoutConstraint:
          'SELECT COUNT(*) AS n FROM jobs j LEFT JOIN constraints c ON c.id = j.constraint_id WHERE j.constraint_id IS NOT NULL AND c.id IS NULL',
        linkWithoutJob:
          'SELECT COUNT(*) AS n FROM job_actions l LEFT JOIN jobs j ON j.id = l.job_id WHERE j.id IS NULL',
        linkWithoutAction:
          'SELECT COUNT(*) AS n FROM job_actions l LEFT JOIN actions a ON a.id = l.action_id WHERE a.id IS NULL',
        linkWithoutConstraint:
          'SELECT COUNT(*) AS n FROM job_actions l LEFT JOIN constraints c ON c.id = l.constraint_id WHERE l.constraint_id IS NOT NULL AND c.id IS NULL',
        violationWithoutRun:
          'SELECT COUNT(*) AS n FROM constraint_violations v LEFT JOIN job_runs r ON r.run_id = v.run_id WHERE r.run_id IS NULL',
        violationWithoutConstraint:
          'SELECT COUNT(*) AS n FROM constraint_violations v LEFT JOIN constraints c ON c.id = v.constraint_id WHERE c.id IS NULL',
        statsWithoutPeriod:
          'SELECT COUNT(*) AS n FROM orchestrator_stats o LEFT JOIN scheduler_stats s ON s.stats_period_id = o.stats_period_id WHERE s.stats_period_id IS NULL',
        statsWithoutRun:
          'SELECT COUNT(*) AS n FROM orchestrator_stats o LEFT JOIN job_runs r ON r.run_id = o.run_id WHERE r.run_id IS NULL',
        timesOutOfOrder:
          'SELECT COUNT(*) AS n FROM job_runs WHERE started_at < scheduled_at OR completed_at < started_at OR (completed_at IS NOT NULL AND started_at IS NULL)',
        runsOutsideStats:
          'SELECT COUNT(*) AS n FROM job_runs r WHERE r.scheduled_at < (SELECT MIN(start_time) FROM scheduler_stats) OR r.scheduled_at >= (SELECT MAX(end_time) FROM scheduler_stats)',
      };
      for (const [name, sql] of Object.entries(orphans)) {
        expect(Number((await db.query(sql))[0]?.n), name).toBe(0);
      }
      const statuses = await db.query<{ status: string; n: unknown }>(
        'SELECT status, COUNT(*) AS n FROM job_runs GROUP BY status',
      );
      expect(statuses.map((s) => s.status).sort()).toEqual([
        'cancelled',
        'completed',
        'failed',
        'pending',
        'running',
      ]);
    });
  });
}
