import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  exitCleanUps,
  findExecutable,
  freePort,
  gidOf,
  isRoot,
  uidOf,
  userExists,
} from './local-processes.js';

/**
 * A PgBouncer of the test's own, in transaction pooling mode, in front of a PostgreSQL server.
 * Any database of that server can be reached through it by name; its admin console is the
 * `pgbouncer` database (`SHOW POOLS`, `SHOW SERVERS`).
 */
export interface PgBouncerProcess {
  /** The URL of the server's `postgres` database through PgBouncer. */
  readonly url: string;
  readonly port: number;
  /** The URL of `database` through PgBouncer; `urlFor('pgbouncer')` is the admin console. */
  urlFor(database: string): string;
  /** Stops PgBouncer and deletes its directory; safe to call more than once. */
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The PostgreSQL server to pool connections to; its host, port, user and password are used. */
  serverUrl: string;
  /** Server connections per database and user (`default_pool_size`); 4 unless given. */
  poolSize?: number;
  /** Client connections PgBouncer accepts in all (`max_client_conn`); 500 unless given. */
  maxClientConn?: number;
  /** More `[pgbouncer]` settings (`server_tls_sslmode`, `client_tls_key_file`…), written after the others. */
  settings?: Readonly<Record<string, string>>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** Why PgBouncer cannot be started on this machine, or undefined when it can. */
export function pgbouncerProblem(): string | undefined {
  if (!pgbouncerBinary()) return 'pgbouncer not found';
  if (isRoot && !userExists('postgres')) return 'running as root, and there is no postgres user to run as';
  return undefined;
}

/** Starts PgBouncer on a free port of 127.0.0.1 and waits until a query passes through it. */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncerProcess> {
  const problem = pgbouncerProblem();
  if (problem) throw new Error(`cannot start PgBouncer: ${problem}`);
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username) || 'postgres';
  const password = decodeURIComponent(server.password);
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-pgbouncer-'));
  const port = await freePort();
  const config = join(dir, 'pgbouncer.ini');
  const log = join(dir, 'pgbouncer.log');
  const authFile = join(dir, 'userlist.txt');
  await writeFile(authFile, `${quote(user)} ${quote(password)}\n`);
  await writeFile(
    config,
    [
      '[databases]',
      // The wildcard makes every database of the server reachable, including those a test creates.
      `* = host=${server.hostname} port=${server.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      `logfile = ${log}`,
      'pool_mode = transaction',
      // With trust, PgBouncer still wants the user in auth_file, and logs in to the server with its password.
      'auth_type = trust',
      `auth_file = ${authFile}`,
      `admin_users = ${user}`,
      `default_pool_size = ${options.poolSize ?? 4}`,
      `max_client_conn = ${options.maxClientConn ?? 500}`,
      // Dropping extra_float_digits (JDBC sends it) is harmless; any other parameter, statement_timeout
      // included, is rejected as a production PgBouncer rejects it.
      'ignore_startup_parameters = extra_float_digits',
      // In transaction mode a server connection is handed on after each transaction, not reset.
      'server_reset_query =',
      // After a failed login (a database not created yet) PgBouncer waits this long before the next
      // one; the default 15 s would stall the test that creates the database and connects again.
      'server_login_retry = 0.1',
      ...Object.entries(options.settings ?? {}).map(([name, value]) => `${name} = ${value}`),
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: -u makes it switch to the postgres user, who must be able
  // to write the log and the socket. Unlike runuser, it stays our child, so it can be killed by pid.
  if (isRoot) await chown(dir, uidOf('postgres'), gidOf('postgres'));
  const child = spawn(pgbouncerBinary() as string, [...(isRoot ? ['-u', 'postgres'] : []), config], {
    stdio: 'ignore',
  });
  const cleanUpNow = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  exitCleanUps.add(cleanUpNow);
  const url = (database: string) =>
    `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await terminate(child);
    exitCleanUps.delete(cleanUpNow);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForQuery(url('postgres'), child, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: url('postgres'), port, urlFor: url, stop };
}

/**
 * Waits until `SELECT 1` succeeds through PgBouncer, which proves the server behind it is
 * reachable too; fails early, with PgBouncer's log, when it died.
 */
async function waitForQuery(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const output = await readFile(log, 'utf8').catch(() => '');
      throw new Error(`PgBouncer exited with code ${child.exitCode} while starting:\n${output}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await client.end().catch(() => {});
    }
    await sleep(100);
  }
  throw new Error(`no query passed through PgBouncer within ${STARTUP_TIMEOUT_MS} ms: ${lastError}`);
}

/** SIGTERM is PgBouncer 1.18's immediate shutdown; SIGKILL follows if it lingers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A value of auth_file: double-quoted, with a double quote written twice. */
function quote(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

function pgbouncerBinary(): string | undefined {
  return findExecutable(['pgbouncer'], ['/usr/sbin', '/usr/bin', '/usr/local/bin']);
}
