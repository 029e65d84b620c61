export {
  type DialectTarget,
  dialectTargets,
  requiredTargets,
  TARGET_NAMES,
  type TargetName,
} from './dialect-targets.js';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
