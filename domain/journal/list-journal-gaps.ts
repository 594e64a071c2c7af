import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { id, isoDate, parseInput } from '../validation.ts';
import { className } from './people.ts';
import { dateRange } from './terms.ts';

export const listJournalGapsInput = z
  .object({
    /** The whole school (default: the user's school), or one class. */
    schoolId: id.optional(),
    classGroupId: id.optional(),
    from: isoDate,
    to: isoDate,
  })
  .strict();
export type ListJournalGapsInput = z.input<typeof listJournalGapsInput>;

/**
 * Journal-keeping control (R25) for the administration: the lessons of a period, up to today, that
 * lack a topic or have no attendance recorded, with class, subject and teacher. Lessons ahead of
 * today are not gaps yet.
 * @throws DomainError VALIDATION_FAILED (rangeReversed, rangeTooLong, classNotInSchool) |
 *   NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const listJournalGaps = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listJournalGapsInput, raw);
  const user = requireUser(actor);
  const range = dateRange(input.from, input.to);
  let schoolId = input.schoolId ?? user.schoolId;
  if (input.classGroupId !== undefined) {
    const cls = await deps.db.classGroup.findUnique({
      where: { id: input.classGroupId },
      select: { schoolId: true },
    });
    if (!cls) throw notFound('class');
    if (input.schoolId !== undefined && input.schoolId !== cls.schoolId)
      throw invalid(['classGroupId'], 'classNotInSchool');
    schoolId = cls.schoolId;
  }
  if (schoolId === null) throw forbidden('no school to control');
  assertSchoolManager(user, schoolId);
  const school = await deps.db.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: { timeZone: true },
  });
  const today = dateOnly(localToday(deps.now(), school.timeZone));
  const to = range.to.getTime() < today.getTime() ? range.to : today;

  const lessons = await deps.db.lesson.findMany({
    where: {
      ...(input.classGroupId === undefined
        ? { classGroup: { schoolId } }
        : { classGroupId: input.classGroupId }),
      date: { gte: range.from, lte: to },
      OR: [{ topic: null }, { topic: '' }, { attendance: { none: {} } }],
    },
    orderBy: [{ date: 'asc' }, { lessonNumber: 'asc' }, { classGroupId: 'asc' }],
    select: {
      id: true,
      date: true,
      lessonNumber: true,
      topic: true,
      classGroup: { select: { id: true, letter: true, gradeLevel: { select: { grade: true } } } },
      subject: { select: { id: true, code: true, nameKy: true, nameRu: true } },
      teacher: { select: { id: true, lastName: true, firstName: true, patronymic: true } },
      _count: { select: { attendance: true } },
    },
  });
  const gaps = lessons.map((l) => ({
    lessonId: l.id,
    date: toIsoDate(l.date),
    lessonNumber: l.lessonNumber,
    classGroup: { id: l.classGroup.id, name: className(l.classGroup) },
    subject: l.subject,
    teacher: l.teacher,
    missingTopic: !l.topic,
    missingAttendance: l._count.attendance === 0,
  }));
  return {
    from: toIsoDate(range.from),
    to: toIsoDate(range.to),
    lessons: gaps,
    totals: {
      lessons: gaps.length,
      missingTopic: gaps.filter((g) => g.missingTopic).length,
      missingAttendance: gaps.filter((g) => g.missingAttendance).length,
    },
  };
};
