import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DbOrTx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { id, isoDate, parseInput } from '../validation.ts';
import { roundToScale, weightedAverage } from './averages.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { AttendanceStatus, MarkKind, TermKind } from '../generated/prisma/enums.ts';
import { byKyrgyzName, className } from './people.ts';
import { assertCanReadJournalPage } from './policy.ts';
import { membersOf } from './membership.ts';
import { findScheme } from './scheme.ts';
import { dateRange, findQuarterAt, loadTermOfYear } from './terms.ts';

export const getClassJournalInput = z
  .object({
    classGroupId: id,
    subjectId: id,
    /** A quarter, half-year or the year; or give `from` and `to`; neither: today's quarter. */
    termId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Only this pupil's row (the page after one cell changed; `hasAttendance` then speaks of them). */
    pupilId: id.optional(),
  })
  .strict();
export type GetClassJournalInput = z.input<typeof getClassJournalInput>;

interface MarkRow {
  id: number;
  lessonId: number;
  pupilId: number;
  value: number;
  kind: MarkKind;
  weight: number;
  comment: string | null;
}

interface AttendanceRow {
  lessonId: number;
  pupilId: number;
  status: AttendanceStatus;
  lateMinutes: number | null;
  reason: string | null;
}

interface Period {
  from: Date;
  to: Date;
  termId: number | null;
  termKind: TermKind | null;
}

/** @throws DomainError VALIDATION_FAILED (rangeRequired, rangeReversed, rangeTooLong, termNotInYear) | NOT_FOUND */
const periodOf = async (
  db: DbOrTx,
  input: z.output<typeof getClassJournalInput>,
  yearId: number,
  today: Date,
): Promise<Period> => {
  if (input.termId !== undefined) {
    const term = await loadTermOfYear(db, input.termId, yearId);
    return { from: term.startsOn, to: term.endsOn, termId: term.id, termKind: term.kind };
  }
  if (input.from !== undefined && input.to !== undefined)
    return { ...dateRange(input.from, input.to), termId: null, termKind: null };
  if (input.from !== undefined || input.to !== undefined)
    throw invalid([input.from ? 'to' : 'from'], 'rangeRequired');
  const quarter = await findQuarterAt(db, yearId, today);
  if (!quarter) throw invalid(['termId'], 'rangeRequired');
  return { from: quarter.startsOn, to: quarter.endsOn, termId: quarter.id, termKind: quarter.kind };
};

/**
 * One subject's page of a class journal, like the paper journal (R13): the pupils who were in
 * the class on the page's dates (class memberships; a transferred pupil stays on past pages, a
 * newcomer appears from the transfer date), in Kyrgyz alphabetical order × the lessons of the period, each cell with the pupil's current marks and
 * attendance status (the UI shows the letter for its language), and each pupil's weighted average
 * (R22) and term final marks (a number, or н/а / бош as `result`; withdrawn ones left out). For the subject's teacher, the class teacher, administration,
 * psychologist and doctor.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getClassJournal = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getClassJournalInput, raw);
  const db = deps.db;
  const cls = await db.classGroup.findUnique({
    where: { id: input.classGroupId },
    select: {
      id: true,
      schoolId: true,
      yearId: true,
      letter: true,
      gradeLevel: { select: { grade: true } },
      school: { select: { timeZone: true, yearMarkRule: true } },
    },
  });
  if (!cls) throw notFound('class');
  assertCanReadJournalPage(actor, {
    schoolId: cls.schoolId,
    classGroupId: cls.id,
    subjectId: input.subjectId,
  });
  const subject = await db.subject.findUnique({
    where: { id: input.subjectId },
    select: { id: true, schoolId: true, code: true, nameKy: true, nameRu: true },
  });
  if (!subject || subject.schoolId !== cls.schoolId) throw invalid(['subjectId'], 'unknownSubject');
  const period = await periodOf(
    db,
    input,
    cls.yearId,
    dateOnly(localToday(deps.now(), cls.school.timeZone)),
  );

  // Marks and attendance of the page by the lessons' class, subject and dates (not by a list of
  // lesson ids): they load beside the lessons, and raw rows spare Prisma's per-row decoding of
  // thousands of cells — the page is the journal's hottest read.
  const from = toIsoDate(period.from);
  const to = toIsoDate(period.to);
  const onePupil = (column: Prisma.Sql) =>
    input.pupilId !== undefined ? Prisma.sql`AND ${column} = ${input.pupilId}` : Prisma.empty;
  const [pupils, lessons, scheme, terms, marks, attendance] = await Promise.all([
    db.pupil.findMany({
      where: {
        ...membersOf(cls.id, period.from, period.to),
        ...(input.pupilId !== undefined ? { id: input.pupilId } : {}),
      },
      select: { id: true, lastName: true, firstName: true, patronymic: true },
    }),
    db.lesson.findMany({
      where: {
        classGroupId: cls.id,
        subjectId: subject.id,
        date: { gte: period.from, lte: period.to },
      },
      orderBy: [{ date: 'asc' }, { lessonNumber: 'asc' }],
      select: {
        id: true,
        date: true,
        lessonNumber: true,
        topic: true,
        homework: true,
        subgroupId: true,
      },
    }),
    findScheme(db, cls.schoolId, cls.yearId, cls.gradeLevel.grade),
    db.term.findMany({
      where: { yearId: cls.yearId },
      orderBy: [{ startsOn: 'asc' }, { endsOn: 'desc' }],
      select: { id: true, kind: true, number: true, startsOn: true, endsOn: true },
    }),
    db.$queryRaw<MarkRow[]>`
      SELECT m.id, m.lesson_id AS "lessonId", m.pupil_id AS "pupilId", m.value,
             m.kind::text AS kind, m.weight, m.comment
      FROM mark m JOIN lesson l ON l.id = m.lesson_id
      WHERE l.class_group_id = ${cls.id} AND l.subject_id = ${subject.id}
        AND l.date BETWEEN ${from}::date AND ${to}::date AND m.deleted_at IS NULL
        ${onePupil(Prisma.sql`m.pupil_id`)}
      ORDER BY m.id`,
    db.$queryRaw<AttendanceRow[]>`
      SELECT a.lesson_id AS "lessonId", a.pupil_id AS "pupilId", a.status::text AS status,
             a.late_minutes AS "lateMinutes", a.reason
      FROM attendance a JOIN lesson l ON l.id = a.lesson_id
      WHERE l.class_group_id = ${cls.id} AND l.subject_id = ${subject.id}
        AND l.date BETWEEN ${from}::date AND ${to}::date
        ${onePupil(Prisma.sql`a.pupil_id`)}`,
  ]);
  // The suggestion of suggestFinalMark for a quarter or half-year: the weighted average of the
  // term's marks, rounded to the scale; for the year only when the school's rule is ALL_MARKS
  // (with TERM_FINALS the year's mark comes from the term finals, not from this page's marks).
  const suggests =
    period.termKind === 'QUARTER' ||
    period.termKind === 'HALF' ||
    (period.termKind === 'YEAR' && cls.school.yearMarkRule === 'ALL_MARKS');
  const finals =
    period.termId === null
      ? []
      : await db.finalMark.findMany({
          where: {
            termId: period.termId,
            subjectId: subject.id,
            pupilId: { in: pupils.map((p) => p.id) },
            withdrawnAt: null,
          },
          select: { pupilId: true, kind: true, value: true, result: true },
        });

  const cellKey = (lessonId: number, pupilId: number) => `${lessonId}:${pupilId}`;
  const marksByCell = new Map<string, typeof marks>();
  for (const mark of marks) {
    const key = cellKey(mark.lessonId, mark.pupilId);
    const list = marksByCell.get(key);
    if (list) list.push(mark);
    else marksByCell.set(key, [mark]);
  }
  const attendanceByCell = new Map(attendance.map((a) => [cellKey(a.lessonId, a.pupilId), a]));
  const lessonsWithAttendance = new Set(attendance.map((a) => a.lessonId));

  return {
    classGroup: {
      id: cls.id,
      name: className(cls),
      grade: cls.gradeLevel.grade,
      letter: cls.letter,
    },
    subject: { id: subject.id, code: subject.code, nameKy: subject.nameKy, nameRu: subject.nameRu },
    period: { from: toIsoDate(period.from), to: toIsoDate(period.to), termId: period.termId },
    /** The kind of term the page shows (null for a free date range). */
    termKind: period.termKind,
    /** The terms of the class's school year, for choosing the page's period. */
    terms: terms.map((t) => ({
      id: t.id,
      kind: t.kind,
      number: t.number,
      from: toIsoDate(t.startsOn),
      to: toIsoDate(t.endsOn),
    })),
    scale: scheme.scale,
    lessons: lessons.map((l) => ({
      id: l.id,
      date: toIsoDate(l.date),
      lessonNumber: l.lessonNumber,
      subgroupId: l.subgroupId,
      topic: l.topic,
      homework: l.homework,
      hasAttendance: lessonsWithAttendance.has(l.id),
    })),
    pupils: [...pupils].sort(byKyrgyzName).map((pupil) => {
      const cells = lessons.map((l) => {
        const att = attendanceByCell.get(cellKey(l.id, pupil.id));
        return {
          lessonId: l.id,
          marks: (marksByCell.get(cellKey(l.id, pupil.id)) ?? []).map(
            ({ id: markId, value, kind, weight, comment }) => ({
              id: markId,
              value,
              kind,
              weight,
              comment,
            }),
          ),
          attendance: att
            ? { status: att.status, lateMinutes: att.lateMinutes, reason: att.reason }
            : null,
        };
      });
      const { average, count } = weightedAverage(
        scheme,
        cells.flatMap((c) => c.marks),
      );
      return {
        id: pupil.id,
        lastName: pupil.lastName,
        firstName: pupil.firstName,
        patronymic: pupil.patronymic,
        average,
        marksCount: count,
        /** The rounded suggestion for the term's final mark (quarters and half-years). */
        suggestedFinal: suggests ? roundToScale(scheme, average) : null,
        finalMarks: finals
          .filter((f) => f.pupilId === pupil.id)
          .map(({ kind, value, result }) => ({ kind, value, result })),
        cells,
      };
    }),
  };
};
