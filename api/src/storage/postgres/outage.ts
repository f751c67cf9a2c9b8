import pg from 'pg';
import { DatabaseUnavailableError } from '../database-unavailable.ts';

/**
 * SQLSTATEs that say "not now" rather than "wrong": connection exceptions (class 08), the server
 * shutting down or starting (57P01-57P03), too many connections (53300), a statement cancelled by
 * `statement_timeout` (57014), and the transaction conflicts a retry resolves (40001, 40P01).
 */
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01']);

/** node-postgres's own errors when a connection is gone, cannot be made, or does not answer. */
const DRIVER_OUTAGE = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed|Connection closed)/;

/** Whether `error` means the database is unreachable or overloaded, rather than a bug or a bad request. */
export function isDatabaseOutage(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (error instanceof pg.DatabaseError) return error.code?.startsWith('08') === true || TRANSIENT_STATES.has(error.code ?? '');
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as NodeJS.ErrnoException;
  // Socket errors: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH, ENOTFOUND…
  if (syscall !== undefined || (typeof code === 'string' && /^E[A-Z]+$/.test(code))) return true;
  return DRIVER_OUTAGE.test(error.message);
}

/** `error` as the storage throws it: an outage becomes {@link DatabaseUnavailableError}; anything else as it is. */
export function asStorageError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseOutage(error)) return error;
  return new DatabaseUnavailableError(undefined, { cause: error });
}

/**
 * The same store, each of its methods turning outages into {@link DatabaseUnavailableError}: what a
 * route sees of a database that is down is a 503, never a driver error.
 */
export function withOutagesAsUnavailable<T extends object>(store: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    guarded[name] = typeof value !== 'function'
      ? value
      : async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(store, args);
        } catch (error) {
          throw asStorageError(error);
        }
      };
  }
  return guarded as T;
}
