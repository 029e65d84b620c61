import { setTimeout as sleep } from 'node:timers/promises';
import { type Database, open } from '@itinerary/db-core';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from '@itinerary/db-core/testing';
import { loadMigrations } from '@itinerary/db-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonEvents, migrationsWith, runCli, SLOW_STATEMENT, startCli } from './cli.test-support.js';

const url = (driver: string, dsn: string) => (driver === 'sqlite3' ? `sqlite:${dsn}` : dsn);

describe('itinerary-migrate usage', () => {
  it('prints help for the program and for each command, listing the exit codes', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: itinerary-migrate/);
    for (const command of ['up', 'status', 'plan', 'verify']) expect(top.stdout).toContain(command);
    const upHelp = await runCli(['up', '--help']);
    expect(upHelp.code).toBe(0);
    expect(upHelp.stdout).toMatch(/--lock-timeout <ms>/);
    expect(upHelp.stdout).toMatch(/--database-url <url>/);
    expect(upHelp.stdout).toMatch(/4 {2}timed out waiting for another migrator's lock/);
    expect(upHelp.stdout).toMatch(/--pooler-mode <mode>/);
    expect(upHelp.stdout).toMatch(/--direct-url <url>/);
  });

  it('exits 2 on bad usage and bad configuration', async () => {
    expect((await runCli(['sideways'])).code).toBe(2);
    expect((await runCli(['up', '--to', 'latest'])).code).toBe(2);
    const scheme = await runCli(['status', '--database-url', 'oracle://db/x']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toMatch(/unsupported database URL scheme "oracle:"/);
    const both = await runCli([
      'status',
      '--database-url',
      'sqlite::memory:',
      '--driver',
      'mysql',
      '--dsn',
      'x',
    ]);
    expect(both.code).toBe(2);
    const mode = await runCli(['status', '--database-url', 'sqlite::memory:', '--pooler-mode', 'session']);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/Allowed choices are none, transaction/);
    const pooledSqlite = await runCli([
      'status',
      '--database-url',
      'sqlite::memory:',
      '--pooler-mode',
      'transaction',
    ]);
    expect(pooledSqlite.code).toBe(2);
    expect(pooledSqlite.stderr).toMatch(/poolerMode 'transaction' is for PostgreSQL behind PgBouncer/);
  });
});

const bouncer = dialectTargets().find((t) => t.name === 'pgbouncer');
describe.skipIf(!bouncer?.available)(
  '[pgbouncer] itinerary-migrate behind PgBouncer in transaction mode',
  () => {
    const scratches: ScratchDatabase[] = [];
    const fresh = async () => {
      const scratch = await createScratchDatabase(bouncer as NonNullable<typeof bouncer>);
      scratches.push(scratch);
      return scratch;
    };
    /** Advisory locks held in `scratch`'s database right now, seen on a direct connection. */
    const advisoryLocks = async (scratch: ScratchDatabase) => {
      const direct = await open('postgres', bouncer?.adminDsn as string);
      try {
        const rows = await direct.query<{ c: number }>(
          "SELECT COUNT(*) AS c FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = ?)",
          [scratch.name],
        );
        return rows[0]?.c;
      } finally {
        await direct.close();
      }
    };
    afterAll(async () => {
      for (const scratch of scratches) await scratch.drop();
    });

    it('migrates through the pooler with --pooler-mode transaction (or DATABASE_POOLER_MODE) and leaves no lock held', async () => {
      const scratch = await fresh();
      const up = await runCli(['up', '--database-url', scratch.dsn, '--pooler-mode', 'transaction']);
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(up.stdout).toMatch(/through a transaction-mode pooler/);
      const latest = Math.max(...(await loadMigrations('postgres')).map((m) => m.version));
      const status = await runCli(['status', '--json', '--database-url', scratch.dsn], {
        DATABASE_POOLER_MODE: 'transaction',
      });
      expect(status.code).toBe(0);
      expect(jsonEvents(status.stdout).find((e) => e.event === 'status')).toMatchObject({
        currentVersion: latest,
        locked: false,
      });
      expect(await advisoryLocks(scratch)).toBe(0);
    });

    it('uses --direct-url (or DIRECT_DATABASE_URL) instead of the pooled URL; a URL on the command line beats the environment', async () => {
      const scratch = await fresh();
      const direct = new URL(bouncer?.adminDsn as string);
      direct.pathname = `/${scratch.name}`;
      const unreachable = 'postgres://postgres@127.0.0.1:1/nowhere';
      const up = await runCli(['up', '--database-url', unreachable, '--direct-url', direct.toString()]);
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(up.stdout).toMatch(/\(direct URL\)/);
      const status = await runCli(['status'], {
        DATABASE_URL: unreachable,
        DIRECT_DATABASE_URL: direct.toString(),
      });
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/\(direct URL\)/);
      // An explicit --database-url is what the person typing meant, whatever the shell exports.
      const explicit = await runCli(
        ['status', '--database-url', scratch.dsn, '--pooler-mode', 'transaction'],
        {
          DIRECT_DATABASE_URL: unreachable,
        },
      );
      expect(explicit.code).toBe(0);
      expect(explicit.stdout).toMatch(/through a transaction-mode pooler/);
      const mixed = await runCli([
        'status',
        '--driver',
        'postgres',
        '--dsn',
        scratch.dsn,
        '--direct-url',
        direct.toString(),
      ]);
      expect(mixed.code).toBe(2);
      expect(mixed.stderr).toMatch(
        /--direct-url is used instead of --database-url; it cannot be combined with --driver\/--dsn/,
      );
    });
  },
);

for (const target of dialectTargets().filter((t) => t.name !== 'pgbouncer')) {
  describe.skipIf(!target.available)(`[${target.name}] itinerary-migrate`, () => {
    const { driver } = target;
    // The packaged migrations; the tests' own extra files are numbered from 101 on.
    let real: number[] = [];
    let latest = 0;
    const fresh: ScratchDatabase[] = [];
    /** A new empty database for one test, dropped after the file. */
    const freshDatabase = async () => {
      const scratch = await createScratchDatabase(target);
      fresh.push(scratch);
      return { scratch, databaseUrl: url(driver, scratch.dsn) };
    };
    const historyVersions = async (scratch: ScratchDatabase) => {
      const db: Database = await open(driver, scratch.dsn);
      try {
        return (
          await db.query<{ version: number }>(
            'SELECT version FROM itinerary_schema_migrations ORDER BY version',
          )
        ).map((r) => Number(r.version));
      } finally {
        await db.close();
      }
    };

    beforeAll(async () => {
      real = (await loadMigrations(driver)).map((m) => m.version);
      latest = Math.max(...real);
    });
    afterAll(async () => {
      for (const scratch of fresh) await scratch.drop();
    });

    it('applies the migrations, reports progress, and has nothing to do the second time', async () => {
      const { scratch, databaseUrl } = await freshDatabase();
      const first = await runCli(['up', '--database-url', databaseUrl]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/applying 0001_initial_schema \(\d+ statements?\)/);
      expect(first.stdout).toMatch(/applied 0001_initial_schema in \d+ ms/);
      const second = await runCli(['up', '--database-url', databaseUrl]);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`nothing to do: the database is at version ${latest}`);
      expect(await historyVersions(scratch)).toEqual(real);
      const verified = await runCli(['verify', '--database-url', databaseUrl]);
      expect(verified.stdout).toMatch(/^ok: history matches the files/m);
      expect(verified.code).toBe(0);
    });

    it('lets eight concurrent up processes succeed, each migration applied once', async () => {
      const { scratch, databaseUrl } = await freshDatabase();
      const dir = await migrationsWith(driver, {
        '0101_add_marker.sql': 'CREATE TABLE deploy_marker (id INTEGER NOT NULL PRIMARY KEY);',
      });
      const runs = await Promise.all(
        Array.from({ length: 8 }, () =>
          runCli(['up', '--json', '--database-url', databaseUrl, '--migrations-dir', dir]),
        ),
      );
      for (const run of runs) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      const applied = runs
        .flatMap((r) => jsonEvents(r.stdout))
        .filter((e) => e.event === 'migration-applied');
      expect(applied.map((e) => e.version).sort((a, b) => Number(a) - Number(b))).toEqual([...real, 101]);
      expect(await historyVersions(scratch)).toEqual([...real, 101]);
    });

    it('speaks JSON lines for pipelines: start, lock acquired, each migration, done', async () => {
      const { databaseUrl } = await freshDatabase();
      const run = await runCli(['up', '--json', '--database-url', databaseUrl]);
      expect(run.code).toBe(0);
      const events = jsonEvents(run.stdout);
      expect(events.map((e) => e.event)).toEqual([
        'start',
        'lock-acquired',
        ...real.flatMap(() => ['migration-start', 'migration-applied']),
        'done',
      ]);
      expect(events[0]).toMatchObject({ command: 'up', database: expect.stringContaining(driver) });
      expect(events[3]).toMatchObject({ version: 1, name: 'initial_schema', durationMs: expect.any(Number) });
      expect(events.at(-1)).toMatchObject({ applied: real.length, currentVersion: latest });
      const failed = await runCli([
        'up',
        '--json',
        '--database-url',
        databaseUrl,
        '--migrations-dir',
        '/nonexistent/dir',
      ]);
      expect(failed.code).toBe(2);
      expect(jsonEvents(failed.stdout).at(-1)).toMatchObject({ event: 'error', exitCode: 2 });
    });

    it('exits 3 from status --check while migrations are pending, 0 once applied', async () => {
      const { databaseUrl } = await freshDatabase();
      const pending = await runCli(['status', '--check', '--database-url', databaseUrl]);
      expect(pending.code).toBe(3);
      expect(pending.stdout).toMatch(/pending {2}0001_initial_schema/);
      const plan = await runCli(['plan', '--database-url', databaseUrl]);
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(/-- 0001_initial_schema/);
      expect(plan.stdout).toMatch(/CREATE TABLE/);
      const up = await runCli(['up', '--database-url', databaseUrl]);
      expect(up.code, `up failed:\n${up.stdout}${up.stderr}`).toBe(0);
      const after = await runCli(['status', '--check', '--database-url', databaseUrl]);
      expect(after.code, `status after up:\n${after.stdout}${after.stderr}`).toBe(0);
    });

    it('exits 5 on drift: an applied migration edited, or the database newer than the files', async () => {
      const { scratch, databaseUrl } = await freshDatabase();
      const dir = await migrationsWith(driver, {
        '0101_extra.sql': 'CREATE TABLE extra_one (id INTEGER NOT NULL PRIMARY KEY);',
      });
      expect((await runCli(['up', '--database-url', databaseUrl, '--migrations-dir', dir])).code).toBe(0);
      const edited = await migrationsWith(driver, {
        '0101_extra.sql': 'CREATE TABLE extra_two (id INTEGER NOT NULL PRIMARY KEY);',
      });
      const drift = await runCli(['up', '--database-url', databaseUrl, '--migrations-dir', edited]);
      expect(drift.code).toBe(5);
      expect(drift.stderr).toMatch(/0101_extra was applied .* must never be edited/);
      const older = await runCli(['up', '--database-url', databaseUrl]);
      expect(older.code).toBe(5);
      expect(older.stderr).toMatch(/does not know/);
      expect(await historyVersions(scratch)).toEqual([...real, 101]);
    });

    it('exits 4 when another migrator holds the lock past --lock-timeout', async () => {
      const { databaseUrl } = await freshDatabase();
      const dir = await migrationsWith(driver, { '0101_slow.sql': `${SLOW_STATEMENT[driver]};` });
      const holder = startCli(['up', '--json', '--database-url', databaseUrl, '--migrations-dir', dir]);
      await waitForOutput(holder, /"migration-start".*"version":101/);
      const waiter = await runCli([
        'up',
        '--lock-timeout',
        '300',
        '--database-url',
        databaseUrl,
        '--migrations-dir',
        dir,
      ]);
      expect(waiter.code).toBe(4);
      expect(waiter.stdout).toMatch(/waiting for another migrator/);
      expect((await holder.result).code).toBe(0);
    });

    it('stops after the migration in progress on SIGTERM, releases the lock and exits 7', async () => {
      const { scratch, databaseUrl } = await freshDatabase();
      const dir = await migrationsWith(driver, {
        '0101_slow.sql': `${SLOW_STATEMENT[driver]};`,
        '0102_after.sql': 'CREATE TABLE after_slow (id INTEGER NOT NULL PRIMARY KEY);',
      });
      const run = startCli(['up', '--json', '--database-url', databaseUrl, '--migrations-dir', dir]);
      await waitForOutput(run, /"migration-start".*"version":101/);
      run.kill('SIGTERM');
      const result = await run.result;
      expect(result.code).toBe(7);
      expect(jsonEvents(result.stdout).map((e) => e.event)).toContain('migration-applied');
      // History is consistent (the slow one applied, the next not), and nobody holds the lock any more.
      expect(await historyVersions(scratch)).toEqual([...real, 101]);
      const next = await runCli([
        'up',
        '--lock-timeout',
        '1000',
        '--database-url',
        databaseUrl,
        '--migrations-dir',
        dir,
      ]);
      expect(next.code).toBe(0);
      expect(await historyVersions(scratch)).toEqual([...real, 101, 102]);
    });

    it('exits 1 when a migration fails, saying which', async () => {
      const { databaseUrl } = await freshDatabase();
      const dir = await migrationsWith(driver, {
        '0101_broken.sql': 'CREATE TABLE broken (id INTEGER NOT NULL PRIMARY KEY, id TEXT);',
      });
      const run = await runCli(['up', '--database-url', databaseUrl, '--migrations-dir', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/0101_broken/);
    });

    if (driver === 'mysql') {
      it('exits 6 when a MySQL migration was left half-applied, explaining how to recover', async () => {
        const { databaseUrl } = await freshDatabase();
        const dir = await migrationsWith(driver, {
          '0101_half.sql':
            'CREATE TABLE half_one (id INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE half_one (id INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE half_two (id INTEGER NOT NULL PRIMARY KEY);',
        });
        expect((await runCli(['up', '--database-url', databaseUrl, '--migrations-dir', dir])).code).toBe(1);
        const next = await runCli(['up', '--database-url', databaseUrl, '--migrations-dir', dir]);
        expect(next.code).toBe(6);
        expect(next.stderr).toMatch(/0101_half/);
        expect(next.stderr).toMatch(/1 of 3/);
        expect((await runCli(['status', '--database-url', databaseUrl, '--migrations-dir', dir])).code).toBe(
          6,
        );
      });
    }

    if (driver !== 'sqlite3') {
      it('never prints the password of a DSN', async () => {
        const secret = 'Sup3rSecretPa55';
        const withPassword = new URL(target.adminDsn as string);
        withPassword.password = secret;
        const runs = [
          await runCli(['status', '--database-url', withPassword.toString()]),
          await runCli(['status', '--json', '--database-url', withPassword.toString()]),
          await runCli(['status'], { DATABASE_URL: withPassword.toString() }),
        ];
        for (const run of runs) {
          expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
          expect(`${run.stdout}${run.stderr}`).toContain('***');
        }
      });
    }
  });
}

async function waitForOutput(child: ReturnType<typeof startCli>, pattern: RegExp): Promise<void> {
  let seen = '';
  const deadline = Date.now() + 30_000;
  child.stdout?.on('data', (chunk) => {
    seen += chunk;
  });
  while (!pattern.test(seen)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in: ${seen}`);
    await sleep(25);
  }
}
