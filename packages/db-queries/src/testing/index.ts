export { createTestDb } from './create-test-db.js';
export { resetDb } from './reset-db.js';
export { type SeedCounts, seedTestData } from './seed-test-data.js';
