import { COMMON_EXIT } from '@itinerary/cli-support';
import { UsageError } from '@itinerary/db-core';
import { MigrationError } from '@itinerary/db-schema';

/** The migrator's exit codes: stable, documented in the README, for deploy scripts to branch on. */
export const EXIT = {
  ...COMMON_EXIT,
  pending: 3,
  lockTimeout: 4,
  drift: 5,
  partial: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_MIGRATION_CODE: Record<string, ExitCode> = {
  MIGRATION_LOCK_TIMEOUT: EXIT.lockTimeout,
  MIGRATION_CHECKSUM_MISMATCH: EXIT.drift,
  MIGRATION_FILE_MISSING: EXIT.drift,
  MIGRATION_UNKNOWN_VERSION: EXIT.drift,
  MIGRATION_OUT_OF_ORDER: EXIT.drift,
  MIGRATION_PARTIAL: EXIT.partial,
  MIGRATION_CANCELLED: EXIT.interrupted,
  MIGRATION_FILE_INVALID: EXIT.usage,
};

/** The exit code an error ends the command with. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof MigrationError && err.code !== undefined)
    return BY_MIGRATION_CODE[err.code] ?? EXIT.failure;
  return EXIT.failure;
}
