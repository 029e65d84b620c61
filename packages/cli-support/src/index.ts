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
export { createReporter, type Reporter, reportFailure } from './reporter.js';
export { parseWholeNumber } from './whole-number.js';
