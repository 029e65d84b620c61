import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

/**
 * How a connection to the server uses TLS, with libpq's meanings (PostgreSQL docs, "SSL
 * Support", table "SSL Mode Descriptions"): `disable` never uses TLS; `require` encrypts but
 * checks no certificate, unless a CA is given, when it verifies as `verify-ca` does (libpq's
 * rule when a root certificate file exists); `verify-ca` also checks that the server's
 * certificate was signed by the CA; `verify-full` also checks that it names the host connected
 * to. libpq's `allow` and `prefer` (MySQL's `PREFERRED`) are not offered: they fall back to a
 * plain connection without telling anyone.
 */
export type TlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** The TLS modes, weakest first. */
export const TLS_MODES: readonly TlsMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/**
 * The TLS setting of a server connection (`Config.tls`). `ca`, `cert` and `key` are each the
 * path of a PEM file or the PEM text itself; `ca: 'system'` means the public CAs Node trusts.
 */
export interface TlsConfig {
  mode: TlsMode;
  /** The CA certificate(s) the server's certificate must chain to (default: the public CAs). */
  ca?: string | undefined;
  /** A client certificate, for servers that authenticate clients by certificate. */
  cert?: string | undefined;
  /** The client certificate's private key. */
  key?: string | undefined;
}

/** A dialect's URL vocabulary for TLS (PostgreSQL `sslmode`…, MySQL `ssl-mode`…). */
export interface TlsUrlNames {
  mode: string;
  ca: string;
  cert: string;
  key: string;
  /** The mode parameter's accepted values (compared case-insensitively) and what they mean. */
  modes: Readonly<Record<string, TlsMode>>;
  /** Values of the mode parameter that are refused, with the reason. */
  refusedModes: Readonly<Record<string, string>>;
  /** Other URL parameters the layer passes on to the driver unchanged. */
  passThrough: readonly string[];
}

/** A TLS setting with its files read, as a dialect hands it to its driver. */
export interface LoadedTls {
  mode: TlsMode;
  /** The CA's PEM text; undefined means the public CAs Node trusts. */
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  /** True when the server's certificate must chain to the CA. */
  verifyChain: boolean;
  /** True when the server's certificate must name the host connected to. */
  verifyHost: boolean;
}

interface QueryParameter {
  name: string;
  value: string;
  raw: string;
}

function queryParameters(dsn: string): { base: string; params: QueryParameter[]; fragment: string } {
  const hash = dsn.indexOf('#');
  const fragment = hash < 0 ? '' : dsn.slice(hash);
  const body = hash < 0 ? dsn : dsn.slice(0, hash);
  const question = body.indexOf('?');
  if (question < 0) return { base: body, params: [], fragment };
  const params: QueryParameter[] = [];
  for (const raw of body.slice(question + 1).split('&')) {
    if (raw === '') continue;
    const [[name, value] = ['', '']] = new URLSearchParams(raw);
    params.push({ name, value, raw });
  }
  return { base: body.slice(0, question), params, fragment };
}

/**
 * Takes the TLS parameters out of a server URL and refuses any parameter the layer does not
 * know, naming it (never its value, which may be a secret): a misspelt `ssl-moed` must not be
 * ignored while the connection goes out unencrypted. Returns the URL the driver gets, without
 * the TLS parameters, and the TLS setting the URL gave (undefined when it gave none).
 */
export function splitTlsParameters(
  dsn: string,
  names: TlsUrlNames,
): { dsn: string; tls: TlsConfig | undefined } {
  const { base, params, fragment } = queryParameters(dsn);
  const tlsNames = new Map([
    [names.mode, 'mode'],
    [names.ca, 'ca'],
    [names.cert, 'cert'],
    [names.key, 'key'],
  ] as const);
  const unknown = params.map((p) => p.name).filter((n) => !tlsNames.has(n) && !names.passThrough.includes(n));
  if (unknown.length > 0) {
    const known = [...tlsNames.keys(), ...names.passThrough].join(', ');
    throw new UsageError(
      `unknown database URL parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}: the parameters this layer reads are ${known}`,
    );
  }
  const given: Partial<Record<'mode' | 'ca' | 'cert' | 'key', string>> = {};
  const kept: string[] = [];
  for (const p of params) {
    const field = tlsNames.get(p.name);
    if (field === undefined) {
      kept.push(p.raw);
      continue;
    }
    if (given[field] !== undefined) throw new UsageError(`the database URL gives ${p.name} twice`);
    given[field] = p.value;
  }
  const stripped = `${base}${kept.length > 0 ? `?${kept.join('&')}` : ''}${fragment}`;
  if (Object.keys(given).length === 0) return { dsn: stripped, tls: undefined };
  // libpq's default is prefer, which this layer does not offer, so TLS files without a mode
  // leave the intent unsaid: the user must say how much is checked.
  if (given.mode === undefined) {
    throw new UsageError(
      `the database URL gives TLS files but no ${names.mode}: add ${names.mode}=${modeName(names, 'verify-full')} (or another of ${Object.keys(names.modes).join(', ')})`,
    );
  }
  const value = given.mode.toLowerCase();
  const refused = Object.entries(names.refusedModes).find(([name]) => name.toLowerCase() === value);
  if (refused) throw new UsageError(`${names.mode}=${given.mode} is not supported: ${refused[1]}`);
  const found = Object.entries(names.modes).find(([name]) => name.toLowerCase() === value);
  if (!found) {
    throw new UsageError(
      `unknown ${names.mode} ${JSON.stringify(given.mode)}: use one of ${Object.keys(names.modes).join(', ')}`,
    );
  }
  return { dsn: stripped, tls: { mode: found[1], ca: given.ca, cert: given.cert, key: given.key } };
}

/** The URL's name of `mode` (MySQL's `VERIFY_IDENTITY` for `verify-full`). */
function modeName(names: TlsUrlNames, mode: TlsMode): string {
  return Object.entries(names.modes).find(([, m]) => m === mode)?.[0] ?? mode;
}

/**
 * The TLS setting a connection uses: the URL's parameters or `Config.tls` (giving both is
 * refused, since one would silently override the other), `disable` when neither gives one.
 * Checks the setting is whole before anything connects.
 */
export function tlsSetting(
  dsn: string,
  configTls: TlsConfig | undefined,
  names: TlsUrlNames,
): { dsn: string; tls: TlsConfig } {
  const fromUrl = splitTlsParameters(dsn, names);
  if (fromUrl.tls !== undefined && configTls !== undefined) {
    throw new UsageError(
      `TLS is set both in the database URL (${names.mode}…) and in config.tls: give it in one place`,
    );
  }
  const tls = fromUrl.tls ?? configTls ?? { mode: 'disable' };
  checkTlsConfig(tls, fromUrl.tls ? names : undefined);
  return { dsn: fromUrl.dsn, tls };
}

/** Refuses a TLS setting that cannot work, naming the setting as the user wrote it. */
export function checkTlsConfig(tls: TlsConfig, names?: TlsUrlNames): void {
  const label = (field: 'mode' | 'ca' | 'cert' | 'key') => (names ? names[field] : `config.tls.${field}`);
  if (typeof tls !== 'object' || tls === null) throw new UsageError('config.tls must be an object');
  if (!TLS_MODES.includes(tls.mode)) {
    throw new UsageError(
      `unknown ${label('mode')} ${JSON.stringify(tls.mode)}: use one of ${TLS_MODES.join(', ')}`,
    );
  }
  for (const field of ['ca', 'cert', 'key'] as const) {
    const value = tls[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new UsageError(`${label(field)} must be a file path or PEM text`);
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new UsageError(`${label('cert')} and ${label('key')} go together: give both or neither`);
  }
  if (tls.mode === 'disable' && (tls.ca !== undefined || tls.cert !== undefined)) {
    throw new UsageError(
      `${label('mode')} is disable, but TLS files are given: remove them or choose a mode that uses TLS`,
    );
  }
  // libpq refuses verify-ca without a root certificate, and (since 16) anything weaker than
  // verify-full with sslrootcert=system: anyone can get a public CA to sign a certificate.
  if (tls.mode === 'verify-ca' && (tls.ca === undefined || tls.ca === 'system')) {
    throw new UsageError(
      `verify-ca needs ${label('ca')}, the CA file of your servers: with the public CAs it proves nothing (use verify-full)`,
    );
  }
  if (tls.ca === 'system' && tls.mode !== 'verify-full') {
    throw new UsageError(`${label('ca')}=system needs mode verify-full`);
  }
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

async function pemOf(value: string | undefined, label: string): Promise<string | undefined> {
  if (value === undefined || PEM.test(value)) return value;
  try {
    return await readFile(value, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new UsageError(
      `cannot read the TLS ${label} file ${JSON.stringify(value)} (${String(code ?? err)})`,
      {
        cause: err,
      },
    );
  }
}

/** Reads the setting's files and works out what is verified (libpq: `require` with a CA verifies it). */
export async function loadTls(tls: TlsConfig): Promise<LoadedTls> {
  const ca = tls.ca === 'system' ? undefined : await pemOf(tls.ca, 'CA');
  const cert = await pemOf(tls.cert, 'certificate');
  const key = await pemOf(tls.key, 'key');
  const verifyChain =
    tls.mode === 'verify-ca' || tls.mode === 'verify-full' || (tls.mode === 'require' && ca !== undefined);
  return { mode: tls.mode, ca, cert, key, verifyChain, verifyHost: tls.mode === 'verify-full' };
}

/** The host a server URL names, for messages ("localhost" when it names none). */
export function hostOf(dsn: string): string {
  try {
    const host = new URL(dsn).hostname.replace(/^\[(.*)\]$/, '$1');
    return host === '' ? 'localhost' : decodeURIComponent(host);
  } catch {
    return 'localhost';
  }
}

/** The TLS mode of a server URL (with `Config.tls` when given), for start lines: `TLS verify-full`, `TLS off`. */
export function describeTls(tls: TlsConfig): string {
  if (tls.mode === 'disable') return 'TLS off';
  const mode = tls.mode === 'require' && tls.ca !== undefined ? 'require (CA verified)' : tls.mode;
  return `TLS ${mode}${tls.cert !== undefined ? ', client certificate' : ''}`;
}
