import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { id, parseInput } from '../validation.ts';
import { isSubjectOf } from './common.ts';
import { assertCanFollowClassProgram } from './policy.ts';

export const getPlanProgressInput = z.object({ classGroupId: id, subjectId: id }).strict();
export type GetPlanProgressInput = z.input<typeof getPlanProgressInput>;

/**
 * How far a class is through its program in a subject (R10): the parallel's plan with, per item,
 * the class's lessons up to today that took their topic from it; items covered of all items,
 * hours planned against lessons given, and the first topic not covered yet. Lessons planned for
 * later days do not count. For the class's teachers, its class teacher and the administration.
 * @throws DomainError VALIDATION_FAILED (subjectNotInSchool) | NOT_FOUND | UNAUTHENTICATED |
 *   FORBIDDEN
 */
export const getPlanProgress = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getPlanProgressInput, raw);
  const cls = await deps.db.classGroup.findUnique({
    where: { id: input.classGroupId },
    select: {
      id: true,
      schoolId: true,
      yearId: true,
      gradeLevelId: true,
      gradeLevel: { select: { grade: true } },
      school: { select: { timeZone: true } },
    },
  });
  if (!cls) throw notFound('class');
  assertCanFollowClassProgram(actor, cls);
  if (!(await isSubjectOf(deps.db, cls.schoolId, input.subjectId))) {
    throw invalid(['subjectId'], 'subjectNotInSchool');
  }
  const today = dateOnly(localToday(deps.now(), cls.school.timeZone));
  const [items, lessons] = await Promise.all([
    deps.db.planItem.findMany({
      where: { yearId: cls.yearId, subjectId: input.subjectId, gradeLevelId: cls.gradeLevelId },
      orderBy: { position: 'asc' },
    }),
    deps.db.lesson.findMany({
      where: { classGroupId: cls.id, subjectId: input.subjectId, date: { lte: today } },
      select: { planItemId: true, date: true },
    }),
  ]);
  const given = new Map<number, { count: number; last: Date }>();
  for (const l of lessons) {
    if (l.planItemId === null) continue;
    const g = given.get(l.planItemId);
    if (!g) given.set(l.planItemId, { count: 1, last: l.date });
    else {
      g.count += 1;
      if (l.date > g.last) g.last = l.date;
    }
  }
  const progress = items.map((i) => {
    const g = given.get(i.id);
    return {
      id: i.id,
      position: i.position,
      topic: i.topic,
      hours: i.hours,
      lessonsGiven: g?.count ?? 0,
      lastLessonOn: g ? toIsoDate(g.last) : null,
      isCovered: g !== undefined,
    };
  });
  const next = progress.find((p) => !p.isCovered);
  return {
    classGroupId: cls.id,
    subjectId: input.subjectId,
    grade: cls.gradeLevel.grade,
    asOf: toIsoDate(today),
    itemsTotal: progress.length,
    itemsCovered: progress.filter((p) => p.isCovered).length,
    hoursPlanned: progress.reduce((sum, p) => sum + p.hours, 0),
    lessonsGiven: lessons.length,
    lessonsWithoutPlanItem: lessons.filter((l) => l.planItemId === null).length,
    nextItem: next
      ? { id: next.id, position: next.position, topic: next.topic, hours: next.hours }
      : null,
    items: progress,
  };
};
