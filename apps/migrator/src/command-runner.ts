import {
  type AppConnectionTarget,
  type ConnectionFlags,
  connectionFrom,
  createReporter,
  describeTarget,
  openTarget,
  type Reporter,
  reportFailure,
  secretsOf,
} from '@itinerary/cli-support';
import type { Database } from '@itinerary/db-core';
import { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';

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

export { EXIT };
