import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from '@itinerary/db-core';
import { defaultMigrationsDir } from '@itinerary/db-schema';

/** The built command, as the deploy pipeline runs it. */
export const BIN = fileURLToPath(new URL('../dist/bin/itinerary-migrate.js', import.meta.url));

/** What a finished run of the command printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `itinerary-migrate` with `args`; the environment has no DATABASE_URL unless given. */
export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess & { result: Promise<CliResult> } {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...base, ...env },
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
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return Object.assign(child, { result });
}

/** Runs `itinerary-migrate` to completion. */
export function runCli(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).result;
}

/** A statement that keeps the server busy for a few seconds, to make a migration slow. */
export const SLOW_STATEMENT: Record<Driver, string> = {
  postgres: 'SELECT pg_sleep(3)',
  mysql: 'SELECT SLEEP(3)',
  sqlite3:
    'CREATE TABLE slow_marker AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 15000000) SELECT COUNT(*) AS n FROM c',
};

/** A copy of the packaged migrations for `driver`, plus `extra` files, in a fresh folder. */
export async function migrationsWith(driver: Driver, extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-migrations-'));
  await mkdir(dir, { recursive: true });
  const source = defaultMigrationsDir(driver);
  for (const file of await readdir(source)) {
    if (file.endsWith('.sql')) await copyFile(join(source, file), join(dir, file));
  }
  for (const [file, sql] of Object.entries(extra)) await writeFile(join(dir, file), sql);
  return dir;
}

/** Parses `--json` output: one event object per line. */
export function jsonEvents(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
