import { DRIVERS, type Driver } from '../driver.js';
import { UsageError } from '../errors.js';

/** One database the shared test suites run against. */
export interface DialectTarget {
  driver: Driver;
  /** Server URL with rights to create databases; undefined for SQLite and for unconfigured servers. */
  adminDsn: string | undefined;
  /** False when the server's URL is not configured, so its tests are skipped. */
  available: boolean;
}

const URL_VARIABLES: Record<Exclude<Driver, 'sqlite3'>, string> = {
  postgres: 'ITINERARY_TEST_POSTGRES_URL',
  mysql: 'ITINERARY_TEST_MYSQL_URL',
};

/**
 * The dialects to test: SQLite always, PostgreSQL and MySQL when their URLs are set. A
 * dialect listed in `ITINERARY_TEST_REQUIRE` without a URL is an error, not a silent skip.
 */
export function dialectTargets(env: NodeJS.ProcessEnv = process.env): DialectTarget[] {
  const required = (env.ITINERARY_TEST_REQUIRE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of required) {
    if (!(DRIVERS as readonly string[]).includes(name)) {
      throw new UsageError(
        `ITINERARY_TEST_REQUIRE names unknown dialect "${name}"; use ${DRIVERS.join(', ')}`,
      );
    }
  }
  return DRIVERS.map((driver) => {
    if (driver === 'sqlite3') return { driver, adminDsn: undefined, available: true };
    const variable = URL_VARIABLES[driver];
    const adminDsn = env[variable] || undefined;
    if (!adminDsn && required.includes(driver)) {
      throw new UsageError(
        `${driver} tests are required (ITINERARY_TEST_REQUIRE) but ${variable} is not set`,
      );
    }
    return { driver, adminDsn, available: adminDsn !== undefined };
  });
}
