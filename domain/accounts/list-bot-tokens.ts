import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { listBotAccounts } from '../notifications/list-bot-accounts.ts';
import type { BotCaller } from './bot-caller.ts';

/**
 * The active bot accounts of the deployment with their tokens, for the bot process that serves
 * them all. Only the bot itself asks (service token, acting for no Telegram user): a person —
 * staff with a session, or the bot acting for a Telegram user — is refused. The tokens are
 * decrypted here with the deployment's key, so the bot holds no key and no database access.
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 * @throws Error when a stored token cannot be decrypted with the key
 */
export const listBotTokens = async (deps: DomainDeps, actor: Actor, caller: BotCaller = {}) => {
  if (!caller.viaBot) requireUser(actor);
  if (!caller.viaBot || caller.telegramUserId !== undefined)
    throw forbidden('only the bot process reads bot tokens');
  // The bot needs who it is and its token; send rates are the worker's business.
  const accounts = await listBotAccounts(deps, deps.settings.botTokenKey);
  return accounts.map(({ id, username, token }) => ({ id, username, token }));
};
