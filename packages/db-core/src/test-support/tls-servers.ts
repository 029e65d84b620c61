import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, chown, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  exitCleanUps,
  findExecutable,
  freePort,
  gidOf,
  isRoot,
  postgresBinDir,
  uidOf,
} from '../testing/local-processes.js';
import { postgresTools, privateServerProblem } from '../testing/private-server.js';

const execFileAsync = promisify(execFile);
const STARTUP_TIMEOUT_MS = 30_000;

/** The user a client certificate authenticates (its CN), on both servers. */
export const CERT_USER = 'itinerary_tls_cert';

/** PEM files made by openssl for one test run; delete `dir` when done. */
export interface TlsFiles {
  readonly dir: string;
  /** The CA that signed the server and client certificates. */
  readonly ca: string;
  /** Another CA, which signed nothing the servers present or trust. */
  readonly otherCa: string;
  /** The other CA's key: with `otherCa`, a client certificate the servers do not trust. */
  readonly otherCaKey: string;
  /** The server's certificate: names `localhost` only, so `127.0.0.1` is the wrong host name. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** A client certificate with CN = `CERT_USER`. */
  readonly clientCert: string;
  readonly clientKey: string;
}

/** Why the TLS servers cannot be started here, or undefined when they can. */
export function tlsServersProblem(driver: 'postgres' | 'mysql'): string | undefined {
  if (!findExecutable(['openssl'], ['/usr/bin', '/usr/local/bin'])) return 'openssl not found';
  if (driver === 'mysql' && !findExecutable(['mariadb', 'mysql'], ['/usr/bin', '/usr/local/bin']))
    return 'the mariadb client not found';
  return privateServerProblem(driver);
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await execFileAsync('openssl', args, { cwd, timeout: STARTUP_TIMEOUT_MS });
}

/**
 * A CA, a server certificate for `localhost` and a client certificate for `CERT_USER` signed by
 * it, and a second, unrelated CA. EC keys: quick to make on a busy CI machine.
 */
export async function makeTlsFiles(): Promise<TlsFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-tls-'));
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = async (name: string) =>
    openssl(
      [
        'req',
        '-x509',
        ...key,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
      ],
      dir,
    );
  await ca('itinerary-test-ca');
  await ca('itinerary-other-ca');
  const leaf = async (name: string, subject: string, extensions: string) => {
    await openssl(['req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
    await writeFile(join(dir, `${name}.ext`), extensions);
    await openssl(
      [
        ...[
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'itinerary-test-ca.crt',
          '-CAkey',
          'itinerary-test-ca.key',
        ],
        ...['-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`],
      ],
      dir,
    );
  };
  await leaf('server', '/CN=localhost', 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await leaf('client', `/CN=${CERT_USER}`, 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: join(dir, 'itinerary-test-ca.crt'),
    otherCa: join(dir, 'itinerary-other-ca.crt'),
    otherCaKey: join(dir, 'itinerary-other-ca.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
  };
}

/** A private server with TLS on, on its own port. */
export interface TlsServer {
  /** Port of 127.0.0.1 (the server's certificate names `localhost`). */
  readonly port: number;
  /** The server's CA, certificate and key files, readable by the server's system user. */
  readonly files: { ca: string; cert: string; key: string };
  /** Stops the server and deletes its directory; safe to call more than once. */
  destroy(): Promise<void>;
}

/** Copies the server's certificate and key where `user` (the server's owner) may read them. */
async function serverCopies(files: TlsFiles, dir: string, user: string | undefined) {
  const copies = { ca: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
  await copyFile(files.ca, copies.ca);
  await copyFile(files.serverCert, copies.cert);
  await copyFile(files.serverKey, copies.key);
  // PostgreSQL refuses a key file others can read.
  await chmod(copies.key, 0o600);
  if (user) for (const file of Object.values(copies)) await chown(file, uidOf(user), gidOf(user));
  return copies;
}

/**
 * A private PostgreSQL cluster with `ssl=on` whose pg_hba.conf lets `CERT_USER` in only over
 * TLS with a client certificate (`hostssl … cert`) and everyone else in over TLS or not.
 */
export async function startTlsPostgres(files: TlsFiles): Promise<TlsServer> {
  const problem = tlsServersProblem('postgres');
  if (problem) throw new Error(`cannot start a TLS PostgreSQL: ${problem}`);
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-tls-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const tools = await postgresTools(dir, data);
  let running = false;
  let tls: TlsServer['files'] | undefined;
  const destroy = async () => {
    if (running) tools.stopNow();
    running = false;
    exitCleanUps.delete(tools.stopNow);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await tools.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    tls = await serverCopies(files, dir, isRoot ? 'postgres' : undefined);
    const hba = join(dir, 'pg_hba.conf');
    await writeFile(
      hba,
      [
        'local all all trust',
        `hostnossl all ${CERT_USER} 127.0.0.1/32 reject`,
        `hostssl all ${CERT_USER} 127.0.0.1/32 cert`,
        'host all all 127.0.0.1/32 trust',
        '',
      ].join('\n'),
    );
    if (isRoot) await chown(hba, uidOf('postgres'), gidOf('postgres'));
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c shared_buffers=16MB',
      '-c max_connections=20',
      '-c ssl=on',
      `-c ssl_cert_file=${tls.cert}`,
      `-c ssl_key_file=${tls.key}`,
      `-c ssl_ca_file=${tls.ca}`,
      `-c hba_file=${hba}`,
    ].join(' ');
    exitCleanUps.add(tools.stopNow);
    running = true;
    await tools.start(options);
    await psql(dir, port, `CREATE ROLE ${CERT_USER} LOGIN`);
  } catch (err) {
    await destroy();
    throw err;
  }
  return { port, files: tls, destroy };
}

async function psql(dir: string, port: number, sql: string): Promise<void> {
  const bin = postgresBinDir() as string;
  const psqlPath = findExecutable(['psql'], [bin, '/usr/bin']) as string;
  await execFileAsync(
    psqlPath,
    ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', sql],
    {
      timeout: STARTUP_TIMEOUT_MS,
    },
  );
}

/**
 * A private MariaDB with TLS on and its grant tables in force: root may connect from 127.0.0.1
 * without a password, `CERT_USER` only with a client certificate of that subject (`REQUIRE SUBJECT`).
 */
export async function startTlsMariaDb(files: TlsFiles): Promise<TlsServer> {
  const problem = tlsServersProblem('mysql');
  if (problem) throw new Error(`cannot start a TLS MariaDB: ${problem}`);
  const server = findExecutable(
    ['mariadbd', 'mysqld'],
    ['/usr/sbin', '/usr/bin', '/usr/local/bin'],
  ) as string;
  const install = findExecutable(
    ['mariadb-install-db', 'mysql_install_db'],
    ['/usr/bin', '/usr/local/bin'],
  ) as string;
  const client = findExecutable(['mariadb', 'mysql'], ['/usr/bin', '/usr/local/bin']) as string;
  const dir = await mkdtemp(join(tmpdir(), 'itinerary-tls-mariadb-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'server.sock');
  const port = await freePort();
  let child: ChildProcess | undefined;
  let tls: TlsServer['files'] | undefined;
  const stopNow = () => {
    child?.kill('SIGKILL');
  };
  const destroy = async () => {
    if (child && child.exitCode === null) {
      const proc = child;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await Promise.race([exited, sleep(5000)]);
    }
    child = undefined;
    exitCleanUps.delete(stopNow);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (isRoot) await chown(dir, uidOf('mysql'), gidOf('mysql'));
    tls = await serverCopies(files, dir, isRoot ? 'mysql' : undefined);
    // --no-defaults keeps the machine's my.cnf (datadir, socket, port of the shared server) out.
    const common = ['--no-defaults', `--datadir=${data}`, ...(isRoot ? ['--user=mysql'] : [])];
    await execFileAsync(
      install,
      [...common, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
      { timeout: STARTUP_TIMEOUT_MS },
    );
    const proc = spawn(
      server,
      [
        ...common,
        `--port=${port}`,
        `--socket=${socket}`,
        `--pid-file=${join(dir, 'server.pid')}`,
        `--log-error=${join(dir, 'server.log')}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        '--innodb-flush-log-at-trx-commit=0',
        `--ssl-ca=${tls.ca}`,
        `--ssl-cert=${tls.cert}`,
        `--ssl-key=${tls.key}`,
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    exitCleanUps.add(stopNow);
    await waitForPort(port, proc);
    // The installed root@localhost answers on the socket only; TCP from 127.0.0.1 needs its own account.
    await execFileAsync(
      client,
      [
        '--no-defaults',
        `--socket=${socket}`,
        '-uroot',
        '-e',
        [
          "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'",
          "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION",
          `CREATE USER '${CERT_USER}'@'127.0.0.1' REQUIRE SUBJECT '/CN=${CERT_USER}'`,
          `GRANT SELECT ON mysql.* TO '${CERT_USER}'@'127.0.0.1'`,
        ].join('; '),
      ],
      { timeout: STARTUP_TIMEOUT_MS },
    );
  } catch (err) {
    await destroy();
    throw err;
  }
  return { port, files: tls, destroy };
}

/** Waits until `port` accepts TCP connections, failing early when the server process died. */
async function waitForPort(port: number, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`the server exited with code ${proc.exitCode} while starting`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await sleep(100);
  }
  throw new Error(`the server did not accept connections on port ${port} within ${STARTUP_TIMEOUT_MS} ms`);
}
