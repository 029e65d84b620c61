import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Driver } from '../driver.js';
import {
  exitCleanUps,
  findExecutable,
  freePort,
  gidOf,
  isRoot,
  postgresBinDir,
  uidOf,
  userExists,
} from './local-processes.js';

const execFileAsync = promisify(execFile);

/**
 * A database server of the test's own, in a temporary directory on a free port, that the test
 * may stop and start at will. The shared servers must never be restarted: other test files
 * run against them at the same time.
 */
export interface PrivateServer {
  readonly driver: Exclude<Driver, 'sqlite3'>;
  /** An administrator URL of the server (its default database). */
  readonly url: string;
  readonly port: number;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Shuts the server down the way an operator's restart does, closing every session. */
  stop(): Promise<void>;
  /** Stops the server if it runs and deletes its directory; safe to call more than once. */
  destroy(): Promise<void>;
  /**
   * The PID of the server's main process while it runs (PostgreSQL's postmaster, whose
   * children are its backends; mariadbd, whose sessions are threads), else undefined.
   */
  pid(): number | undefined;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** Why a private server of `driver` cannot be started on this machine, or undefined when it can. */
export function privateServerProblem(driver: Exclude<Driver, 'sqlite3'>): string | undefined {
  if (driver === 'postgres') {
    if (!postgresBinDir()) return 'PostgreSQL server binaries (initdb, pg_ctl) not found';
    if (isRoot && !userExists('postgres')) return 'running as root, and there is no postgres user to run as';
    return undefined;
  }
  if (!findExecutable(['mariadbd', 'mysqld'], ['/usr/sbin', '/usr/bin', '/usr/local/bin']))
    return 'mariadbd not found';
  if (!findExecutable(['mariadb-install-db', 'mysql_install_db'], ['/usr/bin', '/usr/local/bin']))
    return 'mariadb-install-db not found';
  if (isRoot && !userExists('mysql')) return 'running as root, and there is no mysql user to run as';
  return undefined;
}

/** Creates, starts and returns a private server of `driver`; call `destroy()` when done. */
export async function startPrivateServer(driver: Exclude<Driver, 'sqlite3'>): Promise<PrivateServer> {
  const problem = privateServerProblem(driver);
  if (problem) throw new Error(`cannot start a private ${driver} server: ${problem}`);
  const server = driver === 'postgres' ? await createPostgres() : await createMariaDb();
  try {
    await server.start();
  } catch (err) {
    await server.destroy();
    throw err;
  }
  return server;
}

/** Running PostgreSQL's server programs on a cluster in `data`, inside `dir`. */
export interface PostgresTools {
  /** Runs a server program (initdb, pg_ctl, pg_basebackup) to completion. */
  run(command: string, args: string[]): Promise<void>;
  /** Starts the cluster with the server `options` (`-p PORT -c …`), logging to `dir`/server.log. */
  start(options: string): Promise<void>;
  /** Fast shutdown, as an operator's restart does: it ends every session, then stops. */
  stop(): Promise<void>;
  /** Stops the cluster at once and synchronously, for exit clean-ups; quiet when it is not running. */
  stopNow(): void;
}

/**
 * PostgreSQL refuses to run as root: its programs then run as the postgres user, who is made
 * the owner of `dir`.
 */
export async function postgresTools(dir: string, data: string): Promise<PostgresTools> {
  const bin = postgresBinDir() as string;
  const asOwner = (command: string, args: string[]): [string, string[]] =>
    isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
  if (isRoot) await chown(dir, uidOf('postgres'), gidOf('postgres'));
  const run = async (command: string, args: string[]) => {
    const [file, argv] = asOwner(command, args);
    await execFileAsync(file, argv, { timeout: STARTUP_TIMEOUT_MS });
  };
  return {
    run,
    start: (options) =>
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', options, 'start']),
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']),
    stopNow() {
      const [file, argv] = asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      try {
        execFileSync(file, argv, { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // Already stopped.
      }
    },
  };
}

async function createPostgres(): Promise<PrivateServer> {
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-private-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const tools = await postgresTools(dir, data);
  await tools.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // Durability is pointless for a throw-away cluster; a small footprint keeps the 2-core CI quick.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=16MB',
    '-c max_connections=40',
  ].join(' ');
  let running = false;
  return {
    driver: 'postgres',
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      exitCleanUps.add(tools.stopNow);
      running = true;
      await tools.start(options);
    },
    async stop() {
      await tools.stop();
      running = false;
      exitCleanUps.delete(tools.stopNow);
    },
    pid() {
      if (!running) return undefined;
      // postmaster.pid's first line is the postmaster's PID.
      const first = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0];
      const pid = Number(first);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    },
    async destroy() {
      if (running) tools.stopNow();
      running = false;
      exitCleanUps.delete(tools.stopNow);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createMariaDb(): Promise<PrivateServer> {
  const server = findExecutable(
    ['mariadbd', 'mysqld'],
    ['/usr/sbin', '/usr/bin', '/usr/local/bin'],
  ) as string;
  const install = findExecutable(
    ['mariadb-install-db', 'mysql_install_db'],
    ['/usr/bin', '/usr/local/bin'],
  ) as string;
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-private-mariadb-'));
  const data = join(dir, 'data');
  const port = await freePort();
  if (isRoot) await chown(dir, uidOf('mysql'), gidOf('mysql'));
  const user = isRoot ? ['--user=mysql'] : [];
  // --no-defaults keeps the machine's my.cnf (datadir, socket, port of the shared server) out.
  const common = ['--no-defaults', `--datadir=${data}`, ...user];
  await execFileAsync(
    install,
    [...common, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
    { timeout: STARTUP_TIMEOUT_MS },
  );
  let child: ChildProcess | undefined;
  const stopNow = () => {
    child?.kill('SIGKILL');
  };
  const url = `mysql://root@127.0.0.1:${port}/mysql`;
  return {
    driver: 'mysql',
    url,
    port,
    async start() {
      const proc = spawn(
        server,
        [
          ...common,
          `--port=${port}`,
          `--socket=${join(dir, 'server.sock')}`,
          `--pid-file=${join(dir, 'server.pid')}`,
          `--log-error=${join(dir, 'server.log')}`,
          '--bind-address=127.0.0.1',
          // The account tables are irrelevant to a throw-away server: anyone may connect as root.
          '--skip-grant-tables',
          '--skip-name-resolve',
          '--skip-log-bin',
          '--innodb-buffer-pool-size=32M',
          '--innodb-flush-log-at-trx-commit=0',
          '--innodb-doublewrite=0',
        ],
        { stdio: 'ignore' },
      );
      child = proc;
      exitCleanUps.add(stopNow);
      await waitForPort(port, proc);
    },
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      // SIGTERM is mariadbd's normal shutdown: it ends every session, then exits.
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(STARTUP_TIMEOUT_MS)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      child = undefined;
      exitCleanUps.delete(stopNow);
    },
    pid() {
      return child && child.exitCode === null ? child.pid : undefined;
    },
    async destroy() {
      if (child && child.exitCode === null) {
        const proc = child;
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGKILL');
        await Promise.race([exited, sleep(5000)]);
      }
      child = undefined;
      exitCleanUps.delete(stopNow);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `port` accepts TCP connections, failing early when the server process died. */
async function waitForPort(port: number, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`the server exited with code ${proc.exitCode} while starting`);
    if (await accepts(port)) return;
    await sleep(100);
  }
  throw new Error(`the server did not accept connections on port ${port} within ${STARTUP_TIMEOUT_MS} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
