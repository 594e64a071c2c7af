/**
 * A school's base data as the sheets of the import format (FORMAT.md), so an export can be
 * edited and imported again — next year, or into another deployment — and an unchanged file
 * imports as "nothing changed".
 */
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DbOrTx } from '../db.ts';
import type { Language } from '../generated/prisma/enums.ts';
import { fullName } from './plan.ts';
import { nameIn, SHEET_KINDS, SHEETS, type SheetKind } from './format.ts';
import { classLabel } from './rows.ts';
import { kyrgyzCompare } from '../collation.ts';

export type BaseCell = string | number | Date | null;

export interface BaseSheet {
  kind: SheetKind;
  /** Sheet name and column headers in the chosen language. */
  name: string;
  headers: string[];
  rows: BaseCell[][];
}

const byLabel = (a: { grade: number; letter: string }, b: { grade: number; letter: string }) =>
  a.grade - b.grade || kyrgyzCompare(a.letter, b.letter);

/** The six sheets of the school's current year, headers in `language`. */
export const baseDataSheets = async (
  db: DbOrTx,
  schoolId: number,
  language: Language,
  now: Date,
): Promise<BaseSheet[]> => {
  const school = await db.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: { timeZone: true },
  });
  const year = await db.academicYear.findFirst({
    where: { schoolId, isCurrent: true },
    select: { id: true, startsOn: true },
  });
  const today = dateOnly(localToday(now, school.timeZone));
  const inForceFrom = year && year.startsOn > today ? year.startsOn : today;
  const yearId = year?.id ?? -1;

  // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
  const classes = await db.classGroup.findMany({
    where: { yearId },
    select: {
      letter: true,
      shift: true,
      gradeLevel: { select: { grade: true } },
      classTeacher: { select: { login: true, externalId: true } },
    },
  });
  const staff = await db.user.findMany({
    where: { schoolId, roles: { some: { schoolId } } },
    select: {
      externalId: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      login: true,
      phone: true,
      language: true,
      roles: { where: { schoolId }, select: { role: true } },
    },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
  });
  const subjects = await db.subject.findMany({
    where: { schoolId },
    select: { code: true, nameKy: true, nameRu: true },
    orderBy: { code: 'asc' },
  });
  const pupils = await db.pupil.findMany({
    where: { schoolId, classGroup: { yearId } },
    select: {
      externalId: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      birthDate: true,
      classGroup: { select: { letter: true, gradeLevel: { select: { grade: true } } } },
      guardians: {
        select: {
          user: {
            select: {
              lastName: true,
              firstName: true,
              patronymic: true,
              phone: true,
              language: true,
            },
          },
        },
        orderBy: { userId: 'asc' },
      },
    },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
  });
  const load = await db.teachingAssignment.findMany({
    where: { yearId },
    select: {
      hoursPerWeek: true,
      teacher: { select: { login: true, externalId: true } },
      subject: { select: { code: true } },
      classGroup: { select: { letter: true, gradeLevel: { select: { grade: true } } } },
    },
    orderBy: { id: 'asc' },
  });
  const slots = await db.timetableSlot.findMany({
    where: { classGroup: { yearId }, OR: [{ validTo: null }, { validTo: { gte: inForceFrom } }] },
    select: {
      weekday: true,
      lessonNumber: true,
      room: true,
      subject: { select: { code: true } },
      teacher: { select: { login: true, externalId: true } },
      classGroup: { select: { letter: true, gradeLevel: { select: { grade: true } } } },
    },
    orderBy: [{ classGroupId: 'asc' }, { weekday: 'asc' }, { lessonNumber: 'asc' }, { id: 'asc' }],
  });

  const label = (c: { letter: string; gradeLevel: { grade: number } }) =>
    classLabel({ grade: c.gradeLevel.grade, letter: c.letter });
  const who = (u: { login: string | null; externalId: string | null } | null) =>
    u ? (u.login ?? u.externalId) : null;
  const classOrder = (
    a: { letter: string; gradeLevel: { grade: number } },
    b: { letter: string; gradeLevel: { grade: number } },
  ) =>
    byLabel(
      { grade: a.gradeLevel.grade, letter: a.letter },
      { grade: b.gradeLevel.grade, letter: b.letter },
    );

  const rows: Record<SheetKind, BaseCell[][]> = {
    classes: classes
      .sort(classOrder)
      .map((c) => [c.gradeLevel.grade, c.letter, c.shift, who(c.classTeacher)]),
    staff: staff.map((s) => [
      s.externalId,
      s.lastName,
      s.firstName,
      s.patronymic,
      s.login,
      s.roles.map((r) => r.role).join(', '),
      s.phone,
      s.language,
    ]),
    subjects: subjects.map((s) => [s.code, s.nameKy, s.nameRu]),
    pupils: pupils
      .sort((a, b) => classOrder(a.classGroup, b.classGroup))
      .map((p) => {
        const [first, second] = p.guardians.map((g) => g.user);
        const parent = (u: typeof first) =>
          u ? [fullName(u), u.phone, u.language] : [null, null, null];
        return [
          p.externalId,
          p.lastName,
          p.firstName,
          p.patronymic,
          p.birthDate,
          label(p.classGroup),
          ...parent(first),
          ...parent(second),
        ];
      }),
    load: load
      .sort((a, b) => classOrder(a.classGroup, b.classGroup))
      .map((l) => [who(l.teacher), l.subject.code, label(l.classGroup), l.hoursPerWeek]),
    timetable: slots.map((s) => [
      label(s.classGroup),
      s.weekday,
      s.lessonNumber,
      s.subject.code,
      who(s.teacher),
      s.room,
    ]),
  };

  return SHEET_KINDS.map((kind) => ({
    kind,
    name: nameIn(SHEETS[kind], language),
    headers: SHEETS[kind].columns.map((c) => nameIn(c, language)),
    rows: rows[kind],
  }));
};

/** A cell for CSV: dates as "YYYY-MM-DD", empty cells as "". */
export const csvCell = (cell: BaseCell): string =>
  cell === null
    ? ''
    : cell instanceof Date
      ? toIsoDate(cell)
      : typeof cell === 'string'
        ? neutralizeFormula(cell)
        : String(cell);

/** What a spreadsheet reads as the start of a formula (or, for tab and CR, hides one behind). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula (CSV injection: `=HYPERLINK(…)`, `+cmd|…`) gets a
 * leading apostrophe, as Excel itself writes text that looks like a formula. The import strips
 * that apostrophe again (`cellText`), so "-Алия" or a phone "+996 555 …" round-trips unchanged.
 */
export const neutralizeFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);
