import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import type { MarkKind } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { calendarDate, resolveRange } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { getPupilForRead, pupilSummary } from './policy.ts';

/** Longest period one mark-history request may cover (a school year with some slack). */
export const MAX_MARK_RANGE_DAYS = 400;

export const listPupilMarksInput = z
  .object({
    pupilId: id,
    /** First day (default: 30 days before `to`). */
    from: calendarDate.optional(),
    /** Last day (default: today). */
    to: calendarDate.optional(),
    subjectId: id.optional(),
  })
  .strict();
export type ListPupilMarksInput = z.input<typeof listPupilMarksInput>;

interface MarkHistoryRow {
  id: number;
  date: Date;
  lessonId: number;
  lessonNumber: number;
  topic: string | null;
  subjectId: number;
  subjectKy: string;
  subjectRu: string;
  value: number;
  kind: MarkKind;
  comment: string | null;
  teacherId: number;
  teacherLast: string;
  teacherFirst: string;
  teacherPatronymic: string | null;
  updatedAt: Date;
  isChanged: boolean;
}

/**
 * A pupil's mark history for a period, optionally of one subject, newest first (R16). Shows each
 * mark's current value; `isChanged` tells a mark the teacher changed after posting it (its
 * history is in the audit). Deleted marks are left out.
 * @throws DomainError VALIDATION_FAILED (rangeReversed | rangeTooLong) | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const listPupilMarks = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listPupilMarksInput, raw);
  const pupil = await getPupilForRead(deps.db, actor, input.pupilId);
  const today = dateOnly(localToday(deps.now(), pupil.timeZone));
  const { from, to } = resolveRange(
    input,
    { today, daysBefore: 30, daysAfter: 0 },
    MAX_MARK_RANGE_DAYS,
  );
  const rows = await deps.db.$queryRaw<MarkHistoryRow[]>`
    SELECT m.id, m.date, m.lesson_id AS "lessonId", l.lesson_number AS "lessonNumber", l.topic,
           m.subject_id AS "subjectId", s.name_ky AS "subjectKy", s.name_ru AS "subjectRu",
           m.value, m.kind, m.comment, m.teacher_id AS "teacherId", u.last_name AS "teacherLast",
           u.first_name AS "teacherFirst", u.patronymic AS "teacherPatronymic",
           m.updated_at AS "updatedAt",
           EXISTS (SELECT 1 FROM audit_entry ae
                   WHERE ae.entity = 'mark' AND ae.entity_id = m.id::text AND ae.action = 'mark.change') AS "isChanged"
    FROM mark m
    JOIN lesson l ON l.id = m.lesson_id
    JOIN subject s ON s.id = m.subject_id
    JOIN app_user u ON u.id = m.teacher_id
    WHERE m.pupil_id = ${pupil.id}
      AND m.date BETWEEN ${toIsoDate(from)}::date AND ${toIsoDate(to)}::date
      AND m.deleted_at IS NULL
      ${input.subjectId ? Prisma.sql`AND m.subject_id = ${input.subjectId}` : Prisma.empty}
    ORDER BY m.date DESC, l.lesson_number DESC, m.id DESC`;
  return {
    pupil: pupilSummary(pupil),
    from: toIsoDate(from),
    to: toIsoDate(to),
    marks: rows.map((m) => ({
      id: m.id,
      date: toIsoDate(m.date),
      lessonId: m.lessonId,
      lessonNumber: m.lessonNumber,
      topic: m.topic,
      subject: { id: m.subjectId, nameKy: m.subjectKy, nameRu: m.subjectRu },
      value: m.value,
      kind: m.kind,
      comment: m.comment,
      teacher: {
        id: m.teacherId,
        lastName: m.teacherLast,
        firstName: m.teacherFirst,
        patronymic: m.teacherPatronymic,
      },
      isChanged: m.isChanged,
      updatedAt: m.updatedAt,
    })),
  };
};
