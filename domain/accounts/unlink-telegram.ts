import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import type { BotCaller } from './bot-caller.ts';

/**
 * Unlinks the acting user's Telegram account (R3: every user can unlink). Through the bot only the
 * link of the Telegram user the bot acts for ends; from the web every Telegram link of the user
 * ends. Links are deactivated, not deleted, so the audit keeps its history.
 * @throws DomainError UNAUTHENTICATED
 */
export const unlinkTelegram = async ({ db }: DomainDeps, actor: Actor, caller: BotCaller = {}) => {
  const user = requireUser(actor);
  return db.$transaction(async (tx) => {
    const where = {
      userId: user.userId,
      isActive: true,
      ...(caller.telegramUserId !== undefined ? { telegramUserId: caller.telegramUserId } : {}),
    };
    const links = await tx.telegramLink.findMany({
      where,
      select: { id: true, telegramUserId: true },
    });
    if (links.length > 0) {
      await tx.telegramLink.updateMany({
        where: { id: { in: links.map((l) => l.id) } },
        data: { isActive: false },
      });
      await writeAudit(tx, user, {
        schoolId: user.schoolId,
        action: 'telegram.unlink',
        entity: 'user',
        entityId: user.userId,
        before: { telegramUserIds: links.map((l) => l.telegramUserId) },
      });
    }
    return { unlinked: links.length };
  });
};
