import { COMMON_EXIT } from '@itinerary/cli-support';
import { UsageError } from '@itinerary/db-core';
import { SeedRefusedError } from './seed-refused-error.js';

/**
 * The seed's exit codes: stable and documented in `--help` and the README. 0-2 and 7 mean what
 * they mean for `itinerary-migrate`.
 */
export const EXIT = {
  ...COMMON_EXIT,
  notMigrated: 3,
  resetNotConfirmed: 4,
  notEmpty: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code an error ends the command with. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof SeedRefusedError) return err.exitCode;
  if (err instanceof UsageError) return EXIT.usage;
  return EXIT.failure;
}
