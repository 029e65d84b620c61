import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
/** How long the child may take from start to exit, its work and the close included. */
const EXIT_BUDGET_MS = 15_000;

// Runs in a child process against the built package: starts single statements (more than the
// pool holds, so some wait for a connection), a transaction and a streamed read, calls close()
// while they are all in flight, then one more query. It never calls process.exit: the process
// must end on its own once close() has let go of every socket and timer.
const CLOSER_SCRIPT = `
import { openWithConfig, DbError } from './dist/index.js';
const config = JSON.parse(process.argv[1]);
const driver = config.driver;
let unhandled = 0;
process.on('unhandledRejection', () => { unhandled++; });
const slow = {
  postgres: 'SELECT pg_sleep(0.3) AS s',
  mysql: 'SELECT SLEEP(0.3) AS s',
  sqlite3: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT COUNT(*) AS s FROM n',
}[driver];
const db = await openWithConfig({ ...config, maxOpenConns: 2 });
await db.exec('CREATE TABLE closing (id INTEGER PRIMARY KEY)');
const work = [];
for (let i = 0; i < 6; i++) work.push(db.query(slow));
work.push(db.withTransaction(async (tx) => {
  for (let i = 0; i < 3; i++) {
    await tx.query(slow);
    await tx.exec('INSERT INTO closing (id) VALUES (?)', [i]);
  }
}));
work.push((async () => {
  let n = 0;
  for await (const _ of db.iterate('SELECT id FROM closing UNION ALL SELECT 99 AS id', [], { batchSize: 1 })) n++;
  return n;
})());
await new Promise((resolve) => setTimeout(resolve, 50));
const closing = db.close();
const afterClose = db.query('SELECT 1 AS x');
const settled = await Promise.allSettled([...work, afterClose]);
await closing;
await db.close(); // a second close is harmless
console.log(JSON.stringify({
  unhandled,
  outcomes: settled.map((s) => s.status === 'fulfilled' ? 'ok' : s.reason instanceof DbError ? s.reason.name : 'untyped ' + s.reason),
  afterCloseMessage: settled.at(-1).reason?.message,
}));
`;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs the closer script and waits for the process to exit by itself, killing it after the budget. */
function runCloser(config: Config): Promise<ChildResult> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CLOSER_SCRIPT, JSON.stringify(config)],
    {
      cwd: packageRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_BUDGET_MS);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

for (const target of dialectTargets()) {
  describe.skipIf(!target.available)(`[${target.name}] close with work in flight`, () => {
    let scratch: ScratchDatabase;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
    });
    afterAll(async () => {
      await scratch?.drop();
    });

    it('lets the work in flight finish, refuses new work, and the process exits on its own', {
      timeout: EXIT_BUDGET_MS + 5000,
    }, async () => {
      const result = await runCloser(scratch.config);
      expect(result.signal, `killed after ${EXIT_BUDGET_MS} ms: the process did not exit`).toBeNull();
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout.trim()) as {
        unhandled: number;
        outcomes: string[];
        afterCloseMessage: string;
      };
      expect(report.unhandled).toBe(0);
      // Six statements, the transaction and the stream finish; the call after close() is refused.
      expect(report.outcomes).toEqual([...Array(8).fill('ok'), 'UsageError']);
      expect(report.afterCloseMessage).toMatch(/closed/);
    });
  });
}
