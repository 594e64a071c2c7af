import type { DomainDeps } from '../deps.ts';
import { requireUser, type Actor } from '../actor.ts';
import { forbidden } from '../errors.ts';

/**
 * Opens the queue dashboard (bull-board) for `actor`: only a signed-in school administrator
 * (director, ADMIN role). The dashboard shows every school's jobs (ids only) and can retry or
 * remove them, so teachers, deputies and parents may not. The API asks with the staff session
 * only — never with the bot's service token.
 * @returns the bot accounts whose delivery queues the dashboard lists
 * @throws DomainError UNAUTHENTICATED without a user, FORBIDDEN for anyone but an administrator
 */
export const openQueueDashboard = async ({ db }: DomainDeps, actor: Actor) => {
  const user = requireUser(actor);
  if (!user.roles.includes('ADMIN')) throw forbidden('only administrators see the queues');
  const bots = await db.botAccount.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  return { botAccountIds: bots.map((b) => b.id) };
};
