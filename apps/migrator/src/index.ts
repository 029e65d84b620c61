// The shared command helpers moved to @itinerary/cli-support; re-exported so this package's
// surface stays what it was.
export {
  type AppConnectionTarget,
  addConnectionOptions,
  addDirectUrlOption,
  type ConnectionFlags,
  connectionFrom,
  createReporter,
  DEFAULT_DATABASE_URL,
  describeTarget,
  openTarget,
  parseWholeNumber,
  type Reporter,
  reportFailure,
  secretsOf,
} from '@itinerary/cli-support';
export { main } from './cli.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { runMigrations } from './run-migrations.js';
