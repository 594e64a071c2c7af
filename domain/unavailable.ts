import { DomainError } from './errors.ts';

/** Seconds a client should wait before retrying when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket-level codes (Node) of a connection that could not be opened or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: admin/crash shutdown, "starting up" (57P0x),
 * too many connections (53300) and the whole connection-exception class 08.
 */
const isUnavailableSqlState = (code: string) =>
  code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || /^08/.test(code);

/**
 * Prisma's codes for the same faults: not reachable, timed out, closed connection, too many
 * connections; and the driver adapter's error kinds beneath them.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/** node-postgres reports pool timeouts and lost sockets as plain Errors without a code. */
const PG_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Connection terminated unexpectedly',
];

const isFault = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const { code, kind, originalCode, message } = value as Record<string, unknown>;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code))
    return true;
  if (typeof originalCode === 'string' && isUnavailableSqlState(originalCode)) return true;
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  if (kind === 'postgres' && typeof code === 'string' && isUnavailableSqlState(code)) return true;
  if (typeof message === 'string' && PG_MESSAGES.some((m) => message.includes(m))) return true;
  return false;
};

/**
 * Is this error a database that cannot be reached or dropped the connection (rather than a bug
 * or bad input)? Looks through `cause` chains (Prisma wraps the adapter's error, which wraps pg's).
 */
export const isConnectionFault = (error: unknown): boolean => {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof DomainError) return false;
    if (isFault(current)) return true;
    if (current instanceof AggregateError && current.errors.some(isFault)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
};

/** The error apps see for a connection fault: UNAVAILABLE, retried after a few seconds. */
export const unavailable = (cause: unknown) =>
  new DomainError('UNAVAILABLE', 'the database is unavailable', {
    details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
    cause,
  });

/** Rethrows a connection fault as UNAVAILABLE; any other error unchanged. */
export const rethrowUnavailable = (error: unknown): never => {
  throw isConnectionFault(error) ? unavailable(error) : error;
};

/**
 * Wraps a use case so a database connection fault leaves domain/ as `UNAVAILABLE` (a 503 with
 * Retry-After at the API), never as a raw driver error (a 500).
 * @throws DomainError UNAVAILABLE
 */
export const guardUnavailable =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) return result.catch(rethrowUnavailable) as R;
      return result;
    } catch (error) {
      return rethrowUnavailable(error);
    }
  };
