import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import {
  ANONYMOUS,
  DomainError,
  type Actor,
  type ActorLookup,
  type Domain,
} from '../../domain/index.ts';
import { SESSION_COOKIE } from '../routes/accounts.routes.ts';
import { parseCanonicalId, parseTelegramUserId } from './boundary.ts';

declare module 'express-serve-static-core' {
  interface Request {
    actor: Actor;
    /** The Telegram user the bot acts for, when the request came from the bot. */
    telegramUserId?: bigint;
    /** An unavailable database the diary's fast path met (api/fast-path.ts), for Express to answer. */
    handedError?: DomainError;
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
 * Who a request with the bot's service token (`bearer`, after "Bearer ") acts for: the Telegram
 * user `X-Telegram-User-Id` names (`X-Sabak-User-Id` picking one of its links), or anonymous when
 * it names none. Shared by the middleware below and the diary's fast path (api/fast-path.ts).
 * @throws DomainError UNAUTHENTICATED (wrong token) | VALIDATION_FAILED (a malformed header)
 */
export const botActor = async (
  domain: Domain,
  serviceToken: string,
  headers: { bearer: string; telegramUserId?: string; sabakUserId?: string },
  lookup: ActorLookup,
): Promise<{ actor: Actor; telegramUserId?: bigint }> => {
  if (!sameSecret(headers.bearer, serviceToken)) {
    throw new DomainError('UNAUTHENTICATED', 'bad service token');
  }
  if (headers.telegramUserId === undefined) return { actor: ANONYMOUS };
  // A malformed id is the caller's mistake (400), never a database error (500).
  const telegramUserId = parseTelegramUserId(headers.telegramUserId);
  if (telegramUserId === null) throw badHeader('X-Telegram-User-Id');
  let userId: number | undefined;
  if (headers.sabakUserId !== undefined) {
    const parsed = parseCanonicalId(headers.sabakUserId);
    if (parsed === null) throw badHeader('X-Sabak-User-Id');
    userId = parsed;
  }
  return {
    actor: await domain.auth.actorForTelegram(telegramUserId, userId, lookup),
    telegramUserId,
  };
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
        const bot = await botActor(
          domain,
          serviceToken,
          {
            bearer: bearer.slice(7),
            telegramUserId: req.get('x-telegram-user-id'),
            sabakUserId: req.get('x-sabak-user-id'),
          },
          lookup,
        );
        req.actor = bot.actor;
        if (bot.telegramUserId !== undefined) req.telegramUserId = bot.telegramUserId;
        return next();
      }
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      req.actor = await domain.auth.actorForSession(token, lookup);
      next();
    } catch (error) {
      next(error);
    }
  };
