import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import type { AttendanceStatus } from '../generated/prisma/enums.ts';
import { calendarDate, resolveRange } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { getPupilForRead, pupilSummary } from './policy.ts';

/** Longest period one attendance request may cover. */
export const MAX_ATTENDANCE_RANGE_DAYS = 400;

export const listPupilAttendanceInput = z
  .object({
    pupilId: id,
    /** First day (default: 30 days before `to`). */
    from: calendarDate.optional(),
    /** Last day (default: today). */
    to: calendarDate.optional(),
  })
  .strict();
export type ListPupilAttendanceInput = z.input<typeof listPupilAttendanceInput>;

interface AttendanceHistoryRow {
  date: Date;
  lessonId: number;
  lessonNumber: number;
  subjectId: number;
  subjectKy: string;
  subjectRu: string;
  status: AttendanceStatus;
  lateMinutes: number | null;
  reason: string | null;
}

/**
 * A pupil's attendance for a period (R6, R16), newest first, with totals per status
 * (катышты / кечикти / келген жок / себептүү).
 * @throws DomainError VALIDATION_FAILED (rangeReversed | rangeTooLong) | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const listPupilAttendance = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listPupilAttendanceInput, raw);
  const pupil = await getPupilForRead(deps.db, actor, input.pupilId);
  const today = dateOnly(localToday(deps.now(), pupil.timeZone));
  const { from, to } = resolveRange(
    input,
    { today, daysBefore: 30, daysAfter: 0 },
    MAX_ATTENDANCE_RANGE_DAYS,
  );
  const rows = await deps.db.$queryRaw<AttendanceHistoryRow[]>`
    SELECT a.date, a.lesson_id AS "lessonId", l.lesson_number AS "lessonNumber",
           l.subject_id AS "subjectId", s.name_ky AS "subjectKy", s.name_ru AS "subjectRu",
           a.status, a.late_minutes AS "lateMinutes", a.reason
    FROM attendance a
    JOIN lesson l ON l.id = a.lesson_id
    JOIN subject s ON s.id = l.subject_id
    WHERE a.pupil_id = ${pupil.id}
      AND a.date BETWEEN ${toIsoDate(from)}::date AND ${toIsoDate(to)}::date
    ORDER BY a.date DESC, l.lesson_number DESC, a.id DESC`;
  const totals: Record<AttendanceStatus, number> = { PRESENT: 0, LATE: 0, ABSENT: 0, EXCUSED: 0 };
  for (const row of rows) totals[row.status] += 1;
  return {
    pupil: pupilSummary(pupil),
    from: toIsoDate(from),
    to: toIsoDate(to),
    totals,
    entries: rows.map((r) => ({
      date: toIsoDate(r.date),
      lessonId: r.lessonId,
      lessonNumber: r.lessonNumber,
      subject: { id: r.subjectId, nameKy: r.subjectKy, nameRu: r.subjectRu },
      status: r.status,
      lateMinutes: r.lateMinutes,
      reason: r.reason,
    })),
  };
};
