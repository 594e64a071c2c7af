import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { kyrgyzCompare } from '../collation.ts';
import { className } from './people.ts';

/**
 * The journal pages the signed-in user keeps or leads in the current school year: each class and
 * subject of their teaching load, and every subject taught in the classes they lead as class
 * teacher. Sorted by class, then subject. Others' pages are reached through their own rights.
 * @throws DomainError UNAUTHENTICATED
 */
export const listMyJournals = async ({ db }: DomainDeps, actor: Actor) => {
  const user = requireUser(actor);
  const rows = await db.teachingAssignment.findMany({
    where: {
      year: { isCurrent: true },
      OR: [{ teacherId: user.userId }, { classGroupId: { in: user.classTeacherOf } }],
    },
    select: {
      teacherId: true,
      classGroup: { select: { id: true, letter: true, gradeLevel: { select: { grade: true } } } },
      subject: { select: { id: true, code: true, nameKy: true, nameRu: true } },
    },
  });
  const seen = new Set<string>();
  return rows
    .map((r) => ({
      classGroup: {
        id: r.classGroup.id,
        name: className(r.classGroup),
        grade: r.classGroup.gradeLevel.grade,
      },
      subject: r.subject,
      isMine: r.teacherId === user.userId,
    }))
    .filter((j) => {
      const key = `${j.classGroup.id}:${j.subject.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        a.classGroup.grade - b.classGroup.grade ||
        kyrgyzCompare(a.classGroup.name, b.classGroup.name) ||
        kyrgyzCompare(a.subject.nameKy, b.subject.nameKy),
    );
};
