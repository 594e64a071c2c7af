/**
 * Reading the timetable: slots, bells and substitutions of a class for a date range, each in one
 * indexed query with the names it shows joined in, and the pure functions that turn them into
 * the lessons of a day. The diary builds its day and week views on these.
 */
import type { SqlReader } from '../db.ts';
import { isoWeekday, toIsoDate } from '../dates.ts';
import { Prisma } from '../generated/prisma/client.ts';

export interface Person {
  id: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

export interface SubjectName {
  id: number;
  nameKy: string;
  nameRu: string;
}

export interface Bell {
  shift: number;
  number: number;
  startsAt: string;
  endsAt: string;
}

export interface SlotRow {
  id: number;
  classGroupId: number;
  subgroupId: number | null;
  subgroupName: string | null;
  weekday: number;
  lessonNumber: number;
  subjectId: number;
  subjectKy: string;
  subjectRu: string;
  teacherId: number;
  teacherLast: string;
  teacherFirst: string;
  teacherPatronymic: string | null;
  room: string | null;
  validFrom: Date;
  validTo: Date | null;
}

export interface SubstitutionRow {
  id: number;
  classGroupId: number;
  date: Date;
  lessonNumber: number;
  subjectId: number;
  subjectKy: string;
  subjectRu: string;
  absentId: number;
  absentLast: string;
  absentFirst: string;
  absentPatronymic: string | null;
  substituteId: number;
  substituteLast: string;
  substituteFirst: string;
  substitutePatronymic: string | null;
  room: string | null;
  reason: string | null;
}

/** Columns of a substitution row (aliases x, s, a, b), shared by the class and teacher queries. */
export const SUBSTITUTION_COLUMNS = Prisma.sql`
  x.id, x.class_group_id AS "classGroupId", x.date, x.lesson_number AS "lessonNumber",
  x.subject_id AS "subjectId", s.name_ky AS "subjectKy", s.name_ru AS "subjectRu",
  x.absent_teacher_id AS "absentId", a.last_name AS "absentLast", a.first_name AS "absentFirst",
  a.patronymic AS "absentPatronymic", x.substitute_teacher_id AS "substituteId",
  b.last_name AS "substituteLast", b.first_name AS "substituteFirst",
  b.patronymic AS "substitutePatronymic", x.room, x.reason`;

/** Bell schedules of a school (all shifts). */
export const loadBells = (db: SqlReader, schoolId: number) =>
  db.$queryRaw<Bell[]>`
    SELECT shift, number, starts_at AS "startsAt", ends_at AS "endsAt"
    FROM bell_slot WHERE school_id = ${schoolId}`;

/**
 * Timetable slots of a class in force on any day of [from, to], with subject and teacher names.
 * Uses timetable_slot(class_group_id, weekday).
 */
export const classSlotsSql = (classGroupId: number, from: Date, to: Date) => Prisma.sql`
    SELECT ts.id, ts.class_group_id AS "classGroupId", ts.subgroup_id AS "subgroupId",
           sg.name AS "subgroupName", ts.weekday, ts.lesson_number AS "lessonNumber",
           ts.subject_id AS "subjectId", s.name_ky AS "subjectKy", s.name_ru AS "subjectRu",
           ts.teacher_id AS "teacherId", u.last_name AS "teacherLast", u.first_name AS "teacherFirst",
           u.patronymic AS "teacherPatronymic", ts.room, ts.valid_from AS "validFrom",
           ts.valid_to AS "validTo"
    FROM timetable_slot ts
    JOIN subject s ON s.id = ts.subject_id
    JOIN app_user u ON u.id = ts.teacher_id
    LEFT JOIN subgroup sg ON sg.id = ts.subgroup_id
    WHERE ts.class_group_id = ${classGroupId}
      AND ts.valid_from <= ${toIsoDate(to)}::date
      AND (ts.valid_to IS NULL OR ts.valid_to >= ${toIsoDate(from)}::date)`;

export const loadClassSlots = (db: SqlReader, classGroupId: number, from: Date, to: Date) =>
  db.$queryRaw<SlotRow[]>(classSlotsSql(classGroupId, from, to));

/** Substitutions of a class on the days of [from, to], with subject and both teachers' names. */
export const classSubstitutionsSql = (classGroupId: number, from: Date, to: Date) =>
  Prisma.sql`
    SELECT ${SUBSTITUTION_COLUMNS}
    FROM substitution x
    JOIN subject s ON s.id = x.subject_id
    JOIN app_user a ON a.id = x.absent_teacher_id
    JOIN app_user b ON b.id = x.substitute_teacher_id
    WHERE x.class_group_id = ${classGroupId}
      AND x.date BETWEEN ${toIsoDate(from)}::date AND ${toIsoDate(to)}::date`;

export const loadClassSubstitutions = (db: SqlReader, classGroupId: number, from: Date, to: Date) =>
  db.$queryRaw<SubstitutionRow[]>(classSubstitutionsSql(classGroupId, from, to));

/** Is the slot in force on `date` (weekday and validity period)? */
export const slotIsOn = (slot: Pick<SlotRow, 'weekday' | 'validFrom' | 'validTo'>, date: Date) =>
  slot.weekday === isoWeekday(date) &&
  slot.validFrom.getTime() <= date.getTime() &&
  (slot.validTo === null || slot.validTo.getTime() >= date.getTime());

/** Does a slot or lesson of this subgroup (or of the whole class) concern a pupil in `subgroupIds`? */
export const concernsPupil = (subgroupId: number | null, subgroupIds: readonly number[] | null) =>
  subgroupId === null || subgroupIds === null || subgroupIds.includes(subgroupId);

export const slotTeacher = (s: SlotRow): Person => ({
  id: s.teacherId,
  lastName: s.teacherLast,
  firstName: s.teacherFirst,
  patronymic: s.teacherPatronymic,
});

export const slotSubject = (s: SlotRow): SubjectName => ({
  id: s.subjectId,
  nameKy: s.subjectKy,
  nameRu: s.subjectRu,
});

export const substitutionView = (x: SubstitutionRow) => ({
  id: x.id,
  subject: { id: x.subjectId, nameKy: x.subjectKy, nameRu: x.subjectRu },
  absentTeacher: {
    id: x.absentId,
    lastName: x.absentLast,
    firstName: x.absentFirst,
    patronymic: x.absentPatronymic,
  },
  substituteTeacher: {
    id: x.substituteId,
    lastName: x.substituteLast,
    firstName: x.substituteFirst,
    patronymic: x.substitutePatronymic,
  },
  room: x.room,
});
export type SubstitutionView = ReturnType<typeof substitutionView>;

/** Bell times by shift and lesson number. */
export const bellTimes = (bells: readonly Bell[]) => {
  const byKey = new Map(bells.map((b) => [`${b.shift}:${b.number}`, b]));
  return (shift: number, lessonNumber: number) => {
    const bell = byKey.get(`${shift}:${lessonNumber}`);
    return { startsAt: bell?.startsAt ?? null, endsAt: bell?.endsAt ?? null };
  };
};

/** Groups rows by a key (insertion order kept). */
export const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
};

/**
 * Whether a substitution concerns one entry at its lesson number: the entry is taught by the
 * absent teacher (or already entered by the substitute), or it is the only whole-class entry and
 * the timetable names someone else because it changed since.
 */
export const substitutionApplies = (
  sub: Pick<SubstitutionRow, 'absentId' | 'substituteId'>,
  entry: { teacherId: number; subgroupId: number | null },
  entriesAtNumber: number,
) =>
  entry.teacherId === sub.absentId ||
  entry.teacherId === sub.substituteId ||
  (entriesAtNumber === 1 && entry.subgroupId === null);
