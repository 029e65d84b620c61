import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Driver } from '@itinerary/db-core';

const SEED_BIN = fileURLToPath(new URL('../../../apps/seed/dist/bin/itinerary-seed.js', import.meta.url));

/** Fills the bench database with the seed app's generator, as a user would, and returns its summary. */
export async function seedWithCli(
  driver: Driver,
  dsn: string,
  options: { jobs: number; runsPerJob: number; reset: boolean },
): Promise<{ elapsedMs: number; summary: Record<string, unknown> }> {
  const url = driver === 'sqlite3' ? `sqlite:${dsn}` : dsn;
  const args = [
    SEED_BIN,
    '--database-url',
    url,
    '--jobs',
    String(options.jobs),
    '--runs-per-job',
    String(options.runsPerJob),
    '--seed',
    '1',
    '--json',
    ...(options.reset ? ['--reset', '--yes'] : []),
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`itinerary-seed exited with ${code}:\n${stdout}`);
  const lines = stdout.trim().split('\n').filter(Boolean);
  const summary = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
  return { elapsedMs: Date.now() - started, summary };
}
