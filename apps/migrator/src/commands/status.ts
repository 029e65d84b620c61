import { status as readStatus } from '@itinerary/db-schema';
import { type CommandContext, EXIT } from '../command-runner.js';
import type { ExitCode } from '../exit-codes.js';
import { problemExitCode } from '../problem-exit-code.js';

/** Shows applied and pending migrations and any problem; `check` makes pending ones an error. */
export async function status(
  { db, reporter }: CommandContext,
  options: { check: boolean; migrationsDir?: string },
): Promise<ExitCode> {
  const s = await readStatus(
    db,
    options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir },
  );
  reporter.event('status', {
    currentVersion: s.currentVersion,
    applied: s.applied,
    pending: s.pending,
    problems: s.problems,
    locked: s.locked,
  });
  reporter.info(`current version: ${s.currentVersion ?? 'none (empty database)'}`);
  for (const m of s.applied) {
    const partial =
      m.status === 'partial' ? ` PARTIAL (${m.statementsApplied}/${m.statementsTotal} statements)` : '';
    reporter.info(
      `  applied  ${String(m.version).padStart(4, '0')}_${m.name}  ${m.appliedAt.toISOString()}  ${m.durationMs} ms${partial}`,
    );
  }
  for (const m of s.pending) reporter.info(`  pending  ${m.label}`);
  if (s.locked) reporter.info('another migrator holds the lock right now');
  for (const p of s.problems) reporter.error(p.message, { code: p.code, version: p.version });
  if (s.problems.length > 0) return problemExitCode(s.problems);
  if (options.check && s.pending.length > 0) {
    reporter.error(`${s.pending.length} migration(s) pending`, {
      code: 'MIGRATIONS_PENDING',
      exitCode: EXIT.pending,
    });
    return EXIT.pending;
  }
  return EXIT.ok;
}
