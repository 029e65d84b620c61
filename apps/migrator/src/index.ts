export { main } from './cli.js';
export { parseWholeNumber } from './command-runner.js';
export {
  type AppConnectionTarget,
  addConnectionOptions,
  addDirectUrlOption,
  type ConnectionFlags,
  connectionFrom,
  DEFAULT_DATABASE_URL,
  describeTarget,
  openTarget,
  secretsOf,
} from './connection-options.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { createReporter, type Reporter, reportFailure } from './reporter.js';
export { runMigrations } from './run-migrations.js';
