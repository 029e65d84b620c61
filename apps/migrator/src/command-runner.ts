import { type Database, UsageError } from '@itinerary/db-core';
import {
  type AppConnectionTarget,
  type ConnectionFlags,
  connectionFrom,
  describeTarget,
  openTarget,
  secretsOf,
} from './connection-options.js';
import { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
import { createReporter, type Reporter, reportFailure } from './reporter.js';

/** What every command's body gets. */
export interface CommandContext {
  db: Database;
  target: AppConnectionTarget;
  reporter: Reporter;
}

/**
 * Resolves the connection, opens it, runs `body` and turns any failure into a printed error
 * and an exit code. The database is closed whatever happens.
 */
export async function runCommand(
  name: string,
  flags: ConnectionFlags & { json?: boolean },
  body: (context: CommandContext) => Promise<ExitCode>,
): Promise<ExitCode> {
  let reporter = createReporter(flags.json === true, []);
  let db: Database | undefined;
  try {
    const target = connectionFrom(flags, { directUrlFromEnv: true });
    reporter = createReporter(flags.json === true, secretsOf(target));
    reporter.event(
      'start',
      { command: name, database: describeTarget(target) },
      `${name}: ${describeTarget(target)}`,
    );
    db = await openTarget(target);
    return await body({ db, target, reporter });
  } catch (err) {
    const exitCode = exitCodeFor(err);
    reportFailure(reporter, err, exitCode);
    return exitCode;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

/** Parses a whole-number option in [min, max], refusing anything else as a usage error. */
export function parseWholeNumber(
  value: string,
  flag: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range =
      max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : min > 0 ? ` of at least ${min}` : '';
    throw new UsageError(`${flag} must be a whole number${range}, got "${value}"`);
  }
  return n;
}

export { EXIT };
