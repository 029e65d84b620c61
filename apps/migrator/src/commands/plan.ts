import { migrate } from '@itinerary/db-schema';
import { type CommandContext, EXIT } from '../command-runner.js';
import type { ExitCode } from '../exit-codes.js';

/** Lists what `up` would apply, with each migration's SQL, changing nothing. */
export async function plan(
  { db, reporter }: CommandContext,
  options: { to?: number; migrationsDir?: string },
): Promise<ExitCode> {
  const result = await migrate(db, {
    dryRun: true,
    ...(options.to === undefined ? {} : { target: options.to }),
    ...(options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir }),
  });
  if (result.planned.length === 0) {
    reporter.event('plan', { currentVersion: result.currentVersion, migrations: [] }, 'nothing to apply');
    return EXIT.ok;
  }
  reporter.info(`${result.planned.length} migration(s) would be applied, in this order:`);
  for (const m of result.planned) {
    reporter.info(`\n-- ${m.label} (checksum ${m.checksum.slice(0, 12)})\n${m.sql.trimEnd()}`);
  }
  reporter.event('plan', {
    currentVersion: result.currentVersion,
    migrations: result.planned.map((m) => ({
      version: m.version,
      name: m.name,
      checksum: m.checksum,
      sql: m.sql,
    })),
  });
  return EXIT.ok;
}
