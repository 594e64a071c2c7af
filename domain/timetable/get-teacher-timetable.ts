import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { dateOnly, isoWeekday, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { id, parseInput } from '../validation.ts';
import { calendarDate, classLabel, schoolDays, schoolWeek, type TermSpan } from './calendar.ts';
import { assertCanReadTeacherTimetable } from './policy.ts';
import {
  bellTimes,
  loadBells,
  slotIsOn,
  substitutionView,
  SUBSTITUTION_COLUMNS,
  type Person,
  type SlotRow,
  type SubjectName,
  type SubstitutionRow,
} from './schedule.ts';
import { kyrgyzCompare } from '../collation.ts';

export const getTeacherTimetableInput = z
  .object({
    teacherId: id,
    /** Any day of the wanted week; this week when omitted. */
    date: calendarDate.optional(),
  })
  .strict();
export type GetTeacherTimetableInput = z.input<typeof getTeacherTimetableInput>;

type TeacherSlotRow = Omit<SlotRow, 'teacherLast' | 'teacherFirst' | 'teacherPatronymic'> & {
  grade: number;
  letter: string;
  shift: number;
};
type TeacherSubstitutionRow = SubstitutionRow & { grade: number; letter: string; shift: number };

export interface TeacherTimetableLesson {
  lessonNumber: number;
  shift: number;
  startsAt: string | null;
  endsAt: string | null;
  classGroup: { id: number; name: string };
  subgroup: { id: number; name: string } | null;
  subject: SubjectName;
  room: string | null;
  /** This lesson is someone else's, covered by this teacher. */
  isSubstitution: boolean;
  /** For a covered lesson: whose lesson it is. */
  absentTeacher: Person | null;
  /** For the teacher's own lesson: who covers it while they are absent. */
  coveredBy: Person | null;
}

/**
 * A teacher's week (Monday–Saturday containing `date`): their own lessons by the timetable, each
 * marked when a substitute covers it, and the lessons they cover for absent colleagues (R26).
 * For the teacher themself and the school's administration.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getTeacherTimetable = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getTeacherTimetableInput, raw);
  const { db } = deps;
  requireUser(actor);
  const teacher = await db.user.findUnique({
    where: { id: input.teacherId },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      schoolId: true,
      school: { select: { timeZone: true } },
      roles: { select: { schoolId: true } },
    },
  });
  const schoolId = teacher?.schoolId;
  if (
    !teacher ||
    !schoolId ||
    !teacher.school ||
    !teacher.roles.some((r) => r.schoolId === schoolId)
  ) {
    throw notFound('teacher');
  }
  assertCanReadTeacherTimetable(actor, { id: teacher.id, schoolId });

  const dates = schoolWeek(dateOnly(input.date ?? localToday(deps.now(), teacher.school.timeZone)));
  const from = toIsoDate(dates[0] ?? new Date(0));
  const to = toIsoDate(dates[dates.length - 1] ?? new Date(0));
  const [slots, substitutions, bells, terms] = await Promise.all([
    db.$queryRaw<TeacherSlotRow[]>`
      SELECT ts.id, ts.class_group_id AS "classGroupId", ts.subgroup_id AS "subgroupId",
             sg.name AS "subgroupName", ts.weekday, ts.lesson_number AS "lessonNumber",
             ts.subject_id AS "subjectId", s.name_ky AS "subjectKy", s.name_ru AS "subjectRu",
             ts.teacher_id AS "teacherId", ts.room, ts.valid_from AS "validFrom", ts.valid_to AS "validTo",
             gl.grade, cg.letter, cg.shift
      FROM timetable_slot ts
      JOIN subject s ON s.id = ts.subject_id
      JOIN class_group cg ON cg.id = ts.class_group_id
      JOIN grade_level gl ON gl.id = cg.grade_level_id
      LEFT JOIN subgroup sg ON sg.id = ts.subgroup_id
      WHERE ts.teacher_id = ${teacher.id}
        AND ts.valid_from <= ${to}::date
        AND (ts.valid_to IS NULL OR ts.valid_to >= ${from}::date)`,
    db.$queryRaw<TeacherSubstitutionRow[]>`
      SELECT ${SUBSTITUTION_COLUMNS}, gl.grade, cg.letter, cg.shift
      FROM substitution x
      JOIN subject s ON s.id = x.subject_id
      JOIN app_user a ON a.id = x.absent_teacher_id
      JOIN app_user b ON b.id = x.substitute_teacher_id
      JOIN class_group cg ON cg.id = x.class_group_id
      JOIN grade_level gl ON gl.id = cg.grade_level_id
      WHERE (x.absent_teacher_id = ${teacher.id} OR x.substitute_teacher_id = ${teacher.id})
        AND x.date BETWEEN ${from}::date AND ${to}::date`,
    loadBells(db, schoolId),
    db.$queryRaw<TermSpan[]>`
      SELECT t.kind, t.starts_on AS "startsOn", t.ends_on AS "endsOn"
      FROM term t JOIN academic_year y ON y.id = t.year_id
      WHERE y.school_id = ${schoolId} AND t.starts_on <= ${to}::date AND t.ends_on >= ${from}::date`,
  ]);
  const isSchoolDay = schoolDays(terms);
  const bell = bellTimes(bells);

  const days = dates.map((date) => {
    const iso = toIsoDate(date);
    const subs = substitutions.filter((x) => toIsoDate(x.date) === iso);
    const own = (isSchoolDay(date) ? slots.filter((s) => slotIsOn(s, date)) : []).map(
      (s): TeacherTimetableLesson => {
        const cover = subs.find(
          (x) =>
            x.classGroupId === s.classGroupId &&
            x.lessonNumber === s.lessonNumber &&
            x.absentId === teacher.id,
        );
        return {
          lessonNumber: s.lessonNumber,
          shift: s.shift,
          ...bell(s.shift, s.lessonNumber),
          classGroup: { id: s.classGroupId, name: classLabel(s.grade, s.letter) },
          subgroup: s.subgroupId !== null ? { id: s.subgroupId, name: s.subgroupName ?? '' } : null,
          subject: { id: s.subjectId, nameKy: s.subjectKy, nameRu: s.subjectRu },
          room: s.room,
          isSubstitution: false,
          absentTeacher: null,
          coveredBy: cover ? substitutionView(cover).substituteTeacher : null,
        };
      },
    );
    const covering = subs
      .filter((x) => x.substituteId === teacher.id)
      .map((x): TeacherTimetableLesson => {
        const view = substitutionView(x);
        return {
          lessonNumber: x.lessonNumber,
          shift: x.shift,
          ...bell(x.shift, x.lessonNumber),
          classGroup: { id: x.classGroupId, name: classLabel(x.grade, x.letter) },
          subgroup: null,
          subject: view.subject,
          room: x.room,
          isSubstitution: true,
          absentTeacher: view.absentTeacher,
          coveredBy: null,
        };
      });
    const lessons = [...own, ...covering].sort(
      (a, b) =>
        a.shift - b.shift ||
        a.lessonNumber - b.lessonNumber ||
        kyrgyzCompare(a.classGroup.name, b.classGroup.name),
    );
    return { date: iso, weekday: isoWeekday(date), isSchoolDay: isSchoolDay(date), lessons };
  });

  return {
    teacher: {
      id: teacher.id,
      lastName: teacher.lastName,
      firstName: teacher.firstName,
      patronymic: teacher.patronymic,
    },
    weekStart: from,
    weekEnd: to,
    days,
  };
};
