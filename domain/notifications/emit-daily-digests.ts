import type { DomainDeps } from '../deps.ts';
import { chatLockKey } from './kinds.ts';
import type { ScheduledMessage } from './fan-out-event.ts';

/**
 * The daily digest (R18): every delivery held back during the day — of users who chose digest
 * mode, and of chats that reached their hourly cap — becomes one message per chat, due now, and
 * is sent like any other message (its events render as one line each, coalesced). Run by the
 * worker's scheduler (`NOTIFY_DIGEST_CRON`, Asia/Bishkek). Idempotent: a second run finds nothing
 * held. A delivery whose chat is no longer linked is skipped.
 * @returns the messages to schedule
 */
export const emitDailyDigests = async (deps: DomainDeps): Promise<ScheduledMessage[]> => {
  const { db } = deps;
  const held = await db.$queryRaw<
    { id: number; user_id: number; chat_id: bigint; bot_account_id: number | null }[]
  >`
    SELECT DISTINCT ON (d.id) d.id, d.user_id, d.chat_id, tl.bot_account_id
    FROM delivery d
    JOIN telegram_link tl ON tl.user_id = d.user_id AND tl.chat_id = d.chat_id
      AND tl.is_active AND tl.blocked_at IS NULL
    WHERE d.message_id IS NULL AND d.status = 'PENDING'
    ORDER BY d.id, tl.id`;
  if (held.length === 0) return [];
  const chatKey = (bot: number | null, chat: bigint) => `${bot ?? 0}-${chat}`;
  const byChat = new Map<string, typeof held>();
  for (const d of held) {
    const key = chatKey(d.bot_account_id, BigInt(d.chat_id));
    byChat.set(key, [...(byChat.get(key) ?? []), d]);
  }
  const now = deps.now();
  return db.$transaction(
    async (tx) => {
      const keys = [...byChat.values()]
        .map((list) => chatLockKey(list[0]?.bot_account_id ?? null, BigInt(list[0]?.chat_id ?? 0)))
        .sort();
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
        FROM (SELECT unnest(${keys}::text[]) AS k ORDER BY 1) s`;
      const scheduled: ScheduledMessage[] = [];
      for (const list of byChat.values()) {
        const first = list[0];
        if (!first) continue;
        const message = await tx.notificationMessage.create({
          data: {
            botAccountId: first.bot_account_id,
            chatId: BigInt(first.chat_id),
            userId: first.user_id,
            dueAt: now,
          },
          select: { id: true },
        });
        const { count } = await tx.delivery.updateMany({
          where: { id: { in: list.map((d) => d.id) }, messageId: null, status: 'PENDING' },
          data: { messageId: message.id },
        });
        if (count === 0) await tx.notificationMessage.delete({ where: { id: message.id } });
        else
          scheduled.push({ messageId: message.id, botAccountId: first.bot_account_id, dueAt: now });
      }
      return scheduled;
    },
    { timeout: 60_000 },
  );
};
