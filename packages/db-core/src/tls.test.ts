import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from './config.js';
import type { Database } from './database.js';
import { ConnectionError, DbError, TlsError, UsageError } from './errors.js';
import { openWithConfig } from './open.js';
import {
  CERT_USER,
  makeTlsFiles,
  startTlsMariaDb,
  startTlsPostgres,
  type TlsFiles,
  type TlsServer,
  tlsServersProblem,
} from './test-support/tls-servers.js';
import { dialectTargets, requiredTargets } from './testing/index.js';
import { pgbouncerProblem, startPgBouncer } from './testing/pgbouncer.js';
import { type PrivateServer, startPrivateServer } from './testing/private-server.js';

// Each case names the mode's meaning it checks: libpq's "SSL Mode Descriptions" table
// (PostgreSQL docs, libpq-ssl.html, 34.19.1) and MySQL's --ssl-mode values (MySQL reference,
// "Command Options for Encrypted Connections"). Servers of the test's own with TLS on, since
// the shared ones must never be reconfigured; a second private server without TLS plays "the
// server has none".

type ServerDriver = 'postgres' | 'mysql';

interface Vocabulary {
  scheme: string;
  mode: Record<'disable' | 'require' | 'verify-ca' | 'verify-full', string>;
  param: Record<'mode' | 'ca' | 'cert' | 'key', string>;
  /** SQL answering one row whose `encrypted` is true when the session runs over TLS. */
  encryptedSql: string;
  /** SQL answering the client certificate's subject the server saw, in `subject`. */
  clientSubjectSql: string;
  adminUser: string;
  database: string;
}

const VOCABULARY: Record<ServerDriver, Vocabulary> = {
  postgres: {
    scheme: 'postgres',
    mode: { disable: 'disable', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' },
    param: { mode: 'sslmode', ca: 'sslrootcert', cert: 'sslcert', key: 'sslkey' },
    encryptedSql: 'SELECT ssl AS encrypted FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    clientSubjectSql: 'SELECT client_dn AS subject FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    adminUser: 'postgres',
    database: 'postgres',
  },
  mysql: {
    scheme: 'mysql',
    mode: {
      disable: 'DISABLED',
      require: 'REQUIRED',
      'verify-ca': 'VERIFY_CA',
      'verify-full': 'VERIFY_IDENTITY',
    },
    param: { mode: 'ssl-mode', ca: 'ssl-ca', cert: 'ssl-cert', key: 'ssl-key' },
    encryptedSql:
      "SELECT VARIABLE_VALUE <> '' AS encrypted FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_VERSION'",
    clientSubjectSql: 'SELECT CURRENT_USER() AS subject',
    adminUser: 'root',
    database: 'mysql',
  },
};

for (const target of dialectTargets().filter((t) => t.name === 'postgres' || t.name === 'mysql')) {
  const driver = target.driver as ServerDriver;
  const words = VOCABULARY[driver];
  const problem = tlsServersProblem(driver);
  if (target.available && problem) {
    // CI requires every server dialect: a TLS test that cannot run there is a failure, not a skip.
    if (requiredTargets().includes(driver)) throw new Error(`[${driver}] TLS tests cannot run: ${problem}`);
    console.warn(`[${driver}] TLS tests skipped: ${problem}`);
  }

  describe.skipIf(!target.available || problem !== undefined)(`[${driver}] TLS to the server`, () => {
    let files: TlsFiles;
    let server: TlsServer;
    let plain: PrivateServer;
    const opened: Database[] = [];
    const warnings: unknown[] = [];

    beforeAll(async () => {
      files = await makeTlsFiles();
      server = driver === 'postgres' ? await startTlsPostgres(files) : await startTlsMariaDb(files);
      plain = await startPrivateServer(driver);
    }, 90_000);
    afterAll(async () => {
      await server?.destroy();
      await plain?.destroy();
      if (files) await rm(files.dir, { recursive: true, force: true });
    }, 60_000);

    // What the user would see on stderr: pg's SECURITY WARNING (process.emitWarning) or
    // mysql2's "Ignoring invalid configuration option" (console.error).
    beforeEach(() => {
      warnings.length = 0;
      vi.spyOn(process, 'emitWarning').mockImplementation((w: unknown) => void warnings.push(w));
      vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void warnings.push(args));
      vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await Promise.all(opened.splice(0).map((db) => db.close()));
    });

    const url = (
      host: string,
      params: Partial<Record<keyof Vocabulary['param'], string>>,
      { user = words.adminUser, port = server.port, password = '' } = {},
    ) => {
      const query = Object.entries(params)
        .map(([k, v]) => `${words.param[k as keyof Vocabulary['param']]}=${encodeURIComponent(v as string)}`)
        .join('&');
      const auth = password === '' ? user : `${user}:${password}`;
      return `${words.scheme}://${auth}@${host}:${port}/${words.database}${query ? `?${query}` : ''}`;
    };
    const connect = async (dsn: string, extra: Partial<Config> = {}) => {
      const db = await openWithConfig({ driver, dsn, maxOpenConns: 1, acquireTimeoutMs: 10_000, ...extra });
      opened.push(db);
      return db;
    };
    const encrypted = async (db: Database) => {
      const [row] = await db.query<{ encrypted: unknown }>(words.encryptedSql);
      return Boolean(Number(row?.encrypted) || row?.encrypted === true);
    };
    const refusal = async (dsn: string, extra: Partial<Config> = {}) => {
      const db = await connect(dsn, extra);
      return db.query('SELECT 1').then(
        () => expect.fail('the connection was made'),
        (err: unknown) => err,
      );
    };

    it('verify-full to the name in the certificate connects over TLS, with no driver warning', async () => {
      // libpq verify-full / MySQL VERIFY_IDENTITY: chain and host name both checked.
      const db = await connect(url('localhost', { mode: words.mode['verify-full'], ca: files.ca }));
      expect(await encrypted(db)).toBe(true);
      expect(warnings).toEqual([]);
    });

    it('verify-full refuses a certificate signed by another CA, saying so', async () => {
      const err = await refusal(url('localhost', { mode: words.mode['verify-full'], ca: files.otherCa }));
      expect(err).toBeInstanceOf(TlsError);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as TlsError).reason).toBe('certificate-not-trusted');
      expect((err as Error).message).toMatch(/does not verify against the given CA/);
      expect(warnings).toEqual([]);
    });

    it('verify-full refuses a certificate that names another host; verify-ca accepts it', async () => {
      // The certificate names localhost only: 127.0.0.1 is the wrong host name for verify-full,
      // and fine for verify-ca, which checks the chain alone (libpq table, MySQL VERIFY_CA).
      const err = await refusal(url('127.0.0.1', { mode: words.mode['verify-full'], ca: files.ca }));
      expect(err).toBeInstanceOf(TlsError);
      expect((err as TlsError).reason).toBe('host-name-mismatch');
      expect((err as Error).message).toMatch(/does not name the host "127\.0\.0\.1"/);
      const db = await connect(url('127.0.0.1', { mode: words.mode['verify-ca'], ca: files.ca }));
      expect(await encrypted(db)).toBe(true);
    });

    it('verify-ca refuses a certificate signed by another CA', async () => {
      const err = await refusal(url('127.0.0.1', { mode: words.mode['verify-ca'], ca: files.otherCa }));
      expect((err as TlsError).reason).toBe('certificate-not-trusted');
    });

    it('require encrypts without checking the certificate, unless a CA is given (libpq)', async () => {
      // libpq require: "I want my data encrypted"; no CA, so nothing is verified (pg today
      // would take require as verify-full and refuse this self-signed chain).
      const db = await connect(url('127.0.0.1', { mode: words.mode.require }));
      expect(await encrypted(db)).toBe(true);
      expect(warnings).toEqual([]);
      // libpq: "if a root CA file exists, the behavior of sslmode=require will be the same as
      // that of verify-ca".
      const err = await refusal(url('127.0.0.1', { mode: words.mode.require, ca: files.otherCa }));
      expect((err as TlsError).reason).toBe('certificate-not-trusted');
    });

    it('every mode that asks for TLS is refused by a server without TLS, never downgraded', async () => {
      for (const mode of ['require', 'verify-ca', 'verify-full'] as const) {
        const params =
          mode === 'require' ? { mode: words.mode[mode] } : { mode: words.mode[mode], ca: files.ca };
        const err = await refusal(url('127.0.0.1', params, { port: plain.port }));
        expect(err, mode).toBeInstanceOf(TlsError);
        expect((err as TlsError).reason, mode).toBe('server-has-no-tls');
        expect((err as Error).message, mode).toMatch(/does not offer TLS/);
      }
      // disable (and no TLS setting at all) connects in plain text, as before.
      const db = await connect(url('127.0.0.1', { mode: words.mode.disable }, { port: plain.port }));
      expect(await encrypted(db)).toBe(false);
      const unset = await connect(url('127.0.0.1', {}, { port: plain.port }));
      expect(await encrypted(unset)).toBe(false);
    });

    it('disable connects without TLS to a server that has it', async () => {
      const db = await connect(url('127.0.0.1', { mode: words.mode.disable }));
      expect(await encrypted(db)).toBe(false);
    });

    it('a client certificate authenticates its user; without it the user is refused', async () => {
      // PostgreSQL: `hostssl … cert` (CN = user name); MariaDB: REQUIRE SUBJECT '/CN=…'.
      const withCert = url(
        'localhost',
        { mode: words.mode['verify-full'], ca: files.ca, cert: files.clientCert, key: files.clientKey },
        { user: CERT_USER },
      );
      const db = await connect(withCert);
      const [row] = await db.query<{ subject: string }>(words.clientSubjectSql);
      expect(row?.subject).toContain(CERT_USER);
      expect(await encrypted(db)).toBe(true);
      const err = await refusal(
        url('localhost', { mode: words.mode['verify-full'], ca: files.ca }, { user: CERT_USER }),
      );
      expect(err).toBeInstanceOf(DbError);
      expect(err).not.toBeInstanceOf(TlsError);
    });

    it('a client certificate the server does not trust fails the handshake, saying so', async () => {
      const err = await refusal(
        url('localhost', {
          mode: words.mode['verify-full'],
          ca: files.ca,
          cert: files.otherCa,
          key: files.otherCaKey,
        }),
      );
      expect(err).toBeInstanceOf(TlsError);
      expect((err as TlsError).reason).toBe('handshake-failed');
      expect((err as Error).message).toMatch(
        /the TLS handshake with the \w+ server at localhost failed \(a server that does not accept the client certificate/,
      );
    });

    it('config.tls takes the same setting, the CA and client key as PEM text', async () => {
      const tls = {
        mode: 'verify-full' as const,
        ca: readFileSync(files.ca, 'utf8'),
        cert: readFileSync(files.clientCert, 'utf8'),
        key: readFileSync(files.clientKey, 'utf8'),
      };
      const db = await connect(url('localhost', {}, { user: CERT_USER }), { tls });
      expect(await encrypted(db)).toBe(true);
      const err = await refusal(url('127.0.0.1', {}, { user: CERT_USER }), { tls });
      expect((err as TlsError).reason).toBe('host-name-mismatch');
      // Giving it twice would let one silently override the other.
      await expect(
        connect(url('localhost', { mode: words.mode['verify-full'], ca: files.ca }), { tls }),
      ).rejects.toThrow(UsageError);
    });

    it('no password or key material appears in a refusal', async () => {
      const key = readFileSync(files.clientKey, 'utf8');
      const password = 'hunter2-tls-secret';
      // Refused in the handshake, before any login: the servers here take no password.
      const err = await refusal(url('localhost', {}, { password }), {
        tls: { mode: 'verify-full', ca: files.otherCa, cert: readFileSync(files.clientCert, 'utf8'), key },
      });
      expect((err as TlsError).reason).toBe('certificate-not-trusted');
      const keyBody = key.split('\n')[1] as string;
      for (const text of [(err as Error).message, (err as Error).stack ?? '', String(err)]) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(keyBody);
      }
    });

    // PgBouncer 1.18's TLS settings (pgbouncer.ini: client_tls_*, server_tls_*): the layer
    // verifies PgBouncer's certificate, PgBouncer verifies the server's.
    if (driver === 'postgres')
      it.skipIf(pgbouncerProblem() !== undefined)(
        'through PgBouncer: TLS verified on both legs, in transaction mode',
        { timeout: 60_000 },
        async () => {
          const settings = (serverCa: string) => ({
            server_tls_sslmode: 'verify-full',
            server_tls_ca_file: serverCa,
            // prefer: PgBouncer's own start-up probe connects without TLS.
            client_tls_sslmode: 'prefer',
            client_tls_cert_file: server.files.cert,
            client_tls_key_file: server.files.key,
          });
          const bouncer = await startPgBouncer({
            serverUrl: `postgres://postgres@localhost:${server.port}/postgres`,
            settings: settings(server.files.ca),
          });
          try {
            const viaBouncer = (params: Parameters<typeof url>[1]) =>
              url('localhost', params, { port: bouncer.port });
            const db = await connect(viaBouncer({ mode: 'verify-full', ca: files.ca }), {
              poolerMode: 'transaction',
            });
            // pg_stat_ssl of the server session PgBouncer lent: its leg to the server is TLS.
            expect(await encrypted(db)).toBe(true);
            expect(warnings).toEqual([]);
            const err = await refusal(viaBouncer({ mode: 'verify-full', ca: files.otherCa }), {
              poolerMode: 'transaction',
            });
            expect((err as TlsError).reason).toBe('certificate-not-trusted');
          } finally {
            await bouncer.stop();
          }
        },
      );

    it('refuses a misspelt or unsupported URL parameter before connecting, naming it', async () => {
      const typo = `${url('localhost', {})}?${words.param.mode.replace('mode', 'moed')}=x`;
      await expect(connect(typo)).rejects.toThrow(UsageError);
      await expect(connect(typo)).rejects.toThrow(`"${words.param.mode.replace('mode', 'moed')}"`);
      await expect(connect(`${url('localhost', {})}?ssl=true`)).rejects.toThrow(
        /unknown database URL parameter "ssl"/,
      );
    });
  });
}
