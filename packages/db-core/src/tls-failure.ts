import type { Driver } from './driver.js';
import { TlsError, type TlsRefusal } from './errors.js';
import type { LoadedTls } from './tls-settings.js';

/**
 * Node's codes for a server certificate that did not verify (Node docs, tls, "X509 certificate
 * error codes"), except HOSTNAME_MISMATCH, which is a host-name refusal.
 */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/**
 * OpenSSL's texts of those same errors (crypto/x509/x509_txt.c, 1.1 and 3.x spellings). mysql2
 * replaces the code of every TLS error with its own `HANDSHAKE_SSL_ERROR`
 * (lib/commands/client_handshake.js), so on MySQL the text is all that is left to tell an
 * untrusted certificate from another handshake failure.
 */
const CERTIFICATE_TEXTS = new Set([
  'unable to get issuer certificate',
  'unable to get local issuer certificate',
  'unable to verify the first certificate',
  'self signed certificate',
  'self-signed certificate',
  'self signed certificate in certificate chain',
  'self-signed certificate in certificate chain',
  'certificate signature failure',
  'certificate is not yet valid',
  'certificate has expired',
  'certificate revoked',
  'invalid CA certificate',
  'unsupported certificate purpose',
  'certificate not trusted',
  'certificate rejected',
  'certificate chain too long',
  'path length constraint exceeded',
]);

/** The facts about a failed connect that a dialect knows and Node's error does not say. */
export interface TlsFailureContext {
  driver: Exclude<Driver, 'sqlite3'>;
  /** The host name or address connected to (never a password). */
  host: string;
  /** The dialect recognised its driver's "the server offers no TLS" refusal. */
  serverHasNoTls: boolean;
}

function isHostNameError(e: { code?: unknown; reason?: unknown; host?: unknown; cert?: unknown }): boolean {
  // tls.checkServerIdentity's error carries reason, host and cert (Node docs); its code may be
  // overwritten by the driver.
  return (
    e.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    e.code === 'HOSTNAME_MISMATCH' ||
    (typeof e.reason === 'string' && typeof e.host === 'string' && typeof e.cert === 'object')
  );
}

/**
 * The `TlsError` that explains why a connection with TLS on was not made, or undefined when
 * `err` is not a TLS failure (a refused password, a dead server). The message names the mode,
 * the host and the reason, never a key, a certificate's contents or a password.
 */
export function tlsFailure(err: unknown, tls: LoadedTls, context: TlsFailureContext): TlsError | undefined {
  if (tls.mode === 'disable' || err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; message?: unknown; reason?: unknown; host?: unknown; cert?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const text = typeof e.message === 'string' ? e.message : '';
  const mode = `TLS mode ${tls.mode}`;
  let reason: TlsRefusal;
  let message: string;
  if (context.serverHasNoTls) {
    reason = 'server-has-no-tls';
    message = `the ${context.driver} server at ${context.host} does not offer TLS, which ${mode} needs: no connection was made without TLS`;
  } else if (isHostNameError(e)) {
    reason = 'host-name-mismatch';
    message = `the ${context.driver} server's TLS certificate does not name the host "${context.host}" (${mode} checks it): ${text}`;
  } else if ((code !== undefined && CERTIFICATE_CODES.has(code)) || CERTIFICATE_TEXTS.has(text)) {
    reason = 'certificate-not-trusted';
    const against = tls.ca === undefined ? "Node's public CAs" : 'the given CA';
    message = `the ${context.driver} server's TLS certificate at ${context.host} does not verify against ${against} (${mode}): ${text}`;
  } else if (code === 'HANDSHAKE_SSL_ERROR' || (code?.startsWith('ERR_SSL_') ?? false) || code === 'EPROTO') {
    reason = 'handshake-failed';
    const hint =
      tls.cert === undefined ? '' : ' (a server that does not accept the client certificate ends it so)';
    message = `the TLS handshake with the ${context.driver} server at ${context.host} failed${hint} (${mode}): ${text}`;
  } else {
    return undefined;
  }
  return new TlsError(message, { cause: err, code, driver: context.driver, reason });
}
