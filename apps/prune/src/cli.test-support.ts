import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Database, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, type DialectTarget, type ScratchDatabase } from '@itinerary/db-core/testing';
import { migrate } from '@itinerary/db-schema';

/** The built command, as an operator runs it. */
export const BIN = fileURLToPath(new URL('../dist/bin/itinerary-prune.js', import.meta.url));

/** What a finished run of the command printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `itinerary-prune`: its process, what it printed so far, and its end. */
export interface RunningCli {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

/** Starts `itinerary-prune` with `args`; the environment has no DATABASE_URL unless given. */
export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const { DATABASE_URL: _ignored, DATABASE_POOLER_MODE: _mode, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...base, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Runs `itinerary-prune` with `args` to completion. */
export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Parses `--json` output: one event object per line. */
export function jsonEvents(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Scratch databases for one test file, every one dropped by `dropAll`. */
export class ScratchDatabases {
  readonly #created: ScratchDatabase[] = [];
  readonly #open: Database[] = [];

  /**
   * A new database on `target`, migrated unless `migrated` is false, an open handle, and the
   * command-line arguments that reach it as an operator would (the pooler mode for PgBouncer).
   */
  async create(target: DialectTarget, { migrated = true } = {}): Promise<{ args: string[]; db: Database }> {
    const scratch = await createScratchDatabase(target);
    this.#created.push(scratch);
    const db = await openWithConfig(scratch.config);
    this.#open.push(db);
    if (migrated) await migrate(db);
    const url = target.driver === 'sqlite3' ? `sqlite:${scratch.dsn}` : scratch.dsn;
    const pooled = target.options.poolerMode === 'transaction';
    return { args: ['--database-url', url, ...(pooled ? ['--pooler-mode', 'transaction'] : [])], db };
  }

  /** Closes every handle and drops every database. */
  async dropAll(): Promise<void> {
    for (const db of this.#open.splice(0)) await db.close();
    for (const scratch of this.#created.splice(0)) await scratch.drop();
  }
}
