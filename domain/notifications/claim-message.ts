import type { DomainDeps } from '../deps.ts';
import { SCHOOL_TIME_ZONE } from '../dates.ts';
import { renderMessage, type RenderedMessage } from './render-message.ts';

export type ClaimedMessage =
  | { kind: 'send'; chatId: bigint; botAccountId: number | null; message: RenderedMessage }
  /** Sent, blocked, skipped or failed already: nothing to do (a duplicate or late job). */
  | { kind: 'done' }
  /** Not due yet (a job that ran early, e.g. re-enqueued by the sweeper): try at `dueAt`. */
  | { kind: 'later'; dueAt: Date };

/** Events that render the same for every recipient of one language (no pupil named). */
const SHARED_TYPES = new Set(['announcement.posted', 'message.posted']);

/**
 * Starts sending messages: closes each to further events (they open the chat's next message)
 * and renders its events in the recipient's language. Nothing left to say (a mark posted and
 * deleted within the window) ends it as SKIPPED. Safe to call again after a crash or a retry:
 * the same message renders the same events.
 *
 * Three statements however many messages (the worker claims the messages of a few milliseconds
 * together), no transaction. The claim is one UPDATE: a fan-out attaching an event to one of these
 * messages holds its row lock (SELECT … FOR UPDATE, in id order, as this UPDATE takes them) until
 * it commits, so the claim waits for it, and the events are read afterwards in a new snapshot that
 * includes that delivery. A fan-out that comes after the claim sees `claimed_at` set and opens a
 * new message. An announcement renders once per language and batch, not once per family.
 */
export const claimMessages = async (
  deps: DomainDeps,
  messageIds: readonly number[],
): Promise<Map<number, ClaimedMessage>> => {
  const { db, reader } = deps;
  const result = new Map<number, ClaimedMessage>();
  const ids = [...new Set(messageIds)].sort((a, b) => a - b);
  if (ids.length === 0) return result;
  const now = deps.now();
  // A little slack: timers fire a few milliseconds early or late.
  const claimed = await reader.$queryRaw<
    { id: number; chat_id: bigint; bot_account_id: number | null; user_id: number }[]
  >`
    UPDATE notification_message SET claimed_at = COALESCE(claimed_at, ${now})
    WHERE id IN (SELECT unnest(${ids}::int[]) ORDER BY 1) AND status = 'PENDING'
      AND (claimed_at IS NOT NULL OR due_at <= ${new Date(now.getTime() + 1_000)})
    RETURNING id, chat_id, bot_account_id, user_id`;
  const claimedIds = new Set(claimed.map((c) => c.id));
  const missing = ids.filter((id) => !claimedIds.has(id));
  if (missing.length) {
    const heads = await reader.$queryRaw<{ id: number; status: string; due_at: Date }[]>`
      SELECT id, status::text AS status, due_at FROM notification_message
      WHERE id = ANY(${missing}::int[])`;
    const headOf = new Map(heads.map((h) => [h.id, h]));
    for (const id of missing) {
      const head = headOf.get(id);
      result.set(
        id,
        head?.status === 'PENDING' ? { kind: 'later', dueAt: head.due_at } : { kind: 'done' },
      );
    }
  }
  if (claimed.length === 0) return result;
  const contexts = await reader.$queryRaw<
    {
      id: number;
      language: string;
      time_zone: string | null;
      events: { type: string; payload: unknown; createdAtMs: number }[];
    }[]
  >`
    SELECT m.id, u.language::text AS language, s.time_zone,
      COALESCE((
        SELECT json_agg(json_build_object('type', e.type, 'payload', e.payload,
          'createdAtMs', floor(extract(epoch FROM e.created_at) * 1000)) ORDER BY e.id)
        FROM delivery d JOIN outbox_event e ON e.id = d.event_id
        WHERE d.message_id = m.id), '[]'::json) AS events
    FROM notification_message m
    JOIN app_user u ON u.id = m.user_id LEFT JOIN school s ON s.id = u.school_id
    WHERE m.id = ANY(${claimed.map((c) => c.id)}::int[])`;
  const contextOf = new Map(contexts.map((c) => [c.id, c]));
  const shared = new Map<string, Promise<RenderedMessage | null>>();
  const skipped: number[] = [];
  await Promise.all(
    claimed.map(async (c) => {
      const context = contextOf.get(c.id);
      let rendered: RenderedMessage | null = null;
      if (context) {
        const recipient = {
          userId: c.user_id,
          language: context.language,
          timeZone: context.time_zone ?? SCHOOL_TIME_ZONE,
        };
        const events = context.events.map((e) => ({
          type: e.type,
          payload: e.payload,
          createdAt: new Date(e.createdAtMs),
        }));
        const render = () => renderMessage(db, recipient, events);
        if (context.events.every((e) => SHARED_TYPES.has(e.type))) {
          const key = JSON.stringify([recipient.language, recipient.timeZone, context.events]);
          const known = deps.sharedRenders?.get(key);
          if (known !== undefined) {
            rendered = known === 'nothing' ? null : known;
          } else {
            let once = shared.get(key);
            if (!once) shared.set(key, (once = render()));
            rendered = await once;
            deps.sharedRenders?.set(key, rendered ?? 'nothing');
          }
        } else {
          rendered = await render();
        }
      }
      if (!rendered) {
        skipped.push(c.id);
        result.set(c.id, { kind: 'done' });
        return;
      }
      result.set(c.id, {
        kind: 'send',
        chatId: BigInt(c.chat_id),
        botAccountId: c.bot_account_id,
        message: rendered,
      });
    }),
  );
  await finishMessages(deps, skipped, 'SKIPPED', null);
  return result;
};

/** Starts sending one message (see `claimMessages`). */
export const claimMessage = async (deps: DomainDeps, messageId: number): Promise<ClaimedMessage> =>
  (await claimMessages(deps, [messageId])).get(messageId) ?? { kind: 'done' };

/** Ends messages and their deliveries in one status: one statement, however many messages. */
export const finishMessages = async (
  { reader, now }: DomainDeps,
  messageIds: number[],
  status: 'SENT' | 'SKIPPED' | 'BLOCKED' | 'FAILED',
  error: string | null,
) => {
  if (messageIds.length === 0) return;
  const at = status === 'SENT' ? now() : null;
  await reader.$queryRaw`
    WITH m AS (
      UPDATE notification_message SET status = ${status}::"DeliveryStatus", sent_at = ${at}, error = ${error}
      WHERE id = ANY(${messageIds}::int[]) AND status = 'PENDING'
      RETURNING id)
    UPDATE delivery SET status = ${status}::"DeliveryStatus", sent_at = ${at}, error = ${error}
    WHERE message_id IN (SELECT id FROM m) AND status = 'PENDING'`;
};
