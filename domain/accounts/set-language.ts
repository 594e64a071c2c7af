import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { Language } from '../generated/prisma/enums.ts';
import { parseInput } from '../validation.ts';

export const setLanguageInput = z.object({ language: z.enum(Language) }).strict();
export type SetLanguageInput = z.input<typeof setLanguageInput>;

/**
 * Sets the acting user's language (ky, ru or en): bot replies and notifications use it.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED
 */
export const setLanguage = async ({ db }: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(setLanguageInput, raw);
  return db.user.update({
    where: { id: user.userId },
    data: { language: input.language },
    select: { language: true },
  });
};
