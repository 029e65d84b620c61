import {
  type ConnectionTarget,
  type Database,
  openWithConfig,
  redactDsn,
  resolveConnection,
} from '@itinerary/db-core';
import type { Command } from 'commander';

/** The embedded default: a SQLite file in the working directory. */
export const DEFAULT_DATABASE_URL = 'sqlite:./itinerary.db';

/** The connection flags every command takes. */
export interface ConnectionFlags {
  databaseUrl?: string;
  driver?: string;
  dsn?: string;
}

/** Adds `--database-url`, `--driver` and `--dsn` to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--database-url <url>',
      'postgres://, postgresql://, mysql://, mariadb://, sqlite:PATH or a file path (default: $DATABASE_URL, else ./itinerary.db)',
    )
    .option('--driver <driver>', 'postgres, mysql or sqlite3 (with --dsn)')
    .option('--dsn <dsn>', "the driver's data source name (with --driver)");
}

/** Works out the connection from flags, `DATABASE_URL` or the default. */
export function connectionFrom(flags: ConnectionFlags): ConnectionTarget {
  return resolveConnection({ ...flags, defaultUrl: DEFAULT_DATABASE_URL });
}

/** The password in a DSN, so output can mask it even where a driver message repeats it. */
export function secretsOf(target: ConnectionTarget): string[] {
  try {
    const password = decodeURIComponent(new URL(target.dsn).password);
    return password === '' ? [] : [password, encodeURIComponent(password)];
  } catch {
    return [];
  }
}

/** A printable name of the target: driver and DSN with the password hidden. */
export function describeTarget(target: ConnectionTarget): string {
  return `${target.driver} ${redactDsn(target.dsn)}`;
}

/** Opens the target with a small pool: the migrator needs one connection, and one spare for status. */
export function openTarget(target: ConnectionTarget): Promise<Database> {
  return openWithConfig({
    driver: target.driver,
    dsn: target.dsn,
    maxOpenConns: 2,
    acquireTimeoutMs: 30_000,
  });
}
