import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ANONYMOUS, DomainError, type Actor, type Domain } from '../../domain/index.ts';
import { SESSION_COOKIE } from '../routes/accounts.routes.ts';

declare module 'express-serve-static-core' {
  interface Request {
    actor: Actor;
    /** The Telegram user the bot acts for, when the request came from the bot. */
    telegramUserId?: bigint;
  }
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Resolves who is acting: a staff session cookie, or the bot's service token plus the Telegram
 * user it names (`X-Telegram-User-Id`). The domain then applies that user's policies.
 */
export const authMiddleware =
  (domain: Domain, serviceToken: string) =>
  async (req: Request, _res: Response, next: NextFunction) => {
    try {
      req.actor = ANONYMOUS;
      const bearer = req.get('authorization');
      if (bearer?.startsWith('Bearer ')) {
        if (!sameSecret(bearer.slice(7), serviceToken)) {
          throw new DomainError('UNAUTHENTICATED', 'bad service token');
        }
        const tgHeader = req.get('x-telegram-user-id');
        if (tgHeader) {
          if (!/^\d{1,19}$/.test(tgHeader))
            throw new DomainError('UNAUTHENTICATED', 'bad X-Telegram-User-Id');
          req.telegramUserId = BigInt(tgHeader);
          const asUser = req.get('x-sabak-user-id');
          req.actor = await domain.auth.actorForTelegram(
            req.telegramUserId,
            asUser ? Number(asUser) || undefined : undefined,
          );
        }
        return next();
      }
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      req.actor = await domain.auth.actorForSession(token);
      next();
    } catch (error) {
      next(error);
    }
  };
