import type { DomainDeps } from '../deps.ts';
import { decryptToken } from './token-crypto.ts';

/** Telegram's paid broadcast allows up to 1000 messages per second per bot. */
export const PAID_BROADCAST_RATE = 1000;

/**
 * The active bot accounts with their tokens decrypted by `key` (BOT_TOKEN_KEY), for the worker's
 * composition root only: tokens never go into jobs or logs.
 * @throws Error when a token cannot be decrypted with `key`
 */
export const listBotAccounts = async ({ db }: DomainDeps, key: string | null) => {
  const rows = await db.botAccount.findMany({
    where: { isActive: true },
    select: {
      id: true,
      username: true,
      tokenEncrypted: true,
      ratePerSecond: true,
      allowPaidBroadcast: true,
      paidRatePerSecond: true,
    },
    orderBy: { id: 'asc' },
  });
  if (rows.length > 0 && !key) throw new Error('bot accounts exist but BOT_TOKEN_KEY is not set');
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    token: decryptToken(r.tokenEncrypted, key ?? ''),
    /** Its own send rate, if set (else the worker's default). */
    ratePerSecond: r.allowPaidBroadcast
      ? (r.paidRatePerSecond ?? PAID_BROADCAST_RATE)
      : r.ratePerSecond,
    allowPaidBroadcast: r.allowPaidBroadcast,
  }));
};
