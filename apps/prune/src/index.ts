export { parseAge } from './age.js';
export { main } from './cli.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { type PruneFlags, runPrune } from './prune-command.js';
