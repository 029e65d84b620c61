import {
  type ConnectionTarget,
  type Database,
  describeConnection,
  openWithConfig,
  type PoolerMode,
  parseDatabaseUrl,
  resolveConnection,
  UsageError,
} from '@itinerary/db-core';
import { type Command, Option } from 'commander';

/** The embedded default: a SQLite file in the working directory. */
export const DEFAULT_DATABASE_URL = 'sqlite:./itinerary.db';

/** The connection flags every command takes (`directUrl` only where `addDirectUrlOption` added it). */
export interface ConnectionFlags {
  databaseUrl?: string;
  driver?: string;
  dsn?: string;
  poolerMode?: PoolerMode;
  directUrl?: string;
}

/** A connection as the apps open it: where, and whether a transaction-mode pooler is in between. */
export interface AppConnectionTarget extends ConnectionTarget {
  poolerMode: PoolerMode;
  /** True when this is the `--direct-url`, chosen over the pooled URL. */
  direct: boolean;
}

/** Adds `--database-url`, `--driver`, `--dsn` and `--pooler-mode` to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--database-url <url>',
      'postgres://, postgresql://, mysql://, mariadb://, sqlite:PATH or a file path (default: $DATABASE_URL, else ./itinerary.db)',
    )
    .option('--driver <driver>', 'postgres, mysql or sqlite3 (with --dsn)')
    .option('--dsn <dsn>', "the driver's data source name (with --driver)")
    .addOption(
      new Option(
        '--pooler-mode <mode>',
        'transaction when the URL points at PgBouncer in transaction mode (postgres only)',
      )
        .choices(['none', 'transaction'])
        .env('DATABASE_POOLER_MODE')
        .default('none'),
    );
}

/** Adds `--direct-url`: a connection that bypasses the pooler, used instead of the pooled one. */
export function addDirectUrlOption(command: Command): Command {
  return command.option(
    '--direct-url <url>',
    'a URL that bypasses the connection pooler (PgBouncer), used instead of --database-url (default: $DIRECT_DATABASE_URL, unless --database-url or --dsn is given)',
  );
}

/**
 * Works out the connection from flags, `DATABASE_URL` or the default. A direct URL wins over
 * the pooled one; with `directUrlFromEnv`, `DIRECT_DATABASE_URL` counts as one unless a
 * connection was given on the command line, which always beats the environment.
 */
export function connectionFrom(
  flags: ConnectionFlags,
  {
    directUrlFromEnv = false,
    env = process.env,
  }: { directUrlFromEnv?: boolean; env?: NodeJS.ProcessEnv } = {},
): AppConnectionTarget {
  if (flags.directUrl !== undefined && (flags.driver !== undefined || flags.dsn !== undefined)) {
    throw new UsageError(
      '--direct-url is used instead of --database-url; it cannot be combined with --driver/--dsn',
    );
  }
  const explicit = flags.databaseUrl !== undefined || flags.dsn !== undefined;
  const direct = flags.directUrl ?? (directUrlFromEnv && !explicit ? env.DIRECT_DATABASE_URL : undefined);
  if (direct !== undefined && direct.trim() !== '') {
    return { ...parseDatabaseUrl(direct), poolerMode: 'none', direct: true };
  }
  const target = resolveConnection({ ...flags, env, defaultUrl: DEFAULT_DATABASE_URL });
  return { ...target, poolerMode: flags.poolerMode ?? 'none', direct: false };
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

/** A printable name of the target: driver, DSN with the password hidden, TLS mode, and how it connects. */
export function describeTarget(target: AppConnectionTarget): string {
  const how = target.direct
    ? ' (direct URL)'
    : target.poolerMode === 'transaction'
      ? ' (through a transaction-mode pooler)'
      : '';
  return `${target.driver} ${describeConnection(target)}${how}`;
}

/** Opens the target with a small pool: a command needs one connection, and one spare (the migrator's status). */
export function openTarget(target: AppConnectionTarget): Promise<Database> {
  return openWithConfig({
    driver: target.driver,
    dsn: target.dsn,
    poolerMode: target.poolerMode,
    maxOpenConns: 2,
    acquireTimeoutMs: 30_000,
  });
}
