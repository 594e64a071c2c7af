import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { parseInput } from '../validation.ts';
import type { BotCaller } from './bot-caller.ts';

export const setTelegramChatStatusInput = z.object({ isBlocked: z.boolean() }).strict();
export type SetTelegramChatStatusInput = z.input<typeof setTelegramChatStatusInput>;

/**
 * The bot reports that its Telegram user blocked (or unblocked) it: every active link of that
 * Telegram account is marked, so nothing is sent into a chat that refuses it (R18). Only the bot
 * (service token with X-Telegram-User-Id) says this; the links of other Telegram accounts of the
 * same people are untouched.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED (not linked) | FORBIDDEN (not the bot)
 */
export const setTelegramChatStatus = async (
  { db, now }: DomainDeps,
  actor: Actor,
  raw: unknown,
  caller: BotCaller = {},
) => {
  requireUser(actor);
  const input = parseInput(setTelegramChatStatusInput, raw);
  if (caller.telegramUserId === undefined || !caller.viaBot)
    throw forbidden('only the bot reports the state of a Telegram chat');
  const { count } = await db.telegramLink.updateMany({
    where: {
      telegramUserId: caller.telegramUserId,
      isActive: true,
      // Only a change: a repeated update leaves the first time in place.
      blockedAt: input.isBlocked ? null : { not: null },
    },
    data: { blockedAt: input.isBlocked ? now() : null },
  });
  return { isBlocked: input.isBlocked, changed: count };
};
