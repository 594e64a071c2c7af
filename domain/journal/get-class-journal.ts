import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DbOrTx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { id, isoDate, parseInput } from '../validation.ts';
import { roundToScale, weightedAverage } from './averages.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type {
  AttendanceStatus,
  FinalMarkKind,
  FinalMarkResult,
  MarkKind,
  TermKind,
} from '../generated/prisma/enums.ts';
import { byKyrgyzName, className } from './people.ts';
import { assertCanReadJournalPage } from './policy.ts';
import { membersOf } from './membership.ts';
import { findScheme } from './scheme.ts';
import { dateRange, loadTermOfYear } from './terms.ts';

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

type LessonTuple = [number, string, number, string | null, string | null, number | null];
type MarkTuple = [number, number, number, number, MarkKind, number, string | null];
type TermTuple = [number, TermKind, number, string, string];
type FinalTuple = [number, FinalMarkKind, number | null, FinalMarkResult];
type AttendanceTuple = [number, number, AttendanceStatus, number | null, string | null];

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

interface TermRow {
  id: number;
  kind: TermKind;
  number: number;
  startsOn: Date;
  endsOn: Date;
}

/**
 * The page's period, chosen among the terms of the class's year (loaded for the page's term
 * switch anyway, so a term costs no query of its own).
 * @throws DomainError VALIDATION_FAILED (rangeRequired, rangeReversed, rangeTooLong, termNotInYear) | NOT_FOUND
 */
const periodOf = async (
  db: DbOrTx,
  input: z.output<typeof getClassJournalInput>,
  yearId: number,
  terms: TermRow[],
  today: Date,
): Promise<Period> => {
  if (input.termId !== undefined) {
    const term =
      terms.find((t) => t.id === input.termId) ??
      // Not of this year: the shared check tells "no such term" from "another year's term".
      (await loadTermOfYear(db, input.termId, yearId));
    return { from: term.startsOn, to: term.endsOn, termId: term.id, termKind: term.kind };
  }
  if (input.from !== undefined && input.to !== undefined)
    return { ...dateRange(input.from, input.to), termId: null, termKind: null };
  if (input.from !== undefined || input.to !== undefined)
    throw invalid([input.from ? 'to' : 'from'], 'rangeRequired');
  const t = today.getTime();
  const quarter = terms.find(
    (q) => q.kind === 'QUARTER' && q.startsOn.getTime() <= t && q.endsOn.getTime() >= t,
  );
  if (!quarter) throw invalid(['termId'], 'rangeRequired');
  return { from: quarter.startsOn, to: quarter.endsOn, termId: quarter.id, termKind: quarter.kind };
};

/** The class with its grade and school, and the subject asked for (null unless of that school). */
interface ClassRow {
  id: number;
  schoolId: number;
  yearId: number;
  letter: string;
  grade: number;
  timeZone: string;
  yearMarkRule: string;
  subjectId: number | null;
  /** JSON array of TermTuple, the year's terms in order. */
  terms: string;
  subjectCode: string | null;
  nameKy: string | null;
  nameRu: string | null;
}

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
  // The class, its grade and school, the subject and the year's terms in one round trip (the page and every
  // row re-read after a save start here); access is checked before anything else is read.
  const [row] = await db.$queryRaw<ClassRow[]>`
    SELECT cg.id, cg.school_id AS "schoolId", cg.year_id AS "yearId", cg.letter, gl.grade,
           s.time_zone AS "timeZone", s.year_mark_rule::text AS "yearMarkRule",
           sub.id AS "subjectId", sub.code AS "subjectCode", sub.name_ky AS "nameKy",
           sub.name_ru AS "nameRu",
           (SELECT coalesce(json_agg(json_build_array(t.id, t.kind, t.number,
                     to_char(t.starts_on, 'YYYY-MM-DD'), to_char(t.ends_on, 'YYYY-MM-DD'))
                     ORDER BY t.starts_on, t.ends_on DESC), '[]')
            FROM term t WHERE t.year_id = cg.year_id)::text AS terms
    FROM class_group cg
    JOIN grade_level gl ON gl.id = cg.grade_level_id
    JOIN school s ON s.id = cg.school_id
    LEFT JOIN subject sub ON sub.id = ${input.subjectId} AND sub.school_id = cg.school_id
    WHERE cg.id = ${input.classGroupId}`;
  if (!row) throw notFound('class');
  const cls = {
    id: row.id,
    schoolId: row.schoolId,
    yearId: row.yearId,
    letter: row.letter,
    gradeLevel: { grade: row.grade },
    school: { timeZone: row.timeZone, yearMarkRule: row.yearMarkRule },
  };
  assertCanReadJournalPage(actor, {
    schoolId: cls.schoolId,
    classGroupId: cls.id,
    subjectId: input.subjectId,
  });
  if (row.subjectId === null) throw invalid(['subjectId'], 'unknownSubject');
  const subject = {
    id: row.subjectId,
    code: row.subjectCode ?? '',
    nameKy: row.nameKy ?? '',
    nameRu: row.nameRu ?? '',
  };
  const terms = (JSON.parse(row.terms) as TermTuple[]).map(
    ([termId, kind, number, startsOn, endsOn]): TermRow => ({
      id: termId,
      kind,
      number,
      startsOn: dateOnly(startsOn),
      endsOn: dateOnly(endsOn),
    }),
  );
  const period = await periodOf(
    db,
    input,
    cls.yearId,
    terms,
    dateOnly(localToday(deps.now(), cls.school.timeZone)),
  );

  // Marks and attendance of the page by the lessons' class, subject and dates (not by a list of
  // lesson ids): they load beside the lessons, and raw rows spare Prisma's per-row decoding of
  // thousands of cells — the page is the journal's hottest read.
  const from = toIsoDate(period.from);
  const to = toIsoDate(period.to);
  const onePupil = (column: Prisma.Sql) =>
    input.pupilId !== undefined ? Prisma.sql`AND ${column} = ${input.pupilId}` : Prisma.empty;
  const [scheme, pupils, { lessons, marks, attendance, termFinals }] = await Promise.all([
    findScheme(db, cls.schoolId, cls.yearId, cls.gradeLevel.grade),
    db.pupil.findMany({
      where: {
        ...membersOf(cls.id, period.from, period.to),
        ...(input.pupilId !== undefined ? { id: input.pupilId } : {}),
      },
      select: { id: true, lastName: true, firstName: true, patronymic: true },
    }),
    // Lessons, marks and attendance of the page in one round trip, each as one JSON text of
    // arrays: decoding thousands of cells row by row (Prisma's raw rows) cost more CPU than the
    // page's whole render.
    db.$queryRaw<{ lessons: string; marks: string; attendance: string; finals: string }[]>`
      WITH l AS (
        SELECT id, date, lesson_number, topic, homework, subgroup_id FROM lesson
        WHERE class_group_id = ${cls.id} AND subject_id = ${subject.id}
          AND date BETWEEN ${from}::date AND ${to}::date
      )
      SELECT
        (SELECT coalesce(json_agg(json_build_array(l.id, to_char(l.date, 'YYYY-MM-DD'), l.lesson_number, l.topic,
                  l.homework, l.subgroup_id) ORDER BY l.date, l.lesson_number), '[]')
         FROM l)::text AS lessons,
        (SELECT coalesce(json_agg(json_build_array(m.id, m.lesson_id, m.pupil_id, m.value,
                  m.kind, m.weight, m.comment) ORDER BY m.id), '[]')
         FROM mark m JOIN l ON l.id = m.lesson_id
         WHERE m.deleted_at IS NULL ${onePupil(Prisma.sql`m.pupil_id`)})::text AS marks,
        (SELECT coalesce(json_agg(json_build_array(a.lesson_id, a.pupil_id, a.status,
                  a.late_minutes, a.reason)), '[]')
         FROM attendance a JOIN l ON l.id = a.lesson_id
         WHERE true ${onePupil(Prisma.sql`a.pupil_id`)})::text AS attendance,
        -- The term's final marks of the subject (none for a date range); only the page's
        -- pupils' are used.
        (SELECT coalesce(json_agg(json_build_array(f.pupil_id, f.kind, f.value, f.result)), '[]')
         FROM final_mark f
         WHERE f.term_id = ${period.termId} AND f.subject_id = ${subject.id}
           AND f.withdrawn_at IS NULL ${onePupil(Prisma.sql`f.pupil_id`)})::text AS finals`.then(
      ([row]) => ({
        lessons: (JSON.parse(row?.lessons ?? '[]') as LessonTuple[]).map(
          ([id, date, lessonNumber, topic, homework, subgroupId]) => ({
            id,
            date,
            lessonNumber,
            topic,
            homework,
            subgroupId,
          }),
        ),
        marks: (JSON.parse(row?.marks ?? '[]') as MarkTuple[]).map(
          ([id, lessonId, pupilId, value, kind, weight, comment]): MarkRow => ({
            id,
            lessonId,
            pupilId,
            value,
            kind,
            weight,
            comment,
          }),
        ),
        attendance: (JSON.parse(row?.attendance ?? '[]') as AttendanceTuple[]).map(
          ([lessonId, pupilId, status, lateMinutes, reason]): AttendanceRow => ({
            lessonId,
            pupilId,
            status,
            lateMinutes,
            reason,
          }),
        ),
        termFinals: (JSON.parse(row?.finals ?? '[]') as FinalTuple[]).map(
          ([pupilId, kind, value, result]) => ({ pupilId, kind, value, result }),
        ),
      }),
    ),
  ]);
  // The suggestion of suggestFinalMark for a quarter or half-year: the weighted average of the
  // term's marks, rounded to the scale; for the year only when the school's rule is ALL_MARKS
  // (with TERM_FINALS the year's mark comes from the term finals, not from this page's marks).
  const suggests =
    period.termKind === 'QUARTER' ||
    period.termKind === 'HALF' ||
    (period.termKind === 'YEAR' && cls.school.yearMarkRule === 'ALL_MARKS');
  const finalsByPupil = new Map<number, Omit<(typeof termFinals)[number], 'pupilId'>[]>();
  for (const { pupilId, kind, value, result } of termFinals) {
    const list = finalsByPupil.get(pupilId);
    if (list) list.push({ kind, value, result });
    else finalsByPupil.set(pupilId, [{ kind, value, result }]);
  }

  // Each pupil's row of cells, filled by lesson position (no per-cell keys or lookups: the page
  // has thousands of cells).
  const lessonAt = new Map(lessons.map((l, i) => [l.id, i]));
  const rows = new Map(
    pupils.map((p) => [
      p.id,
      lessons.map((l) => ({
        lessonId: l.id,
        marks: [] as Pick<MarkRow, 'id' | 'value' | 'kind' | 'weight' | 'comment'>[],
        attendance: null as Pick<AttendanceRow, 'status' | 'lateMinutes' | 'reason'> | null,
      })),
    ]),
  );
  const marksOf = new Map<number, Pick<MarkRow, 'kind' | 'weight' | 'value'>[]>();
  for (const { id: markId, lessonId, pupilId, value, kind, weight, comment } of marks) {
    const cell = rows.get(pupilId)?.[lessonAt.get(lessonId) ?? -1];
    if (!cell) continue;
    const mark = { id: markId, value, kind, weight, comment };
    cell.marks.push(mark);
    const list = marksOf.get(pupilId);
    if (list) list.push(mark);
    else marksOf.set(pupilId, [mark]);
  }
  const lessonsWithAttendance = new Set<number>();
  for (const { lessonId, pupilId, status, lateMinutes, reason } of attendance) {
    lessonsWithAttendance.add(lessonId);
    const cell = rows.get(pupilId)?.[lessonAt.get(lessonId) ?? -1];
    if (cell) cell.attendance = { status, lateMinutes, reason };
  }

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
      date: l.date,
      lessonNumber: l.lessonNumber,
      subgroupId: l.subgroupId,
      topic: l.topic,
      homework: l.homework,
      hasAttendance: lessonsWithAttendance.has(l.id),
    })),
    pupils: [...pupils].sort(byKyrgyzName).map((pupil) => {
      const cells = rows.get(pupil.id) ?? [];
      const { average, count } = weightedAverage(scheme, marksOf.get(pupil.id) ?? []);
      return {
        id: pupil.id,
        lastName: pupil.lastName,
        firstName: pupil.firstName,
        patronymic: pupil.patronymic,
        average,
        marksCount: count,
        /** The rounded suggestion for the term's final mark (quarters and half-years). */
        suggestedFinal: suggests ? roundToScale(scheme, average) : null,
        finalMarks: finalsByPupil.get(pupil.id) ?? [],
        cells,
      };
    }),
  };
};
