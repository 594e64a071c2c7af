import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { AttendanceStatus } from '../generated/prisma/enums.ts';
import { FINAL_KIND_OF_TERM } from '../journal/final-kind.ts';
import { roundToScale, weightedAverage } from '../journal/averages.ts';
import { findScheme } from '../journal/scheme.ts';
import { id, parseInput } from '../validation.ts';
import { fivesToNextMark } from './fives-needed.ts';
import { getPupilForRead, pupilSummary } from './policy.ts';

export const getPupilTermSummaryInput = z.object({ pupilId: id, termId: id }).strict();
export type GetPupilTermSummaryInput = z.input<typeof getPupilTermSummaryInput>;

const KYRGYZ = new Intl.Collator('ky');

/**
 * A pupil's term (quarter, half-year or year) by subject (R16, R22): current marks, the weighted
 * average (each mark with the weight stored on it), the final mark if set (a number, or н/а /
 * бош; withdrawn finals are left out), absences and
 * lates, and how many 5s would lift the average to the next whole mark. Subjects of the class's
 * teaching load appear even without marks.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getPupilTermSummary = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getPupilTermSummaryInput, raw);
  const { db } = deps;
  const pupil = await getPupilForRead(db, actor, input.pupilId);
  const term = await db.term.findUnique({
    where: { id: input.termId },
    select: {
      id: true,
      kind: true,
      number: true,
      startsOn: true,
      endsOn: true,
      yearId: true,
      year: { select: { schoolId: true } },
    },
  });
  if (!term || term.year.schoolId !== pupil.schoolId) throw notFound('term');
  const period = { gte: term.startsOn, lte: term.endsOn };

  const [marks, finals, absences, assigned, scheme] = await Promise.all([
    db.mark.findMany({
      where: { pupilId: pupil.id, date: period, deletedAt: null },
      select: {
        id: true,
        subjectId: true,
        date: true,
        value: true,
        kind: true,
        weight: true,
        comment: true,
      },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
    }),
    db.finalMark.findMany({
      where: { pupilId: pupil.id, termId: term.id, withdrawnAt: null },
      select: { subjectId: true, kind: true, value: true, result: true },
    }),
    db.$queryRaw<{ subjectId: number; status: AttendanceStatus; count: number }[]>`
      SELECT l.subject_id AS "subjectId", a.status, count(*)::int AS count
      FROM attendance a JOIN lesson l ON l.id = a.lesson_id
      WHERE a.pupil_id = ${pupil.id}
        AND a.date BETWEEN ${toIsoDate(term.startsOn)}::date AND ${toIsoDate(term.endsOn)}::date
        AND a.status <> 'PRESENT'
      GROUP BY l.subject_id, a.status`,
    term.yearId === pupil.yearId
      ? db.teachingAssignment.findMany({
          where: { classGroupId: pupil.classGroupId, yearId: term.yearId },
          select: { subjectId: true },
        })
      : Promise.resolve([]),
    findScheme(db, pupil.schoolId, term.yearId, pupil.grade),
  ]);

  const subjectIds = [
    ...new Set([...assigned, ...marks, ...finals, ...absences].map((r) => r.subjectId)),
  ];
  const subjects = await db.subject.findMany({
    where: { id: { in: subjectIds } },
    select: { id: true, nameKy: true, nameRu: true },
  });

  const countOf = (subjectId: number, status: AttendanceStatus) =>
    absences.find((a) => a.subjectId === subjectId && a.status === status)?.count ?? 0;

  return {
    pupil: pupilSummary(pupil),
    term: {
      id: term.id,
      kind: term.kind,
      number: term.number,
      startsOn: toIsoDate(term.startsOn),
      endsOn: toIsoDate(term.endsOn),
    },
    scale: scheme.scale,
    subjects: subjects
      .sort((a, b) => KYRGYZ.compare(a.nameKy, b.nameKy) || a.id - b.id)
      .map((subject) => {
        const own = marks.filter((m) => m.subjectId === subject.id);
        const finalsOf = finals.filter((f) => f.subjectId === subject.id);
        const closing = finalsOf.find((f) => f.kind === FINAL_KIND_OF_TERM[term.kind]);
        return {
          subject,
          marks: own.map((m) => ({
            id: m.id,
            date: toIsoDate(m.date),
            value: m.value,
            kind: m.kind,
            weight: m.weight,
            comment: m.comment,
          })),
          average: weightedAverage(scheme, own).average,
          /** The term mark the average suggests (rounded as the teacher's suggestion is). */
          suggestedMark: roundToScale(scheme, weightedAverage(scheme, own).average),
          fivesToNextMark: fivesToNextMark(scheme, own),
          finalMark: closing?.value ?? null,
          /** MARK, NOT_ASSESSED (н/а) or EXEMPT (бош); null while no final is set. */
          finalResult: closing?.result ?? null,
          finalMarks: finalsOf.map((f) => ({ kind: f.kind, value: f.value, result: f.result })),
          absent: countOf(subject.id, 'ABSENT'),
          excused: countOf(subject.id, 'EXCUSED'),
          late: countOf(subject.id, 'LATE'),
        };
      }),
  };
};
