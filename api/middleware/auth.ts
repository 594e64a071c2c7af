import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ANONYMOUS, DomainError, type Actor, type Domain } from '../../domain/index.ts';
import { SESSION_COOKIE } from '../routes/accounts.routes.ts';
import { parseCanonicalId, parseTelegramUserId } from './boundary.ts';

declare module 'express-serve-static-core' {
  interface Request {
    actor: Actor;
    /** The Telegram user the bot acts for, when the request came from the bot. */
    telegramUserId?: bigint;
  }
}

const badHeader = (header: string) =>
  new DomainError('VALIDATION_FAILED', `bad ${header} header`, {
    details: { issues: [{ path: ['headers', header], key: 'invalidHeader', params: { header } }] },
  });

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Resolves who is acting: a staff session cookie, or the bot's service token plus the Telegram
 * user it names (`X-Telegram-User-Id`). The domain then applies that user's policies.
 * `reusesActor(req)`: the request's use case re-reads its actor itself, so a remembered actor
 * may stand in here (no database round trip; see domain/actor-cache.ts).
 */
export const authMiddleware =
  (domain: Domain, serviceToken: string, reusesActor: (req: Request) => boolean = () => false) =>
  async (req: Request, _res: Response, next: NextFunction) => {
    try {
      req.actor = ANONYMOUS;
      const lookup = { reuse: reusesActor(req) };
      const bearer = req.get('authorization');
      if (bearer?.startsWith('Bearer ')) {
        if (!sameSecret(bearer.slice(7), serviceToken)) {
          throw new DomainError('UNAUTHENTICATED', 'bad service token');
        }
        const tgHeader = req.get('x-telegram-user-id');
        if (tgHeader !== undefined) {
          // A malformed id is the caller's mistake (400), never a database error (500).
          const telegramUserId = parseTelegramUserId(tgHeader);
          if (telegramUserId === null) throw badHeader('X-Telegram-User-Id');
          req.telegramUserId = telegramUserId;
          const asUser = req.get('x-sabak-user-id');
          let userId: number | undefined;
          if (asUser !== undefined) {
            const parsed = parseCanonicalId(asUser);
            if (parsed === null) throw badHeader('X-Sabak-User-Id');
            userId = parsed;
          }
          req.actor = await domain.auth.actorForTelegram(telegramUserId, userId, lookup);
        }
        return next();
      }
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      req.actor = await domain.auth.actorForSession(token, lookup);
      next();
    } catch (error) {
      next(error);
    }
  };
