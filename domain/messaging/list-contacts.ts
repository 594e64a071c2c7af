import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { assertCanReadPupil, hidden } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { toPerson } from './people.ts';
import { contactSelect, mayWriteAbout } from './policy.ts';

export const listContactsInput = z.object({ pupilId: id }).strict();
export type ListContactsInput = z.input<typeof listContactsInput>;

const KYRGYZ = new Intl.Collator('ky');

/**
 * Whom the user may write to about a pupil (R19): for a family, the pupil's teachers (with their
 * subjects), class teacher and the administration; for staff, the pupil's parents, the pupil and
 * the colleagues who work with the pupil.
 * Names and roles only — never phone numbers.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN
 */
export const listContacts = async ({ db }: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(listContactsInput, raw);
  const pupil = await db.pupil.findUnique({
    where: { id: input.pupilId },
    select: { id: true, schoolId: true, classGroupId: true, userId: true },
  });
  if (!pupil) throw hidden('pupil');
  assertCanReadPupil(user, pupil);

  const [candidates, assignments] = await Promise.all([
    db.user.findMany({
      where: {
        id: { not: user.userId },
        OR: [
          { assignments: { some: { classGroupId: pupil.classGroupId } } },
          { classesLed: { some: { id: pupil.classGroupId } } },
          { roles: { some: { schoolId: pupil.schoolId, role: { in: ['ADMIN', 'DEPUTY'] } } } },
          // Only guardians granted this pupil (the sibling rule): not an adult an import merely attached.
          { children: { some: { pupilId: pupil.id, grantedAt: { not: null } } } },
          ...(pupil.userId !== null ? [{ id: pupil.userId }] : []),
        ],
      },
      select: contactSelect,
    }),
    db.teachingAssignment.findMany({
      where: { classGroupId: pupil.classGroupId },
      select: { teacherId: true, subject: { select: { id: true, nameKy: true, nameRu: true } } },
    }),
  ]);
  return candidates
    .filter((candidate) => mayWriteAbout(user, candidate, pupil))
    .map((candidate) => ({
      ...toPerson(candidate),
      subjects: assignments.filter((a) => a.teacherId === candidate.id).map((a) => a.subject),
    }))
    .sort((a, b) => KYRGYZ.compare(a.name, b.name) || a.id - b.id);
};
