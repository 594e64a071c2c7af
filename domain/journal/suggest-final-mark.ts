import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { assertCanWriteJournal } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { roundToScale, weightedAverage } from './averages.ts';
import { expectedFinalKind } from './final-kind.ts';
import { classOfPupilDuring } from './membership.ts';
import { findScheme } from './scheme.ts';
import { averageOfTermFinals } from './year-mark.ts';
import { loadTermOfYear } from './terms.ts';

export const suggestFinalMarkInput = z.object({ pupilId: id, subjectId: id, termId: id }).strict();
export type SuggestFinalMarkInput = z.input<typeof suggestFinalMarkInput>;

/**
 * Suggests a pupil's final mark for a subject and term (R8, R22). For a quarter or half-year: the
 * weighted average of the pupil's current (non-deleted) marks dated inside the term, each with its
 * stored weight, rounded half up to the scale. For the year it follows the school's
 * `yearMarkRule`: TERM_FINALS (default) — the mean of the numeric quarter finals, or half-year
 * finals where there are no quarter ones (see averageOfTermFinals); ALL_MARKS — the weighted
 * average of every mark of the year. Returns the average, how many marks (or finals) it counts,
 * the `basis` used, and the final already recorded, if any. For the teacher of the subject in the
 * pupil's class during the term and the administration.
 * @throws DomainError VALIDATION_FAILED (termNotInYear, unknownSubject) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const suggestFinalMark = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(suggestFinalMarkInput, raw);
  const db = deps.db;
  const pupil = await db.pupil.findUnique({
    where: { id: input.pupilId },
    select: { id: true, classGroupId: true },
  });
  if (!pupil) throw notFound('pupil');
  // The class the pupil was in during the term: a pupil who moved since is still the old
  // teacher's for the old term.
  const asked = await db.term.findUnique({ where: { id: input.termId } });
  const classGroupId = asked
    ? (await classOfPupilDuring(db, pupil.id, asked)).id
    : pupil.classGroupId;
  const cls = await db.classGroup.findUniqueOrThrow({
    where: { id: classGroupId },
    select: {
      id: true,
      schoolId: true,
      yearId: true,
      gradeLevel: { select: { grade: true } },
      school: { select: { yearMarkRule: true } },
    },
  });
  assertCanWriteJournal(actor, {
    schoolId: cls.schoolId,
    classGroupId: cls.id,
    subjectId: input.subjectId,
  });
  const subject = await db.subject.findUnique({
    where: { id: input.subjectId },
    select: { schoolId: true },
  });
  if (!subject || subject.schoolId !== cls.schoolId) throw invalid(['subjectId'], 'unknownSubject');
  const term = await loadTermOfYear(db, input.termId, cls.yearId);
  const kind = expectedFinalKind(term.kind);
  const fromTermFinals = term.kind === 'YEAR' && cls.school.yearMarkRule === 'TERM_FINALS';
  const [scheme, marks, termFinals, current] = await Promise.all([
    findScheme(db, cls.schoolId, cls.yearId, cls.gradeLevel.grade),
    db.mark.findMany({
      where: {
        pupilId: pupil.id,
        subjectId: input.subjectId,
        deletedAt: null,
        date: { gte: term.startsOn, lte: term.endsOn },
      },
      select: { value: true, weight: true },
    }),
    fromTermFinals
      ? db.finalMark.findMany({
          where: {
            pupilId: pupil.id,
            subjectId: input.subjectId,
            withdrawnAt: null,
            kind: { in: ['TERM', 'HALF_YEAR'] },
            term: { yearId: cls.yearId },
          },
          select: { kind: true, value: true },
        })
      : Promise.resolve([]),
    db.finalMark.findUnique({
      where: {
        pupilId_subjectId_termId_kind: {
          pupilId: pupil.id,
          subjectId: input.subjectId,
          termId: term.id,
          kind,
        },
      },
      select: { value: true, result: true, withdrawnAt: true },
    }),
  ]);
  const byMarks = weightedAverage(scheme, marks);
  const fromFinals = fromTermFinals
    ? averageOfTermFinals(
        scheme,
        termFinals.flatMap((f) =>
          f.kind === 'TERM' || f.kind === 'HALF_YEAR' ? [{ kind: f.kind, value: f.value }] : [],
        ),
      )
    : null;
  const recorded = current && current.withdrawnAt === null ? current : null;
  return {
    pupilId: pupil.id,
    subjectId: input.subjectId,
    termId: term.id,
    period: { from: toIsoDate(term.startsOn), to: toIsoDate(term.endsOn) },
    kind,
    scale: scheme.scale,
    /** MARKS: from the term's marks; TERM / HALF_YEAR: from the quarter or half-year finals. */
    basis: fromFinals ? fromFinals.basis : ('MARKS' as const),
    average: fromFinals ? fromFinals.average : byMarks.average,
    marksCount: fromFinals ? fromFinals.count : byMarks.count,
    suggested: fromFinals ? fromFinals.suggested : roundToScale(scheme, byMarks.average),
    current: recorded?.value ?? null,
    currentResult: recorded?.result ?? null,
  };
};
