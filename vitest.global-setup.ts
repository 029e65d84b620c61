import { requiredTargets } from './packages/db-core/src/testing/dialect-targets.js';
import { pgbouncerProblem, startPgBouncer } from './packages/db-core/src/testing/pgbouncer.js';

/**
 * Starts a PgBouncer in transaction mode in front of the test PostgreSQL server, so every
 * suite that iterates `dialectTargets()` also runs through a real transaction-mode pooler
 * (target `pgbouncer`). Its URL reaches the test workers through the environment.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.ITINERARY_TEST_POSTGRES_URL;
  if (!serverUrl || process.env.ITINERARY_TEST_PGBOUNCER_URL) return undefined;
  const required = requiredTargets().includes('pgbouncer');
  const problem = pgbouncerProblem();
  if (problem) {
    if (required) throw new Error(`pgbouncer tests are required (ITINERARY_TEST_REQUIRE) but ${problem}`);
    console.warn(`PgBouncer tests skipped: ${problem}`);
    return undefined;
  }
  const bouncer = await startPgBouncer({ serverUrl });
  process.env.ITINERARY_TEST_PGBOUNCER_URL = bouncer.url;
  return () => bouncer.stop();
}
