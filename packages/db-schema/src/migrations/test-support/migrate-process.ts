import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '@itinerary/db-core';

const SCRIPT = fileURLToPath(new URL('./migrate-process.mjs', import.meta.url));
const SRC_DIR = fileURLToPath(new URL('../', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../../../dist/migrations/', import.meta.url));

/** What a deployer process printed and how it ended. */
export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The JSON line it printed: `{ ok, applied, waited }` or `{ ok: false, name, code, message }`. */
  report:
    | { ok: boolean; applied?: number[]; waited?: boolean; name?: string; code?: string; message?: string }
    | undefined;
  stdout: string;
  stderr: string;
}

/**
 * The child processes import the engine from dist, so a stale build would test old code:
 * fail loudly instead, naming the command that fixes it.
 */
export function assertBuilt(): void {
  const hint = 'run `cd packages/db-schema && npx tsc -b` (or `pnpm build`) before these tests';
  if (!existsSync(`${DIST_DIR}index.js`)) throw new Error(`${DIST_DIR}index.js is missing: ${hint}`);
  for (const file of readdirSync(SRC_DIR)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const built = `${DIST_DIR}${file.replace(/\.ts$/, '.js')}`;
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(`${SRC_DIR}${file}`).mtimeMs) {
      throw new Error(`${built} is older than src/migrations/${file}: ${hint}`);
    }
  }
}

const children = new Set<ChildProcess>();

function spawnDeployer(
  config: Config,
  dir: string | undefined,
  mode: 'run' | 'hold',
  startAt?: number,
): ChildProcess {
  const env = { ...process.env };
  if (startAt !== undefined) env.ITINERARY_DEPLOYER_START_AT = String(startAt);
  const child = spawn(process.execPath, [SCRIPT, JSON.stringify(config), dir ?? '', mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Runs one deployer to completion; with `startAt` (epoch ms) it migrates no earlier than then. */
export function runDeployer(
  config: Config,
  options: { dir?: string; startAt?: number } = {},
): Promise<ProcessResult> {
  const child = spawnDeployer(config, options.dir, 'run', options.startAt);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      const line = stdout.trim().split('\n').at(-1);
      let report: ProcessResult['report'];
      try {
        report = line ? JSON.parse(line) : undefined;
      } catch {
        report = undefined;
      }
      resolve({ exitCode, signal, report, stdout, stderr });
    });
  });
}

/** A deployer process that holds the migration lock and hangs until killed. */
export interface LockHolder {
  /** Kills it with SIGKILL, as a crash or the OOM killer would, and waits until it is gone. */
  kill(): Promise<void>;
}

/** Starts a deployer in `hold` mode and resolves once it reports holding the lock. */
export function startLockHolder(config: Config, dir?: string): Promise<LockHolder> {
  const child = spawnDeployer(config, dir, 'hold');
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const holder: LockHolder = {
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void holder.kill();
      reject(new Error(`the lock holder did not take the lock within 20 s; it printed: ${output}`));
    }, 20_000);
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('LOCKED\n')) {
        clearTimeout(timer);
        resolve(holder);
      }
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the lock holder exited (${code ?? signal}) before taking the lock: ${output}`));
    });
  });
}

/** Kills every deployer a test left running (a failed assertion skips its own cleanup). */
export async function killDeployers(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.on('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
