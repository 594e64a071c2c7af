import type { DomainDeps } from '../deps.ts';
import { SCHOOL_TIME_ZONE } from '../dates.ts';
import { renderMessage, type RenderedMessage } from './render-message.ts';

export type ClaimedMessage =
  | { kind: 'send'; chatId: bigint; botAccountId: number | null; message: RenderedMessage }
  /** Sent, blocked, skipped or failed already: nothing to do (a duplicate or late job). */
  | { kind: 'done' }
  /** Not due yet (a job that ran early, e.g. re-enqueued by the sweeper): try at `dueAt`. */
  | { kind: 'later'; dueAt: Date };

/**
 * Starts sending one message: closes it to further events (they open the chat's next message)
 * and renders its events in the recipient's language. Nothing left to say (a mark posted and
 * deleted within the window) ends it as SKIPPED. Safe to call again after a crash or a retry:
 * the same message renders the same events.
 *
 * Two statements, no transaction (this runs once per Telegram message). The claim is one UPDATE:
 * a fan-out attaching an event to this message holds its row lock (SELECT … FOR UPDATE) until it
 * commits, so the claim waits for it, and the events are read afterwards in a new snapshot that
 * includes that delivery. A fan-out that comes after the claim sees `claimed_at` set and opens a
 * new message.
 */
export const claimMessage = async (
  deps: DomainDeps,
  messageId: number,
): Promise<ClaimedMessage> => {
  const { db, reader } = deps;
  const now = deps.now();
  // A little slack: timers fire a few milliseconds early or late.
  const [claimed] = await reader.$queryRaw<
    { chat_id: bigint; bot_account_id: number | null; user_id: number }[]
  >`
    UPDATE notification_message SET claimed_at = COALESCE(claimed_at, ${now})
    WHERE id = ${messageId} AND status = 'PENDING'
      AND (claimed_at IS NOT NULL OR due_at <= ${new Date(now.getTime() + 1_000)})
    RETURNING chat_id, bot_account_id, user_id`;
  if (!claimed) {
    const head = await db.notificationMessage.findUnique({
      where: { id: messageId },
      select: { status: true, dueAt: true },
    });
    return head?.status === 'PENDING' ? { kind: 'later', dueAt: head.dueAt } : { kind: 'done' };
  }
  const [context] = await reader.$queryRaw<
    {
      language: string;
      time_zone: string | null;
      events: { type: string; payload: unknown; createdAtMs: number }[];
    }[]
  >`
    SELECT u.language::text AS language, s.time_zone,
      COALESCE((
        SELECT json_agg(json_build_object('type', e.type, 'payload', e.payload,
          'createdAtMs', floor(extract(epoch FROM e.created_at) * 1000)) ORDER BY e.id)
        FROM delivery d JOIN outbox_event e ON e.id = d.event_id
        WHERE d.message_id = ${messageId}), '[]'::json) AS events
    FROM app_user u LEFT JOIN school s ON s.id = u.school_id
    WHERE u.id = ${claimed.user_id}`;
  const rendered = context
    ? await renderMessage(
        db,
        {
          userId: claimed.user_id,
          language: context.language,
          timeZone: context.time_zone ?? SCHOOL_TIME_ZONE,
        },
        context.events.map((e) => ({
          type: e.type,
          payload: e.payload,
          createdAt: new Date(e.createdAtMs),
        })),
      )
    : null;
  if (!rendered) {
    await finishMessages(deps, [messageId], 'SKIPPED', null);
    return { kind: 'done' };
  }
  return {
    kind: 'send',
    chatId: BigInt(claimed.chat_id),
    botAccountId: claimed.bot_account_id,
    message: rendered,
  };
};

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
