import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** True when this process runs as root, so servers must be run as their own system user. */
export const isRoot = process.getuid?.() === 0;

/**
 * Synchronous clean-ups run when the test process exits, whatever ended it short of SIGKILL,
 * so a test that fails half-way leaves no server running. Add one when a process starts,
 * delete it when the process was stopped the normal way.
 */
export const exitCleanUps = new Set<() => void>();
process.once('exit', () => {
  for (const cleanUpNow of exitCleanUps) cleanUpNow();
});

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** The first of `names` found in `dirs` or on PATH. */
export function findExecutable(names: string[], dirs: string[]): string | undefined {
  const path = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const dir of [...dirs, ...path]) {
    for (const name of names) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The newest PostgreSQL server binaries' folder (`ITINERARY_TEST_PG_BINDIR` first). */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [
    process.env.ITINERARY_TEST_PG_BINDIR,
    ...versions.map((v) => join(root, v, 'bin')),
    '/usr/local/pgsql/bin',
  ];
  return candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

export function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function uidOf(name: string): number {
  return Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
}

export function gidOf(name: string): number {
  return Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
}
