import type { ExitCode } from './exit-codes.js';

/** Why the seed refused to write, before it changed anything: the database is not ready for it. */
export class SeedRefusedError extends Error {
  override readonly name = 'SeedRefusedError';
  /** A stable code for scripts (`SCHEMA_NOT_MIGRATED`, `RESET_NOT_CONFIRMED`, `DATABASE_NOT_EMPTY`). */
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, exitCode: ExitCode, message: string) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}
