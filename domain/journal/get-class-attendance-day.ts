import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { AttendanceStatus } from '../generated/prisma/enums.ts';
import { assertCanManageClass } from '../policies/index.ts';
import { calendarDate, classLabel } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';

export const getClassAttendanceDayInput = z
  .object({
    classGroupId: id,
    /** The day (default: the school's today). */
    date: calendarDate.optional(),
  })
  .strict();
export type GetClassAttendanceDayInput = z.input<typeof getClassAttendanceDayInput>;

interface Row {
  lessonId: number;
  lessonNumber: number;
  subjectKy: string;
  subjectRu: string;
  marked: number;
  pupilId: number | null;
  lastName: string | null;
  firstName: string | null;
  status: AttendanceStatus | null;
  lateMinutes: number | null;
}

/**
 * One day's attendance of a class for its class teacher (and the administration): each lesson of
 * the day, whether attendance was taken, and who was late, absent or excused (R6).
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getClassAttendanceDay = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getClassAttendanceDayInput, raw);
  const cls = await deps.db.classGroup.findUnique({
    where: { id: input.classGroupId },
    select: {
      id: true,
      schoolId: true,
      letter: true,
      gradeLevel: { select: { grade: true } },
      school: { select: { timeZone: true } },
      _count: { select: { pupils: true } },
    },
  });
  if (!cls) throw notFound('class');
  assertCanManageClass(actor, cls);
  const day = input.date ?? localToday(deps.now(), cls.school.timeZone);
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT l.id AS "lessonId", l.lesson_number AS "lessonNumber", s.name_ky AS "subjectKy",
           s.name_ru AS "subjectRu",
           (SELECT count(*)::int FROM attendance x WHERE x.lesson_id = l.id) AS marked,
           p.id AS "pupilId", p.last_name AS "lastName", p.first_name AS "firstName",
           a.status, a.late_minutes AS "lateMinutes"
    FROM lesson l
    JOIN subject s ON s.id = l.subject_id
    LEFT JOIN attendance a ON a.lesson_id = l.id AND a.status <> 'PRESENT'
    LEFT JOIN pupil p ON p.id = a.pupil_id
    WHERE l.class_group_id = ${cls.id} AND l.date = ${day}::date
    ORDER BY l.lesson_number, l.id, p.last_name, p.first_name, p.id`;
  const lessons = new Map<
    number,
    {
      lessonId: number;
      lessonNumber: number;
      subject: { nameKy: string; nameRu: string };
      isTaken: boolean;
      pupils: {
        id: number;
        lastName: string;
        firstName: string;
        status: AttendanceStatus;
        lateMinutes: number | null;
      }[];
    }
  >();
  for (const r of rows) {
    const lesson = lessons.get(r.lessonId) ?? {
      lessonId: r.lessonId,
      lessonNumber: r.lessonNumber,
      subject: { nameKy: r.subjectKy, nameRu: r.subjectRu },
      isTaken: r.marked > 0,
      pupils: [],
    };
    if (r.pupilId !== null && r.status !== null)
      lesson.pupils.push({
        id: r.pupilId,
        lastName: r.lastName ?? '',
        firstName: r.firstName ?? '',
        status: r.status,
        lateMinutes: r.lateMinutes,
      });
    lessons.set(r.lessonId, lesson);
  }
  return {
    classGroupId: cls.id,
    className: classLabel(cls.gradeLevel.grade, cls.letter),
    date: toIsoDate(dateOnly(day)),
    pupilCount: cls._count.pupils,
    lessons: [...lessons.values()],
  };
};
