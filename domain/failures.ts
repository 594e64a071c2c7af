/**
 * Failures of the surroundings (the database cannot be reached, refuses the credentials, does not
 * exist) told apart from bugs, so a command-line tool can say what to fix in one localized line
 * instead of printing a stack trace. Knows Prisma's and the pg driver adapter's error shapes.
 */

/** A message key in the `cli` namespace and its variables. */
export interface FailureText {
  key: string;
  params: Record<string, string>;
}

const DATABASE_KINDS: Record<string, string> = {
  DatabaseNotReachable: 'cli.databaseUnreachable',
  SocketTimeout: 'cli.databaseUnreachable',
  ConnectionClosed: 'cli.databaseUnreachable',
  TlsConnectionError: 'cli.databaseUnreachable',
  DatabaseDoesNotExist: 'cli.databaseMissing',
  DatabaseAccessDenied: 'cli.databaseDenied',
  AuthenticationFailed: 'cli.databaseDenied',
};

const PRISMA_CODES: Record<string, string> = {
  P1001: 'cli.databaseUnreachable',
  P1002: 'cli.databaseUnreachable',
  P1017: 'cli.databaseUnreachable',
  P1000: 'cli.databaseDenied',
  P1010: 'cli.databaseDenied',
  P1003: 'cli.databaseMissing',
  // the tables are not there: a database nobody migrated
  P2021: 'cli.databaseNotMigrated',
  P2022: 'cli.databaseNotMigrated',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

const asRecord = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;

/** Where the database is, without user name or password (safe to print). */
export const databaseLocation = (databaseUrl: string | undefined): string => {
  if (!databaseUrl) return '';
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return '';
  }
};

/**
 * What went wrong outside our code, or null for anything else (a bug: let it surface).
 * Walks `cause` and Prisma's `meta.driverAdapterError` chains.
 */
export const describeInfrastructureFailure = (
  error: unknown,
  databaseUrl?: string,
): FailureText | null => {
  const params = { database: databaseLocation(databaseUrl) };
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = asRecord(queue.shift());
    if (!current || seen.has(current)) continue;
    seen.add(current);
    const code = typeof current.code === 'string' ? current.code : '';
    const kind = typeof current.kind === 'string' ? current.kind : '';
    const byKind = DATABASE_KINDS[kind];
    if (byKind) return { key: byKind, params };
    const byPrisma = PRISMA_CODES[code];
    if (byPrisma) return { key: byPrisma, params };
    if (NETWORK_CODES.has(code)) return { key: 'cli.databaseUnreachable', params };
    if (code === '28P01' || code === '28000') return { key: 'cli.databaseDenied', params };
    if (code === '3D000') return { key: 'cli.databaseMissing', params };
    if (code === '42P01') return { key: 'cli.databaseNotMigrated', params };
    const meta = asRecord(current.meta);
    queue.push(current.cause, meta?.driverAdapterError, asRecord(meta?.driverAdapterError)?.cause);
    if (Array.isArray(current.errors)) queue.push(...(current.errors as unknown[]));
  }
  return null;
};
