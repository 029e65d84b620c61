import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Database, type Driver, openWithConfig } from '@itinerary/db-core';
import { createScratchDatabase, type DialectTarget, type ScratchDatabase } from '@itinerary/db-core/testing';
import { migrate } from '@itinerary/db-schema';

/** The built command, as developers and the benchmark run it. */
export const BIN = fileURLToPath(new URL('../dist/bin/itinerary-seed.js', import.meta.url));

/** What a finished run of the command printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `itinerary-seed` with `args` to completion; the environment has no DATABASE_URL unless given. */
export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...base, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Parses `--json` output: one event object per line. */
export function jsonEvents(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `--database-url` of a scratch database. */
export function databaseUrl(driver: Driver, dsn: string): string {
  return driver === 'sqlite3' ? `sqlite:${dsn}` : dsn;
}

/** Scratch databases for one test file, every one dropped by `dropAll`. */
export class ScratchDatabases {
  readonly #created: ScratchDatabase[] = [];
  readonly #open: Database[] = [];

  /** A new empty database on `target`; migrated unless `migrated` is false. Returns its URL and an open handle. */
  async create(target: DialectTarget, { migrated = true } = {}): Promise<{ url: string; db: Database }> {
    const scratch = await createScratchDatabase(target);
    this.#created.push(scratch);
    const db = await openWithConfig(scratch.config);
    this.#open.push(db);
    if (migrated) await migrate(db);
    return { url: databaseUrl(target.driver, scratch.dsn), db };
  }

  /** Closes every handle and drops every database. */
  async dropAll(): Promise<void> {
    for (const db of this.#open.splice(0)) await db.close();
    for (const scratch of this.#created.splice(0)) await scratch.drop();
  }
}
