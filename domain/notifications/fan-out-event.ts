import type { DomainDeps } from '../deps.ts';
import { SCHOOL_TIME_ZONE } from '../dates.ts';
import { parseEventPayload } from '../events.ts';
import { chatLockKey, minGapMs } from './kinds.ts';
import { endOfQuietHours } from './quiet-hours.ts';
import { resolveRecipients, type Recipient } from './recipients.ts';

/** A message the worker must (re)schedule: job id from `messageId`, queue from the bot. */
export interface ScheduledMessage {
  messageId: number;
  botAccountId: number | null;
  dueAt: Date;
}

const HOUR_MS = 3_600_000;

/**
 * Fans one outbox event out to its recipients (R18): a delivery row per (event, chat), attached
 * to that chat's open message, or to a new one due at the end of the coalescing window, of quiet
 * hours and of the per-chat pace; held (no message) for the daily digest when the user chose
 * digest mode or the chat had its hourly cap of messages. Chats linked after the event and users who
 * switched the category off get nothing. Idempotent: a second run adds no row and returns the
 * same messages, so a retried or duplicated job never becomes a second message.
 */
export const fanOutEvent = async (
  deps: DomainDeps,
  eventId: number,
): Promise<ScheduledMessage[]> => {
  const { db, settings } = deps;
  const row = await db.outboxEvent.findUnique({
    where: { id: eventId },
    select: { type: true, payload: true, createdAt: true, schoolId: true },
  });
  const event = row && parseEventPayload(row.type, row.payload);
  if (!row || !event) return [];
  const school =
    row.schoolId === null
      ? null
      : await db.school.findUnique({ where: { id: row.schoolId }, select: { timeZone: true } });
  const timeZone = school?.timeZone ?? SCHOOL_TIME_ZONE;
  const recipients = (await resolveRecipients(db, event)).filter(
    // History is not replayed to a chat linked after the fact.
    (r) => r.isWanted && r.linkedAt <= row.createdAt,
  );
  if (recipients.length === 0) return previouslyScheduled(deps, eventId);

  await db.$transaction(
    async (tx) => {
      const keys = recipients.map((r) => chatLockKey(r.botAccountId, r.chatId)).sort();
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
        FROM (SELECT unnest(${keys}::text[]) AS k ORDER BY 1) s`;
      const done = new Set(
        (await tx.delivery.findMany({ where: { eventId }, select: { chatId: true } })).map(
          (d) => d.chatId,
        ),
      );
      const todo = recipients.filter((r) => !done.has(r.chatId));
      if (todo.length === 0) return;
      const chatIds = todo.map((r) => r.chatId);
      const now = deps.now();
      // Row locks on the open messages: a claim (one UPDATE) waits until these deliveries are
      // committed, and one that came first has set claimed_at, which FOR UPDATE re-checks.
      const open = await tx.$queryRaw<
        { id: number; chat_id: bigint; bot_account_id: number | null }[]
      >`
        SELECT id, chat_id, bot_account_id FROM notification_message
        WHERE chat_id = ANY(${chatIds}::bigint[]) AND status = 'PENDING' AND claimed_at IS NULL
        ORDER BY id FOR UPDATE`;
      const chatKey = (bot: number | null, chat: bigint) => `${bot ?? 0}-${chat}`;
      const openOf = new Map(open.map((m) => [chatKey(m.bot_account_id, BigInt(m.chat_id)), m.id]));
      const recent = await tx.$queryRaw<
        { bot_account_id: number | null; chat_id: bigint; sent: number; last: Date }[]
      >`
        SELECT bot_account_id, chat_id, count(*)::int AS sent, max(sent_at) AS last,
               min(sent_at) AS first
        FROM notification_message
        WHERE chat_id = ANY(${chatIds}::bigint[]) AND status = 'SENT' AND sent_at > ${new Date(now.getTime() - HOUR_MS)}
        GROUP BY bot_account_id, chat_id`;
      const recentOf = new Map(
        recent.map((r) => [chatKey(r.bot_account_id, BigInt(r.chat_id)), r] as const),
      );
      // Held for the daily digest: users in digest mode, and chats over the hourly cap (R18).
      const held = new Set(
        todo
          .filter(
            (r) =>
              r.isDigestOnly ||
              (!openOf.has(chatKey(r.botAccountId, r.chatId)) &&
                (recentOf.get(chatKey(r.botAccountId, r.chatId))?.sent ?? 0) >=
                  settings.notifyHourlyCap),
          )
          .map((r) => chatKey(r.botAccountId, r.chatId)),
      );
      const fresh = todo.filter(
        (r) =>
          !openOf.has(chatKey(r.botAccountId, r.chatId)) &&
          !held.has(chatKey(r.botAccountId, r.chatId)),
      );
      const created = fresh.length
        ? await tx.notificationMessage.createManyAndReturn({
            data: fresh.map((r) => ({
              botAccountId: r.botAccountId,
              chatId: r.chatId,
              userId: r.userId,
              dueAt: dueAt(
                r,
                now,
                settings,
                timeZone,
                recentOf.get(chatKey(r.botAccountId, r.chatId)),
              ),
            })),
            select: { id: true, chatId: true, botAccountId: true },
          })
        : [];
      for (const m of created) openOf.set(chatKey(m.botAccountId, m.chatId), m.id);
      await tx.delivery.createMany({
        data: todo.map((r) => ({
          eventId,
          userId: r.userId,
          chatId: r.chatId,
          messageId: held.has(chatKey(r.botAccountId, r.chatId))
            ? null
            : (openOf.get(chatKey(r.botAccountId, r.chatId)) ?? null),
        })),
        skipDuplicates: true,
      });
    },
    { timeout: 60_000 },
  );
  return previouslyScheduled(deps, eventId);
};

/** When a new message for `r` may go: window, quiet hours, one per second, the hourly cap. */
const dueAt = (
  r: Recipient,
  now: Date,
  settings: DomainDeps['settings'],
  timeZone: string,
  recent: { sent: number; last: Date } | undefined,
) => {
  let at = now.getTime() + settings.notifyWindowMs;
  if (recent) {
    at = Math.max(at, new Date(recent.last).getTime() + minGapMs(r.chatId));
  }
  return endOfQuietHours(new Date(at), { from: r.quietFrom, to: r.quietTo }, timeZone);
};

/** The not-yet-finished messages carrying this event's deliveries. */
const previouslyScheduled = async ({ db }: DomainDeps, eventId: number) => {
  const rows = await db.notificationMessage.findMany({
    where: { status: 'PENDING', deliveries: { some: { eventId } } },
    select: { id: true, botAccountId: true, dueAt: true },
  });
  return rows.map((m) => ({ messageId: m.id, botAccountId: m.botAccountId, dueAt: m.dueAt }));
};
