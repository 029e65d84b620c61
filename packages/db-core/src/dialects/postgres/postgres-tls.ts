import type { ConnectionOptions } from 'node:tls';
import type { TlsError } from '../../errors.js';
import { tlsFailure } from '../../tls-failure.js';
import type { LoadedTls, TlsUrlNames } from '../../tls-settings.js';

const FALLS_BACK = 'it connects without TLS when TLS fails; use require, verify-ca or verify-full';

/** libpq's URL parameters for TLS, and the other parameters passed on to pg. */
export const POSTGRES_TLS_NAMES: TlsUrlNames = {
  mode: 'sslmode',
  ca: 'sslrootcert',
  cert: 'sslcert',
  key: 'sslkey',
  modes: { disable: 'disable', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' },
  refusedModes: {
    allow: FALLS_BACK,
    prefer: FALLS_BACK,
    'no-verify': "it is pg's own name, not libpq's: use sslmode=require",
  },
  // What pg-connection-string reads from the query besides TLS: the socket directory, the
  // session's name and options, and the encoding.
  passThrough: [
    'host',
    'port',
    'user',
    'password',
    'application_name',
    'fallback_application_name',
    'options',
    'client_encoding',
  ],
};

/**
 * pg's `ssl` option for the setting, given explicitly so pg never reads `sslmode` itself (it
 * would warn and, until its next major, take `require` as `verify-full`).
 */
export function postgresSslOptions(tls: LoadedTls): false | ConnectionOptions {
  if (tls.mode === 'disable') return false;
  const options: ConnectionOptions = { rejectUnauthorized: tls.verifyChain };
  if (tls.ca !== undefined) options.ca = tls.ca;
  if (tls.cert !== undefined) {
    options.cert = tls.cert;
    options.key = tls.key;
  }
  // verify-ca: the chain is checked, the name in the certificate is not.
  if (tls.verifyChain && !tls.verifyHost) options.checkServerIdentity = () => undefined;
  return options;
}

/**
 * The `TlsError` for a connect that failed because of TLS. pg reports a server without TLS (its
 * 'N' answer to SSLRequest) with an Error that has no code, only this text (pg lib/connection.js).
 */
export function postgresTlsFailure(err: unknown, tls: LoadedTls, host: string): TlsError | undefined {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const serverHasNoTls = e.code === undefined && e.message === 'The server does not support SSL connections';
  return tlsFailure(err, tls, { driver: 'postgres', host, serverHasNoTls });
}
