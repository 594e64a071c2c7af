import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { dateOnly, localToday } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { getTeacherTimetable } from '../timetable/get-teacher-timetable.ts';
import { isoDate, parseInput } from '../validation.ts';

export const getTeacherDayInput = z
  .object({
    /** School-local day; today when omitted. */
    date: isoDate.optional(),
  })
  .strict();
export type GetTeacherDayInput = z.input<typeof getTeacherDayInput>;

/**
 * The signed-in teacher's day ("My day"): their lessons of the date by the timetable, lessons they
 * cover for absent colleagues included and their own lessons someone else covers marked, each
 * with its journal record (when one exists) and what is still missing from it: attendance, a
 * topic, homework (general or individual). A lesson someone else covers is that teacher's to
 * fill in, so it lists nothing missing.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN (no school)
 */
export const getTeacherDay = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getTeacherDayInput, raw);
  const user = requireUser(actor);
  if (user.schoolId === null) throw forbidden('no school');
  const school = await deps.db.school.findUniqueOrThrow({
    where: { id: user.schoolId },
    select: { timeZone: true },
  });
  const date = input.date ?? localToday(deps.now(), school.timeZone);
  const week = await getTeacherTimetable(deps, actor, { teacherId: user.userId, date });
  const day = week.days.find((d) => d.date === date);
  const planned = day?.lessons ?? [];
  const records =
    planned.length === 0
      ? []
      : await deps.db.lesson.findMany({
          where: {
            date: dateOnly(date),
            OR: planned.map((l) => ({
              classGroupId: l.classGroup.id,
              subjectId: l.subject.id,
              lessonNumber: l.lessonNumber,
            })),
          },
          select: {
            id: true,
            classGroupId: true,
            subjectId: true,
            lessonNumber: true,
            topic: true,
            homework: true,
            _count: { select: { attendance: true, individualHomework: true } },
          },
        });
  const recordOf = (l: (typeof planned)[number]) =>
    records.find(
      (r) =>
        r.classGroupId === l.classGroup.id &&
        r.subjectId === l.subject.id &&
        r.lessonNumber === l.lessonNumber,
    ) ?? null;
  return {
    date,
    isSchoolDay: day?.isSchoolDay ?? false,
    lessons: planned.map((l) => {
      const record = recordOf(l);
      const mine = l.coveredBy === null;
      return {
        ...l,
        lessonId: record?.id ?? null,
        topic: record?.topic ?? null,
        missing: {
          attendance: mine && (record?._count.attendance ?? 0) === 0,
          topic: mine && !record?.topic,
          homework: mine && !record?.homework && (record?._count.individualHomework ?? 0) === 0,
        },
      };
    }),
  };
};
