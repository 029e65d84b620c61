export { type DialectTarget, dialectTargets } from './dialect-targets.js';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
