import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { parseInput } from '../validation.ts';
import {
  DEFAULT_PREFERENCES,
  notificationPreferencesShape,
  preferenceSelect,
} from './notification-preferences.ts';

/** Fields left out keep their value, so the bot can flip one switch at a time. */
export const updatePreferencesInput = z.object(notificationPreferencesShape).partial().strict();
export type UpdatePreferencesInput = z.input<typeof updatePreferencesInput>;

/**
 * Changes the acting user's notification preferences (R18). Quiet hours are both set or both
 * null (no quiet hours); they may wrap midnight ("21:00"–"07:00").
 * @throws DomainError VALIDATION_FAILED (`quietHoursIncomplete`) | UNAUTHENTICATED
 */
export const updatePreferences = async ({ db }: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(updatePreferencesInput, raw);
  return db.$transaction(async (tx) => {
    const current =
      (await tx.notificationPreference.findUnique({
        where: { userId: user.userId },
        select: preferenceSelect,
      })) ?? DEFAULT_PREFERENCES;
    const next = { ...current, ...input };
    if ((next.quietFrom === null) !== (next.quietTo === null)) {
      throw invalid([next.quietFrom === null ? 'quietFrom' : 'quietTo'], 'quietHoursIncomplete');
    }
    if (next.quietFrom !== null && next.quietFrom === next.quietTo) {
      throw invalid(['quietTo'], 'quietHoursEmpty');
    }
    return tx.notificationPreference.upsert({
      where: { userId: user.userId },
      create: { userId: user.userId, ...next },
      update: next,
      select: preferenceSelect,
    });
  });
};
