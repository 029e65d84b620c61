import type { Config } from '../config.js';
import { DRIVERS, type Driver } from '../driver.js';
import { UsageError } from '../errors.js';

/** The names of the test targets: the three drivers, and PostgreSQL through PgBouncer. */
export const TARGET_NAMES = [...DRIVERS, 'pgbouncer'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** One database the shared test suites run against. */
export interface DialectTarget {
  /** How tests name it (`[postgres]`) and how `ITINERARY_TEST_REQUIRE` lists it. */
  name: TargetName;
  driver: Driver;
  /** Server URL with rights to create databases; undefined for SQLite and for unconfigured servers. */
  adminDsn: string | undefined;
  /** The URL test databases are reached through, when not the admin server's (PgBouncer's). */
  connectDsn: string | undefined;
  /** Settings every database opened on this target needs (the pooler mode, for PgBouncer). */
  options: Partial<Config>;
  /** False when the server's URL is not configured, so its tests are skipped. */
  available: boolean;
}

const URL_VARIABLES: Record<Exclude<TargetName, 'sqlite3'>, string> = {
  postgres: 'ITINERARY_TEST_POSTGRES_URL',
  mysql: 'ITINERARY_TEST_MYSQL_URL',
  pgbouncer: 'ITINERARY_TEST_PGBOUNCER_URL',
};

/** The target names listed in `ITINERARY_TEST_REQUIRE`, whose tests must run, not be skipped. */
export function requiredTargets(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.ITINERARY_TEST_REQUIRE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The targets to test: SQLite always, PostgreSQL and MySQL when their URLs are set, and
 * PostgreSQL through PgBouncer in transaction mode when `ITINERARY_TEST_PGBOUNCER_URL` is set
 * too (the root test setup starts one). A target listed in `ITINERARY_TEST_REQUIRE` without a
 * URL is an error, not a silent skip.
 */
export function dialectTargets(env: NodeJS.ProcessEnv = process.env): DialectTarget[] {
  const required = requiredTargets(env);
  for (const name of required) {
    if (!(TARGET_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(
        `ITINERARY_TEST_REQUIRE names unknown target "${name}"; use ${TARGET_NAMES.join(', ')}`,
      );
    }
  }
  const urlOf = (name: Exclude<TargetName, 'sqlite3'>): string | undefined => {
    const url = env[URL_VARIABLES[name]] || undefined;
    if (!url && required.includes(name)) {
      throw new UsageError(
        `${name} tests are required (ITINERARY_TEST_REQUIRE) but ${URL_VARIABLES[name]} is not set`,
      );
    }
    return url;
  };
  const server = (name: 'postgres' | 'mysql'): DialectTarget => {
    const adminDsn = urlOf(name);
    return { name, driver: name, adminDsn, connectDsn: undefined, options: {}, available: !!adminDsn };
  };
  const postgres = server('postgres');
  const bouncer = urlOf('pgbouncer');
  return [
    postgres,
    server('mysql'),
    {
      name: 'sqlite3',
      driver: 'sqlite3',
      adminDsn: undefined,
      connectDsn: undefined,
      options: {},
      available: true,
    },
    {
      name: 'pgbouncer',
      driver: 'postgres',
      // Databases are created on the server itself: PgBouncer only passes transactions through.
      adminDsn: postgres.adminDsn,
      connectDsn: bouncer,
      options: { poolerMode: 'transaction' },
      available: postgres.available && bouncer !== undefined,
    },
  ];
}
