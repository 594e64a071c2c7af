import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { isSchoolManager } from '../policies/index.ts';
import { classLabel } from '../timetable/calendar.ts';

/**
 * Whom the user may address an announcement to (R19), for a composer: the classes they teach or
 * lead; the administration also every class, each parallel and the whole school. The same rules
 * `createAnnouncement` enforces.
 * @throws DomainError UNAUTHENTICATED
 */
export const listAnnouncementTargets = async ({ db }: DomainDeps, actor: Actor) => {
  const user = requireUser(actor);
  const manager = user.schoolId !== null && isSchoolManager(user, user.schoolId);
  const own = new Set([...user.teaches.map((t) => t.classGroupId), ...user.classTeacherOf]);
  const classes =
    user.schoolId === null
      ? []
      : await db.classGroup.findMany({
          where: {
            schoolId: user.schoolId,
            year: { isCurrent: true },
            ...(manager ? {} : { id: { in: [...own] } }),
          },
          select: { id: true, letter: true, gradeLevel: { select: { grade: true } } },
        });
  const grades = manager
    ? [...new Set(classes.map((c) => c.gradeLevel.grade))].sort((a, b) => a - b)
    : [];
  return {
    classes: classes
      .map((c) => ({
        id: c.id,
        name: classLabel(c.gradeLevel.grade, c.letter),
        grade: c.gradeLevel.grade,
      }))
      .sort((a, b) => a.grade - b.grade || a.name.localeCompare(b.name, 'ky')),
    grades,
    school: manager,
  };
};
