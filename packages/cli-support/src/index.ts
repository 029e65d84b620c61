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
export { COMMON_EXIT } from './exit-codes.js';
export { parseCommandLine } from './parse-command-line.js';
export { createReporter, type Reporter, reportFailure } from './reporter.js';
export { type SignalStop, stopOnSignals } from './stop-on-signals.js';
export { parseWholeNumber } from './whole-number.js';
