import type { Reporter } from '@itinerary/cli-support';
import { type MigrationEvent, migrate } from '@itinerary/db-schema';
import { type CommandContext, EXIT } from '../command-runner.js';
import type { ExitCode } from '../exit-codes.js';

/** Options of `itinerary-migrate up`. */
export interface UpOptions {
  to?: number;
  lockTimeoutMs: number;
  migrationsDir?: string;
}

/** Prints one engine event as a line for people or a JSON event. */
export function reportMigrationEvent(reporter: Reporter, event: MigrationEvent): void {
  const { type, ...fields } = event;
  reporter.event(type, fields, describeEvent(event));
}

function describeEvent(event: MigrationEvent): string {
  switch (event.type) {
    case 'lock-wait':
      return `waiting for another migrator to finish (lock ${event.lockName}, up to ${event.lockTimeoutMs} ms)`;
    case 'lock-acquired':
      return `lock acquired${event.waitedMs > 50 ? ` after ${event.waitedMs} ms` : ''}`;
    case 'migration-start':
      return `applying ${event.label} (${event.statements} statement${event.statements === 1 ? '' : 's'})…`;
    case 'migration-applied':
      return `applied ${event.label} in ${event.durationMs} ms`;
    case 'done':
      return event.applied === 0
        ? `nothing to do: the database is at version ${event.currentVersion ?? 'none'}`
        : `done: ${event.applied} migration(s) applied, now at version ${event.currentVersion} (${event.durationMs} ms)`;
  }
}

/**
 * Applies pending migrations. SIGINT or SIGTERM stops the run after the migration in
 * progress: the lock is released and the command exits with the "interrupted" code.
 */
export async function up({ db, reporter }: CommandContext, options: UpOptions): Promise<ExitCode> {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    reporter.info(`received ${signal}: stopping after the migration in progress`);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await migrate(db, {
      ...(options.to === undefined ? {} : { target: options.to }),
      ...(options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir }),
      lockTimeoutMs: options.lockTimeoutMs,
      signal: controller.signal,
      onEvent: (event) => reportMigrationEvent(reporter, event),
    });
    return EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
