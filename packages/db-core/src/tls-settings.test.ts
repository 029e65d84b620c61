import { describe, expect, it } from 'vitest';
import { describeConnection, parseDatabaseUrl, resolveConnection } from './connection-url.js';
import { resolveConfig } from './database.js';
import { MYSQL_TLS_NAMES } from './dialects/mysql/mysql-tls.js';
import { POSTGRES_TLS_NAMES } from './dialects/postgres/postgres-tls.js';
import { UsageError } from './errors.js';
import { openWithConfig } from './open.js';
import { loadTls, splitTlsParameters, tlsSetting } from './tls-settings.js';

// Mode names and meanings: libpq's "SSL Mode Descriptions" table and sslmode/sslrootcert
// parameters (PostgreSQL docs, libpq-ssl.html and libpq-connect.html), MySQL's --ssl-mode
// values (MySQL reference, "Command Options for Encrypted Connections"), whose values the
// MySQL client reads case-insensitively.

describe('TLS in database URLs', () => {
  it("reads libpq's sslmode values on postgres", () => {
    for (const mode of ['disable', 'require', 'verify-ca', 'verify-full'] as const) {
      const ca = mode === 'verify-ca' ? '&sslrootcert=/etc/ca.pem' : '';
      const { tls } = tlsSetting(`postgres://h/db?sslmode=${mode}${ca}`, undefined, POSTGRES_TLS_NAMES);
      expect(tls.mode).toBe(mode);
    }
  });

  it("reads MySQL's ssl-mode values on mysql, in any case", () => {
    const cases = [
      ['DISABLED', 'disable'],
      ['REQUIRED', 'require'],
      ['VERIFY_CA', 'verify-ca'],
      ['VERIFY_IDENTITY', 'verify-full'],
      ['verify_identity', 'verify-full'],
      ['Required', 'require'],
    ] as const;
    for (const [given, mode] of cases) {
      const ca = mode === 'disable' ? '' : '&ssl-ca=/ca.pem';
      const { tls } = tlsSetting(`mysql://h/db?ssl-mode=${given}${ca}`, undefined, MYSQL_TLS_NAMES);
      expect(tls.mode, given).toBe(mode);
    }
  });

  it('refuses the modes that may fall back to plain text', () => {
    // libpq allow and prefer, MySQL PREFERRED: "Maybe" protection against eavesdropping.
    for (const url of ['postgres://h/db?sslmode=prefer', 'postgres://h/db?sslmode=allow']) {
      expect(() => parseDatabaseUrl(url)).toThrow(/is not supported: it connects without TLS when TLS fails/);
    }
    expect(() => parseDatabaseUrl('mysql://h/db?ssl-mode=PREFERRED')).toThrow(
      /ssl-mode=PREFERRED is not supported/,
    );
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=no-verify')).toThrow(/use sslmode=require/);
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=verify')).toThrow(
      /unknown sslmode "verify": use one of disable, require, verify-ca, verify-full/,
    );
  });

  it('refuses an unknown parameter with a UsageError naming it, never its value', () => {
    const attempt = () => parseDatabaseUrl('mysql://root@db/it?ssl-moed=s3cr3t-value');
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(/unknown database URL parameter "ssl-moed"/);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cr3t-value');
    }
    expect(() => parseDatabaseUrl('postgres://db/it?sslmod=require&x=1')).toThrow(/parameters "sslmod", "x"/);
    // mysql2's JSON `ssl=` and pg's `ssl=true` are a second TLS setting: refused by name.
    expect(() => parseDatabaseUrl('mysql://db/it?ssl={"rejectUnauthorized":false}')).toThrow(/"ssl"/);
    expect(() => parseDatabaseUrl('postgres://db/it?ssl=true')).toThrow(/"ssl"/);
    expect(() => resolveConnection({ driver: 'postgres', dsn: 'postgres://db/it?sslmdoe=require' })).toThrow(
      /"sslmdoe"/,
    );
  });

  it('keeps every URL the repository already uses working', () => {
    // .ci/run, the README and the apps' default.
    for (const url of [
      'postgres://postgres@127.0.0.1:5432/postgres',
      'mysql://root@127.0.0.1:3306/mysql',
      'postgresql://u:p@h/db',
      'mariadb://root@h:3306/db',
      'sqlite:./itinerary.db',
      'sqlite::memory:',
      './itinerary.db',
      'postgres://app@db/it?application_name=scheduler&options=-c%20search_path%3Dit',
      'postgres://app@/it?host=/var/run/postgresql',
    ]) {
      expect(() => parseDatabaseUrl(url), url).not.toThrow();
    }
  });

  it('hands the driver the URL without its TLS parameters, the others byte for byte', () => {
    const { dsn, tls } = splitTlsParameters(
      'postgres://app:pw@db/it?application_name=a%20b&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem',
      POSTGRES_TLS_NAMES,
    );
    expect(dsn).toBe('postgres://app:pw@db/it?application_name=a%20b');
    expect(tls).toEqual({ mode: 'verify-full', ca: '/etc/ca.pem', cert: undefined, key: undefined });
    expect(splitTlsParameters('mysql://root@db/it?ssl-mode=REQUIRED', MYSQL_TLS_NAMES).dsn).toBe(
      'mysql://root@db/it',
    );
  });

  it('refuses a setting that cannot work, naming the parameter', () => {
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=verify-ca')).toThrow(
      /verify-ca needs sslrootcert/,
    );
    expect(() => parseDatabaseUrl('mysql://h/db?ssl-mode=VERIFY_CA')).toThrow(/verify-ca needs ssl-ca/);
    // libpq 16: sslrootcert=system with anything weaker than verify-full is an error.
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=require&sslrootcert=system')).toThrow(
      /sslrootcert=system needs mode verify-full/,
    );
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=verify-full&sslrootcert=system')).not.toThrow();
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=require&sslcert=/c.pem')).toThrow(
      /sslcert and sslkey go together/,
    );
    expect(() => parseDatabaseUrl('postgres://h/db?sslrootcert=/ca.pem')).toThrow(
      /gives TLS files but no sslmode/,
    );
    expect(() => parseDatabaseUrl('mysql://h/db?ssl-ca=/ca.pem')).toThrow(/add ssl-mode=VERIFY_IDENTITY/);
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=disable&sslrootcert=/ca.pem')).toThrow(
      /sslmode is disable, but TLS files are given/,
    );
    expect(() => parseDatabaseUrl('postgres://h/db?sslmode=require&sslmode=disable')).toThrow(
      /sslmode twice/,
    );
  });

  it('checks config.tls the same way, and refuses it where there is no server', () => {
    expect(() => resolveConfig({ driver: 'sqlite3', dsn: ':memory:', tls: { mode: 'require' } })).toThrow(
      /config.tls is for server connections/,
    );
    expect(() =>
      resolveConfig({ driver: 'postgres', dsn: 'postgres://h/db', tls: { mode: 'verify-ca' } }),
    ).toThrow(/verify-ca needs config.tls.ca/);
    expect(() =>
      resolveConfig({ driver: 'mysql', dsn: 'mysql://h/db', tls: { mode: 'strict' as 'require' } }),
    ).toThrow(/unknown config.tls.mode "strict"/);
    expect(() =>
      tlsSetting('postgres://h/db?sslmode=require', { mode: 'verify-full' }, POSTGRES_TLS_NAMES),
    ).toThrow(/both in the database URL .* and in config.tls/);
  });

  it('verifies the CA with require when one is given, as libpq does when a root certificate exists', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(await loadTls({ mode: 'require' })).toMatchObject({ verifyChain: false, verifyHost: false });
    expect(await loadTls({ mode: 'require', ca: pem })).toMatchObject({
      verifyChain: true,
      verifyHost: false,
    });
    expect(await loadTls({ mode: 'verify-ca', ca: pem })).toMatchObject({
      verifyChain: true,
      verifyHost: false,
    });
    expect(await loadTls({ mode: 'verify-full' })).toMatchObject({
      ca: undefined,
      verifyChain: true,
      verifyHost: true,
    });
  });

  it('names a TLS file it cannot read, when the database opens', async () => {
    await expect(
      openWithConfig({
        driver: 'postgres',
        dsn: 'postgres://h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem',
      }),
    ).rejects.toThrow(/cannot read the TLS CA file "\/nonexistent\/ca.pem" \(ENOENT\)/);
  });

  it('describes a connection with its TLS mode and without its password', () => {
    expect(
      describeConnection(
        parseDatabaseUrl('postgres://app:s3cret@db/it?sslmode=verify-full&sslrootcert=/ca.pem'),
      ),
    ).toBe('postgres://app:***@db/it?sslmode=verify-full&sslrootcert=/ca.pem (TLS verify-full)');
    expect(describeConnection(parseDatabaseUrl('mysql://root@db/it'))).toBe('mysql://root@db/it (TLS off)');
    expect(
      describeConnection(
        parseDatabaseUrl('mysql://root@db/it?ssl-mode=REQUIRED&ssl-ca=/ca.pem&ssl-cert=/c&ssl-key=/k'),
      ),
    ).toMatch(/\(TLS require \(CA verified\), client certificate\)$/);
    expect(describeConnection(parseDatabaseUrl('postgres://db/it'), { mode: 'require' })).toBe(
      'postgres://db/it (TLS require)',
    );
    expect(describeConnection(parseDatabaseUrl('sqlite:./itinerary.db'))).toBe('./itinerary.db');
  });
});
