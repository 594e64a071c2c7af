import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { assertCanWriteJournal } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { roundToScale, weightedAverage } from './averages.ts';
import { expectedFinalKind } from './final-kind.ts';
import { findScheme } from './scheme.ts';
import { loadTermOfYear } from './terms.ts';

export const suggestFinalMarkInput = z.object({ pupilId: id, subjectId: id, termId: id }).strict();
export type SuggestFinalMarkInput = z.input<typeof suggestFinalMarkInput>;

/**
 * Suggests a pupil's final mark for a subject and term (R8, R22): the weighted average of the
 * pupil's current (non-deleted) marks dated inside the term, rounded half up to the scale, with
 * the average, the number of marks and the final mark already recorded, if any. For the teacher of
 * the subject in the pupil's class and the administration.
 * @throws DomainError VALIDATION_FAILED (termNotInYear, unknownSubject) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const suggestFinalMark = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(suggestFinalMarkInput, raw);
  const db = deps.db;
  const pupil = await db.pupil.findUnique({
    where: { id: input.pupilId },
    select: {
      id: true,
      classGroup: {
        select: { id: true, schoolId: true, yearId: true, gradeLevel: { select: { grade: true } } },
      },
    },
  });
  if (!pupil) throw notFound('pupil');
  const cls = pupil.classGroup;
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
  const [scheme, marks, current] = await Promise.all([
    findScheme(db, cls.schoolId, cls.yearId, cls.gradeLevel.grade),
    db.mark.findMany({
      where: {
        pupilId: pupil.id,
        subjectId: input.subjectId,
        deletedAt: null,
        date: { gte: term.startsOn, lte: term.endsOn },
      },
      select: { value: true, kind: true },
    }),
    db.finalMark.findUnique({
      where: {
        pupilId_subjectId_termId_kind: {
          pupilId: pupil.id,
          subjectId: input.subjectId,
          termId: term.id,
          kind,
        },
      },
      select: { value: true },
    }),
  ]);
  const { average, count } = weightedAverage(scheme, marks);
  return {
    pupilId: pupil.id,
    subjectId: input.subjectId,
    termId: term.id,
    period: { from: toIsoDate(term.startsOn), to: toIsoDate(term.endsOn) },
    kind,
    scale: scheme.scale,
    average,
    marksCount: count,
    suggested: roundToScale(scheme, average),
    current: current?.value ?? null,
  };
};
