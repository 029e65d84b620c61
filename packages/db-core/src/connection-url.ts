import { dialectFor } from './dialects/dialect-registry.js';
import type { Driver } from './driver.js';
import { UsageError } from './errors.js';
import { checkTlsConfig, describeTls, splitTlsParameters, type TlsConfig } from './tls-settings.js';

/** A driver and the DSN to give it, as worked out from a URL or from flags. */
export interface ConnectionTarget {
  driver: Driver;
  dsn: string;
}

/** Where a connection may come from, in the order the apps look: flags, then environment. */
export interface ConnectionSources {
  databaseUrl?: string | undefined;
  driver?: string | undefined;
  dsn?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Used when nothing is given (the apps' embedded SQLite file). */
  defaultUrl?: string;
}

/**
 * Reads a database URL: `postgres://`/`postgresql://`, `mysql://`/`mariadb://`, `sqlite:path`
 * (or `sqlite://path`, `sqlite::memory:`), or a bare file path, which means SQLite.
 */
export function parseDatabaseUrl(url: string): ConnectionTarget {
  return checkedTarget(parsedUrl(url));
}

/**
 * Refuses, before anything connects, a server URL whose parameters the layer does not know or
 * whose TLS setting cannot work; the URL itself is kept, for the dialect to read again.
 */
function checkedTarget(target: ConnectionTarget): ConnectionTarget {
  urlTls(target);
  return target;
}

/** The TLS setting a target's URL gives, undefined when none (or for SQLite). */
function urlTls(target: ConnectionTarget): TlsConfig | undefined {
  const names = dialectFor(target.driver).tlsUrlNames;
  if (names === undefined) return undefined;
  const { tls } = splitTlsParameters(target.dsn, names);
  if (tls !== undefined) checkTlsConfig(tls, names);
  return tls;
}

/**
 * A printable description of a connection for start lines and logs: the DSN with its password
 * hidden and, for a server, its TLS mode (`postgres://app:***@db/it (TLS verify-full)`).
 * `tls` is the `Config.tls` the connection is opened with, when the URL does not carry it.
 */
export function describeConnection(target: ConnectionTarget, tls?: TlsConfig): string {
  const shown = redactDsn(target.dsn);
  if (dialectFor(target.driver).tlsUrlNames === undefined) return shown;
  return `${shown} (${describeTls(urlTls(target) ?? tls ?? { mode: 'disable' })})`;
}

function parsedUrl(url: string): ConnectionTarget {
  const text = url.trim();
  if (text === '') throw new UsageError('the database URL is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { driver: 'postgres', dsn: text };
    case 'mysql':
    case 'mariadb':
      return { driver: 'mysql', dsn: text.replace(/^mariadb:/i, 'mysql:') };
    case 'sqlite':
    case 'sqlite3':
    case 'file': {
      const path = text.slice(scheme.length + 1).replace(/^\/\//, '');
      if (path === '') throw new UsageError(`the SQLite URL ${JSON.stringify(url)} names no file`);
      return { driver: 'sqlite3', dsn: path };
    }
    case undefined:
      return { driver: 'sqlite3', dsn: text };
    default:
      // A Windows drive letter is a path, not a scheme.
      if (/^[a-z]:[\\/]/i.test(text)) return { driver: 'sqlite3', dsn: text };
      throw new UsageError(
        `unsupported database URL scheme "${scheme}:": use postgres://, mysql://, mariadb://, sqlite: or a file path`,
      );
  }
}

/**
 * Picks the connection from `--database-url`, else `--driver` with `--dsn`, else the
 * `DATABASE_URL` environment variable, else the default, refusing contradictory flags.
 */
export function resolveConnection(sources: ConnectionSources): ConnectionTarget {
  const { databaseUrl, driver, dsn } = sources;
  if (databaseUrl !== undefined && (driver !== undefined || dsn !== undefined)) {
    throw new UsageError('give either --database-url or --driver with --dsn, not both');
  }
  if (databaseUrl !== undefined) return parseDatabaseUrl(databaseUrl);
  if (driver !== undefined || dsn !== undefined) {
    if (driver === undefined || dsn === undefined) throw new UsageError('--driver and --dsn go together');
    if (driver !== 'postgres' && driver !== 'mysql' && driver !== 'sqlite3') {
      throw new UsageError(`unknown driver "${driver}": use postgres, mysql or sqlite3`);
    }
    if (dsn.trim() === '') throw new UsageError('--dsn is empty');
    return checkedTarget({ driver, dsn });
  }
  const fromEnv = (sources.env ?? process.env).DATABASE_URL;
  if (fromEnv) return parseDatabaseUrl(fromEnv);
  if (sources.defaultUrl !== undefined) return parseDatabaseUrl(sources.defaultUrl);
  throw new UsageError('no database given: pass --database-url, or --driver with --dsn, or set DATABASE_URL');
}

/**
 * The DSN with any password replaced by `***`, safe to print or log. The password runs to the
 * last `@`, since an unencoded `@` in a password is common; over-hiding is the safe mistake.
 */
export function redactDsn(dsn: string): string {
  return dsn
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):.*@(?=[^@]*$)/i, '$1:***@')
    .replace(/([?&](?:password|pass|pwd)=)[^&]*/gi, '$1***');
}
