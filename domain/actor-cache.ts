/**
 * A short-lived, per-process memory of who a credential acts as (a Telegram user through the bot,
 * or a staff session), so the diary's hot path needs no database round trip of its own to know
 * its actor. It is only handed to use cases that read the actor afresh inside their own
 * statement and decide access on that fresh copy (see `actorSql`): a cached actor is a hint, never
 * the authority, so unlinking, ending a session or deactivating an account takes effect on the
 * very next request in every process. An entry the fresh read contradicts is dropped.
 */
import type { ActorCredential, UserActor } from './actor.ts';

export interface ActorCacheOptions {
  /** How long an entry is reused (ms); 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
}

export const credentialKey = (c: ActorCredential) =>
  c.kind === 'session' ? `s:${c.sessionId}` : `t:${c.telegramUserId}:${c.userId ?? ''}`;

interface Entry {
  actor: UserActor;
  /** Date.now() after which the entry is not used. */
  until: number;
}

export const createActorCache = ({ ttlMs, maxEntries }: ActorCacheOptions) => {
  const entries = new Map<string, Entry>();
  const counts = { hits: 0, misses: 0, dropped: 0 };
  return {
    enabled: ttlMs > 0,
    get(credential: ActorCredential): UserActor | undefined {
      if (ttlMs <= 0) return undefined;
      const key = credentialKey(credential);
      const entry = entries.get(key);
      if (entry && entry.until > Date.now()) {
        counts.hits++;
        return entry.actor;
      }
      if (entry) entries.delete(key);
      counts.misses++;
      return undefined;
    },
    /** Remembers `actor` for the TTL, or for `forMs` (what is left of a session) if shorter. */
    set(actor: UserActor, forMs = Infinity) {
      if (ttlMs <= 0 || !actor.credential) return;
      const key = credentialKey(actor.credential);
      entries.delete(key);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const until = Date.now() + Math.min(ttlMs, forMs);
      entries.set(key, { actor, until });
    },
    /** Forgets what `credential` acted as (the fresh read disagreed or refused it). */
    drop(credential: ActorCredential) {
      if (entries.delete(credentialKey(credential))) counts.dropped++;
    },
    stats: () => ({ ...counts, size: entries.size }),
  };
};

export type ActorCache = ReturnType<typeof createActorCache>;
