import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { DEFAULT_PREFERENCES, preferenceSelect } from './notification-preferences.ts';

/**
 * The acting user's notification preferences (R18), or the defaults when never set.
 * @throws DomainError UNAUTHENTICATED
 */
export const getPreferences = async ({ db }: DomainDeps, actor: Actor) => {
  const user = requireUser(actor);
  const row = await db.notificationPreference.findUnique({
    where: { userId: user.userId },
    select: preferenceSelect,
  });
  return row ?? { ...DEFAULT_PREFERENCES };
};
