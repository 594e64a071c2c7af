import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { classLabel } from '../timetable/calendar.ts';
import { parseInput } from '../validation.ts';

export const listChildrenInput = z.object({}).strict();
export type ListChildrenInput = z.input<typeof listChildrenInput>;

const KYRGYZ = new Intl.Collator('ky');

/**
 * The pupils whose diary the acting user opens as their own (R17): a parent's children, a pupil
 * themself. This is how a parent with several children switches between them. Staff without
 * children of their own get an empty list (they reach pupils through their classes).
 * Ordered by grade, then name in Kyrgyz alphabetical order.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED
 */
export const listChildren = async (deps: DomainDeps, actor: Actor, raw: unknown = {}) => {
  parseInput(listChildrenInput, raw);
  const user = requireUser(actor);
  const ids = [...new Set([...user.childIds, ...(user.pupilId ? [user.pupilId] : [])])];
  if (ids.length === 0) return [];
  const pupils = await deps.db.pupil.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      classGroup: {
        select: { id: true, letter: true, shift: true, gradeLevel: { select: { grade: true } } },
      },
      school: { select: { id: true, name: true } },
    },
  });
  return pupils
    .map((p) => ({
      pupilId: p.id,
      lastName: p.lastName,
      firstName: p.firstName,
      patronymic: p.patronymic,
      isSelf: p.id === user.pupilId,
      classGroupId: p.classGroup.id,
      className: classLabel(p.classGroup.gradeLevel.grade, p.classGroup.letter),
      grade: p.classGroup.gradeLevel.grade,
      shift: p.classGroup.shift,
      school: p.school,
    }))
    .sort(
      (a, b) =>
        a.grade - b.grade ||
        KYRGYZ.compare(a.lastName, b.lastName) ||
        KYRGYZ.compare(a.firstName, b.firstName) ||
        a.pupilId - b.pupilId,
    );
};
