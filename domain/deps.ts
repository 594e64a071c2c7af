import type { LRUCache } from 'lru-cache';
import type { ActorCache } from './actor-cache.ts';
import type { Db, DirectReader } from './db.ts';
import type { DirectoryCache } from './diary/directory.ts';
import type { FileStore } from './files/store.ts';
import type { RenderedMessage } from './notifications/render-message.ts';

export interface DomainSettings {
  /** How long a class teacher's link code stays valid (default 72 h). */
  linkCodeTtlHours: number;
  /** Events for one chat within this window become one message (default 2 min). */
  notifyWindowMs: number;
  /** Messages a chat receives per hour at most; later ones fold into the next (default 12). */
  notifyHourlyCap: number;
  /**
   * Username of the deployment's default Telegram bot (BOT_USERNAME, without `@`), for the deep
   * links on link-code slips; a school's own bot (bot_account) takes precedence. Null: slips
   * carry the code only.
   */
  botUsername: string | null;
  /** AES-256-GCM key of the stored bot tokens (BOT_TOKEN_KEY); null when the deployment has none. */
  botTokenKey: string | null;
}

export const DEFAULT_SETTINGS: DomainSettings = {
  linkCodeTtlHours: 72,
  notifyWindowMs: 120_000,
  notifyHourlyCap: 12,
  botUsername: null,
  botTokenKey: null,
};

/** What every use case receives. The apps never see `db`. */
export interface DomainDeps {
  db: Db;
  /** Raw reads without Prisma's query layer, for hot read paths (same pool as `db`). */
  reader: DirectReader;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  settings: DomainSettings;
  /** Where attached files live (disk or S3-compatible). */
  files: FileStore;
  /** Who credentials act as, for use cases that re-read the actor in their own statement. */
  actors?: ActorCache;
  /** Schools' subjects, staff names, bells, terms and timetables by version (diary/directory.ts). */
  directories?: DirectoryCache;
  /**
   * Notification texts that are the same for every recipient of one language (an announcement, a
   * message in a conversation: rows that never change), so a 3,000-family announcement renders
   * once per language rather than once per batch of sends.
   */
  sharedRenders?: LRUCache<string, RenderedMessage | 'nothing'>;
}
