import type { DriverConnection } from './dialects/dialect.js';

/** Marks `conn` unusable, so the pool destroys it when it comes back instead of lending it again. */
export function markBroken(conn: DriverConnection): DriverConnection {
  (conn as { broken: boolean }).broken = true;
  return conn;
}

/**
 * The message of an error on a lost connection. When the server dropped the connection while
 * nobody was waiting on it (a backend killed in an idle transaction), the driver's error for
 * the next statement only says the connection is closed; the reason is in `lostError`.
 */
export function connectionLostMessage(message: string, conn: DriverConnection | undefined): string {
  const lost = conn?.lostError;
  const reason = lost instanceof Error ? lost.message : undefined;
  if (reason === undefined || reason === message) return message;
  return `${message} (the connection was lost earlier: ${reason})`;
}

/** The driver code of the error that broke `conn`, when it had one. */
export function lostErrorCode(conn: DriverConnection | undefined): string | undefined {
  const code = (conn?.lostError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
