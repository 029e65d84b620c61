import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@itinerary/db-core';
import { dialectTargets } from '@itinerary/db-core/testing';
import {
  createConstraint,
  createConstraintViolation,
  createJob,
  createJobRun,
  createOrchestratorStats,
  createSchedulerStats,
  valuesPlaceholders,
} from '@itinerary/db-queries';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, jsonEvents, runCli, ScratchDatabases, startCli } from './cli.test-support.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const count = async (db: Database, sql: string) => Number((await db.query(sql))[0]?.n);

describe('itinerary-prune usage', () => {
  it('prints help with every option, the rules, the defaults and the exit codes', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: itinerary-prune/);
    for (const option of [
      '--database-url <url>',
      '--driver <driver>',
      '--dsn <dsn>',
      '--pooler-mode <mode>',
      '--keep-successful <n>',
      '--keep-failed <n>',
      '--older-than <age>',
      '--stats-older-than <age>',
      '--dry-run',
      '--json',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stdout).toMatch(/--batch-size <n>[\s\S]*?\(default: 1000\)/);
    expect(help.stdout).toMatch(/Pending and running runs are never\s+deleted/);
    expect(help.stdout).toContain('sqlite:./itinerary.db');
    for (const code of [0, 1, 2, 3, 7]) expect(help.stdout).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });

  it('exits 2 on bad usage, naming the option, before connecting to anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'itinerary-prune-usage-'));
    try {
      // A database that must never be created: every case is refused before connecting.
      const url = `sqlite:${join(dir, 'never.db')}`;
      const cases: Array<[string[], RegExp]> = [
        [
          [],
          /no retention rule given: set --keep-successful, --keep-failed, --older-than or --stats-older-than/,
        ],
        [['--batch-size', '5'], /no retention rule given/],
        [['--keep-successful', '-1'], /--keep-successful/],
        [['--keep-failed', '1.5'], /--keep-failed must be a whole number from 0 to 2147483647, got "1.5"/],
        [['--keep-failed', '2147483648'], /--keep-failed/],
        [['--older-than', '30'], /--older-than must be an age: .* got "30"/],
        [['--older-than', '30 days'], /--older-than must be an age/],
        [['--older-than', '1.5d'], /--older-than must be an age/],
        [['--stats-older-than', '1y'], /--stats-older-than must be an age/],
        [['--stats-older-than', '999999999w'], /--stats-older-than is longer ago than a date can be/],
        [['--keep-failed', '1', '--batch-size', '0'], /--batch-size must be a whole number from 1 to 10000/],
        [['--keep-failed', '1', '--batch-size', '10001'], /--batch-size/],
        [['--keep-failed', '1', '--sideways'], /unknown option '--sideways'/],
        [['--keep-failed', '1', 'extra-argument'], /too many arguments|unknown command|extra-argument/],
      ];
      const runs = await Promise.all(cases.map(([args]) => runCli(['--database-url', url, ...args])));
      runs.forEach((run, i) => {
        const [args, message] = cases[i] as [string[], RegExp];
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(message);
      });
      const bad = await runCli(['--database-url', 'oracle://db/x', '--keep-failed', '1']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/oracle/);
      await expect(rm(join(dir, 'never.db'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// util-linux's script(1) runs the command on a pseudo-terminal, as an operator's shell would.
describe.skipIf(!existsSync('/usr/bin/script'))('itinerary-prune on a terminal', () => {
  const scratch = new ScratchDatabases();
  afterAll(() => scratch.dropAll());

  it('draws a progress line on stderr and clears it before the summary; without a terminal, stderr stays empty', async () => {
    const sqlite = dialectTargets().find((t) => t.name === 'sqlite3');
    if (!sqlite) throw new Error('no sqlite3 target');
    const { args, db } = await scratch.create(sqlite);
    await createJob(db, { id: 'job-t', name: 't', schedule: '* * * * *' });
    for (let i = 0; i < 5; i++) {
      await createJobRun(db, {
        jobId: 'job-t',
        runId: `t-${i}`,
        scheduledAt: daysAgo(i + 1),
        status: 'failed',
      });
    }
    const command = [process.execPath, BIN, ...args, '--keep-failed', '0', '--batch-size', '1']
      .map((a) => `'${a}'`)
      .join(' ');
    const output = await new Promise<string>((resolve, reject) =>
      execFile('/usr/bin/script', ['-qec', command, '/dev/null'], (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    expect(output).toContain('pruning job runs: 1 deleted');
    expect(output).toContain('\r\x1b[2K');
    expect(output).toMatch(/job runs deleted: 5 \(with their constraint violations\)/);
    expect(await count(db, 'SELECT COUNT(*) AS n FROM job_runs')).toBe(0);
  });
});

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] itinerary-prune`, () => {
    const scratch = new ScratchDatabases();
    afterAll(() => scratch.dropAll());

    it('exits 3 on a database without the Itinerary schema, deleting nothing', async () => {
      const { args } = await scratch.create(target, { migrated: false });
      const run = await runCli([...args, '--keep-failed', '0']);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/no Itinerary schema/);
    });

    it('counts with --dry-run and deletes nothing, then deletes exactly that; a second run finds nothing', async () => {
      const { args, db } = await scratch.create(target);
      await createConstraint(db, { id: 'c-1' });
      for (const id of ['job-a', 'job-b']) {
        await createJob(db, { id, name: id, schedule: '0 * * * *' });
        // Ten successful and four failed runs, one a day, the newest a day ago; one still running.
        for (let d = 1; d <= 14; d++) {
          const ok = d > 4;
          await createJobRun(db, {
            jobId: id,
            runId: `${id}-${d}`,
            scheduledAt: daysAgo(d),
            status: ok ? 'completed' : 'failed',
            success: ok,
          });
        }
        await createJobRun(db, {
          jobId: id,
          runId: `${id}-old-running`,
          scheduledAt: daysAgo(400),
          status: 'running',
        });
        await createConstraintViolation(db, {
          id: `${id}-v`,
          runId: `${id}-14`,
          constraintId: 'c-1',
          violationTime: daysAgo(14),
        });
      }
      for (let p = 0; p < 3; p++) {
        const end = daysAgo(p === 0 ? 1 : 100 + p);
        await createSchedulerStats(db, {
          statsPeriodId: `p-${p}`,
          startTime: new Date(end.getTime() - 30_000),
          endTime: end,
          iterations: 30,
          runJobs: 2,
          lateJobs: 0,
          timePassedRunTime: 0,
          missedJobs: 0,
          timePassedGracePeriod: 0,
          jobsCancelled: 0,
        });
        for (const r of [1, 2]) {
          await createOrchestratorStats(db, {
            runId: `p-${p}-r${r}`,
            statsPeriodId: `p-${p}`,
            runtime: 10,
            constraintsChecked: 0,
            actionsTaken: 0,
          });
        }
      }
      // Per job: the successful runs are days 5-14 (newest first: 5, 6, 7); keep 3 leaves 5-7,
      // so 8-14 go (7). Failed runs are days 1-4; keep 1 leaves day 1, so 2-4 go (3). Then
      // --older-than 6d takes days 6 and 7 as well (day 6 was scheduled a moment before the
      // command's cut-off): 12 a job. The run still running after 400 days stays.
      const rules = [
        '--keep-successful',
        '3',
        '--keep-failed',
        '1',
        '--older-than',
        '6d',
        '--stats-older-than',
        '90d',
        '--batch-size',
        '2',
      ];
      const before = await count(db, 'SELECT COUNT(*) AS n FROM job_runs');
      const dry = await runCli([...args, ...rules, '--dry-run', '--json']);
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      const dryEvents = jsonEvents(dry.stdout);
      expect(dryEvents.map((e) => e.event)).toEqual(['start', 'summary']);
      expect(dryEvents[0]).toMatchObject({
        command: 'prune',
        dryRun: true,
        keepSuccessful: 3,
        keepFailed: 1,
      });
      expect(dryEvents[1]).toMatchObject({
        dryRun: true,
        jobRunsDeleted: 24,
        statsPeriodsDeleted: 2,
        orchestratorStatsDeleted: 4,
      });
      expect(await count(db, 'SELECT COUNT(*) AS n FROM job_runs')).toBe(before);

      const real = await runCli([...args, ...rules]);
      expect(real.stderr).toBe('');
      expect(real.code).toBe(0);
      expect(real.stdout).toMatch(/job runs deleted: 24 \(with their constraint violations\)/);
      expect(real.stdout).toMatch(/scheduler stats periods deleted: 2, with 4 orchestrator stats rows/);
      const left = (await db.query<{ run_id: string }>('SELECT run_id FROM job_runs ORDER BY run_id')).map(
        (r) => r.run_id,
      );
      expect(left).toEqual(['job-a', 'job-b'].flatMap((j) => [`${j}-1`, `${j}-5`, `${j}-old-running`]));
      expect(await count(db, 'SELECT COUNT(*) AS n FROM constraint_violations')).toBe(0);
      expect(await count(db, 'SELECT COUNT(*) AS n FROM scheduler_stats')).toBe(1);
      expect(await count(db, 'SELECT COUNT(*) AS n FROM orchestrator_stats')).toBe(2);

      const again = await runCli([...args, ...rules, '--json']);
      expect(again.code).toBe(0);
      expect(jsonEvents(again.stdout).at(-1)).toMatchObject({
        event: 'summary',
        dryRun: false,
        jobRunsDeleted: 0,
        statsPeriodsDeleted: 0,
      });
    });

    it('stops after the batch in progress on SIGTERM and exits 7; a second run finishes', async () => {
      const { args, db } = await scratch.create(target);
      await createJob(db, { id: 'job-big', name: 'big', schedule: '* * * * *' });
      // Enough one-row batches that the command is still busy when the signal comes.
      const runs = target.driver === 'sqlite3' ? 50_000 : 3000;
      const rows: unknown[][] = [];
      for (let i = 0; i < runs; i++) {
        rows.push(['job-big', `big-${i}`, new Date(Date.UTC(2026, 0, 1) + i * 60_000), 'completed', true]);
      }
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await db.exec(
          `INSERT INTO job_runs (job_id, run_id, scheduled_at, status, success) VALUES ${valuesPlaceholders(chunk.length, 5)}`,
          chunk.flat() as never,
        );
      }
      const cli = startCli([...args, '--keep-successful', '0', '--batch-size', '1', '--json']);
      // The first progress event comes after the first batch: the prune is under way.
      for (let waited = 0; !cli.output().stdout.includes('"event":"progress"'); waited += 20) {
        if (waited > 60_000) throw new Error(`no progress event: ${JSON.stringify(cli.output())}`);
        await sleep(20);
      }
      cli.child.kill('SIGTERM');
      const stopped = await cli.done;
      expect(stopped.code).toBe(7);
      const events = jsonEvents(stopped.stdout);
      const summary = events.find((e) => e.event === 'summary') as { jobRunsDeleted: number };
      expect(events.at(-1)).toMatchObject({ event: 'error', code: 'INTERRUPTED', exitCode: 7 });
      const remaining = await count(db, 'SELECT COUNT(*) AS n FROM job_runs');
      expect(summary.jobRunsDeleted).toBeGreaterThan(0);
      // What it says it deleted is what is gone: it stopped between batches.
      expect(remaining).toBe(runs - summary.jobRunsDeleted);
      expect(remaining).toBeGreaterThan(0);

      const rest = await runCli([...args, '--keep-successful', '0', '--batch-size', '1000', '--json']);
      expect(rest.code).toBe(0);
      expect(jsonEvents(rest.stdout).at(-1)).toMatchObject({ event: 'summary', jobRunsDeleted: remaining });
      expect(await count(db, 'SELECT COUNT(*) AS n FROM job_runs')).toBe(0);
    });
  });
}
