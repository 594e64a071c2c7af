/**
 * The one public surface of domain/: apps call `createDomain(...)` and use its areas. The database
 * handle never leaves this folder.
 */
import type { Actor } from './actor.ts';
import { accountsSchemas, accountsUseCases } from './accounts/index.ts';
import { actorForSession, actorForTelegram, type ActorLookup } from './accounts/sessions.ts';
import { LRUCache } from 'lru-cache';
import { createActorCache } from './actor-cache.ts';
import { bindArea } from './bind.ts';
import { openDatabase } from './db.ts';
import { unconfiguredFileStore, type FileStore } from './files/store.ts';
import { DEFAULT_SETTINGS, type DomainDeps, type DomainSettings } from './deps.ts';
import { createDirectoryCache } from './diary/directory.ts';
import { diarySchemas, diaryUseCases } from './diary/index.ts';
import { importsSchemas, importsUseCases } from './imports/index.ts';
import { journalSchemas, journalUseCases } from './journal/index.ts';
import { messagingSchemas, messagingUseCases } from './messaging/index.ts';
import { notificationsSchemas, notificationsUseCases } from './notifications/index.ts';
import { reportsSchemas, reportsUseCases } from './reports/index.ts';
import { schoolSchemas, schoolUseCases } from './school/index.ts';
import { timetableSchemas, timetableUseCases } from './timetable/index.ts';
import { guardUnavailable } from './unavailable.ts';

export interface DomainOptions {
  databaseUrl: string;
  maxConnections?: number;
  /** Cache prepared statements per connection (default true; off for PGlite and PgBouncer). */
  preparedStatements?: boolean;
  /** How long a request waits for a database connection before UNAVAILABLE (default 10 s). */
  connectTimeoutMs?: number;
  now?: () => Date;
  /** Told when an idle database connection fails (it is replaced; the process keeps running). */
  onConnectionError?: (error: Error) => void;
  settings?: Partial<DomainSettings>;
  /** Where attached files live; without one, attachment use cases fail (the worker needs none). */
  files?: FileStore;
  /**
   * How long (ms) a process remembers who a Telegram user or session acts as, for the diary's
   * single-statement reads (default 60 000; 0 = off). Never stale: see domain/actor-cache.ts.
   */
  actorCacheTtlMs?: number;
}

/** Opens the database and returns every use case bound to it. Call `close()` on shutdown. */
export const createDomain = (options: DomainOptions) => {
  const { db, reader } = openDatabase({
    connectionString: options.databaseUrl,
    maxConnections: options.maxConnections,
    preparedStatements: options.preparedStatements,
    onConnectionError: options.onConnectionError,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const deps: DomainDeps = {
    db,
    reader,
    now: options.now ?? (() => new Date()),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    files: options.files ?? unconfiguredFileStore(),
    actors: createActorCache({ ttlMs: options.actorCacheTtlMs ?? 60_000, maxEntries: 50_000 }),
    directories: createDirectoryCache(),
    sharedRenders: new LRUCache({ max: 1_000, ttl: 10 * 60_000 }),
  };
  return {
    accounts: bindArea(deps, accountsUseCases),
    journal: bindArea(deps, journalUseCases),
    diary: bindArea(deps, diaryUseCases),
    timetable: bindArea(deps, timetableUseCases),
    messaging: bindArea(deps, messagingUseCases),
    imports: bindArea(deps, importsUseCases),
    reports: bindArea(deps, reportsUseCases),
    notifications: bindArea(deps, notificationsUseCases),
    school: bindArea(deps, schoolUseCases),
    auth: {
      actorForSession: guardUnavailable(
        (token: string | undefined, lookup?: ActorLookup): Promise<Actor> =>
          actorForSession(deps, token, lookup),
      ),
      actorForTelegram: guardUnavailable(
        (telegramUserId: bigint, userId?: number, lookup?: ActorLookup): Promise<Actor> =>
          actorForTelegram(deps, telegramUserId, userId, lookup),
      ),
      /** Hits and misses of the actor cache of this process (benchmarks). */
      actorCacheStats: () => deps.actors?.stats(),
    },
    /** Is the database reachable? (for /readyz) */
    ping: guardUnavailable(async () => {
      await db.$queryRaw`SELECT 1`;
    }),
    close: () => db.$disconnect(),
  };
};

export type Domain = ReturnType<typeof createDomain>;

export {
  DomainError,
  DOMAIN_ERROR_CODES,
  type DomainErrorCode,
  type ValidationIssue,
} from './errors.ts';
export { RETRY_AFTER_SECONDS } from './unavailable.ts';
export { ANONYMOUS, type Actor, type UserActor } from './actor.ts';
export { SESSION_LIFETIME_MS, type ActorLookup } from './accounts/sessions.ts';
export { parseInput } from './validation.ts';
export type { FileStore } from './files/store.ts';
export { createDiskStore } from './files/disk-store.ts';
export { createS3Store, type S3StoreOptions } from './files/s3-store.ts';
export {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_MB,
  ALLOWED_TYPES as ATTACHMENT_TYPES,
} from './files/upload-rules.ts';
export { outboxEventSchemas, type OutboxEventType } from './events.ts';
export { encryptToken, decryptToken } from './notifications/token-crypto.ts';
export {
  notifyCallbackData,
  parseNotifyCallback,
  type NotifyTarget,
} from './notifications/callback-data.ts';
export type { ClaimedMessage } from './notifications/claim-message.ts';
export type { ScheduledMessage } from './notifications/fan-out-event.ts';

/** Every use case's input schema by name (the API validates with and documents these). */
export const schemas = {
  ...accountsSchemas,
  ...journalSchemas,
  ...diarySchemas,
  ...timetableSchemas,
  ...messagingSchemas,
  ...importsSchemas,
  ...reportsSchemas,
  ...notificationsSchemas,
  ...schoolSchemas,
};
