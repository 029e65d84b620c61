import type { MigrationProblem } from '@itinerary/db-schema';
import { EXIT, type ExitCode } from './exit-codes.js';

/** The exit code for the problems `status` found: a half-applied migration first, then drift. */
export function problemExitCode(problems: readonly MigrationProblem[]): ExitCode {
  return problems.some((p) => p.code === 'MIGRATION_PARTIAL') ? EXIT.partial : EXIT.drift;
}
