import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { TlsError } from '../../errors.js';
import { tlsFailure } from '../../tls-failure.js';
import type { LoadedTls, TlsUrlNames } from '../../tls-settings.js';

/** MySQL's URL parameters for TLS (its client's and connectors' `--ssl-mode` names). */
export const MYSQL_TLS_NAMES: TlsUrlNames = {
  mode: 'ssl-mode',
  ca: 'ssl-ca',
  cert: 'ssl-cert',
  key: 'ssl-key',
  modes: { DISABLED: 'disable', REQUIRED: 'require', VERIFY_CA: 'verify-ca', VERIFY_IDENTITY: 'verify-full' },
  refusedModes: {
    PREFERRED: 'it connects without TLS when TLS fails; use REQUIRED, VERIFY_CA or VERIFY_IDENTITY',
  },
  // mysql2 would read any other query parameter as one of its options (charset, timezone…),
  // overriding the session settings the layer relies on.
  passThrough: [],
};

/** mysql2's `ssl` option for the setting (undefined: no TLS). */
export function mysqlSslOptions(tls: LoadedTls): Record<string, unknown> | undefined {
  if (tls.mode === 'disable') return undefined;
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
    rejectUnauthorized: tls.verifyChain,
    verifyIdentity: tls.verifyHost,
  };
}

/** The `TlsError` for a connect that failed because of TLS; mysql2 codes a server without TLS. */
export function mysqlTlsFailure(err: unknown, tls: LoadedTls, host: string): TlsError | undefined {
  const serverHasNoTls = (err as { code?: unknown } | null)?.code === 'HANDSHAKE_NO_SSL_SUPPORT';
  return tlsFailure(err, tls, { driver: 'mysql', host, serverHasNoTls });
}

/**
 * verify-full to an IP address: mysql2 gives Node no server name for an address (RFC 6066
 * forbids one in SNI) and checks names itself only for host names (lib/base/connection.js
 * startTLS), so Node compares the certificate with "localhost" instead of the address. The
 * address is checked here, on the connection's TLS socket, and a mismatch closes the connection
 * before it is used. The check comes after the login (the CA was verified before it): connect
 * by host name to have the name checked before credentials are sent.
 */
export function mysqlHostCheck(raw: unknown, tls: LoadedTls, host: string): TlsError | undefined {
  if (!tls.verifyHost || isIP(host) === 0) return undefined;
  const socket = (raw as { stream?: Partial<TLSSocket> }).stream;
  const cert = socket?.getPeerCertificate?.(true) as PeerCertificate | undefined;
  const problem =
    cert && Object.keys(cert).length > 0
      ? checkServerIdentity(host, cert)
      : Object.assign(new Error('the connection has no TLS certificate to check'), {
          code: 'HANDSHAKE_SSL_ERROR',
        });
  return problem ? mysqlTlsFailure(problem, tls, host) : undefined;
}
