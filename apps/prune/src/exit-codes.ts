import { COMMON_EXIT } from '@itinerary/cli-support';
import { UsageError } from '@itinerary/db-core';
import { isValidationError } from '@itinerary/db-schema';
import { PruneRefusedError } from './prune-refused-error.js';

/** The prune's exit codes: stable, in `--help` and the README. 0-2 and 7 mean what they mean for `itinerary-migrate`. */
export const EXIT = {
  ...COMMON_EXIT,
  notMigrated: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code an error ends the command with. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof PruneRefusedError) return EXIT.notMigrated;
  if (err instanceof UsageError || isValidationError(err)) return EXIT.usage;
  return EXIT.failure;
}
