import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import type { FinalMark } from '../generated/prisma/client.ts';
import { FinalMarkKind, FinalMarkResult } from '../generated/prisma/enums.ts';
import { assertCanWriteJournal } from '../policies/index.ts';
import { id, MAX_SHORT_TEXT, optionalText, parseInput } from '../validation.ts';
import { withConflict } from '../conflict.ts';
import { lockFor } from '../locks.ts';
import { finalKindFor } from './final-kind.ts';
import { assertTermOpenForFinals } from './final-timing.ts';
import { assertPupilsInClass, noDuplicatePupils } from './pupils-of-class.ts';
import { assertMarkInScheme, findScheme } from './scheme.ts';
import { loadTermOfYear } from './terms.ts';

const MAX_CLASS_SIZE = 100;

export const recordFinalMarksInput = z
  .object({
    classGroupId: id,
    subjectId: id,
    termId: id,
    /** TERM for a quarter or half-year, YEAR for the year (the default follows the term), or EXAM. */
    kind: z.enum(FinalMarkKind).optional(),
    marks: z
      .array(
        z
          .object({
            pupilId: id,
            /** The mark; required for MARK, absent for NOT_ASSESSED (н/а) and EXEMPT (бош). */
            value: z.number().int().optional(),
            /** MARK (default), NOT_ASSESSED (н/а — not assessed) or EXEMPT (бош — exempt). */
            result: z.enum(FinalMarkResult).optional(),
          })
          .strict()
          .superRefine((row, ctx) => {
            const result = row.result ?? 'MARK';
            if (result === 'MARK' && row.value === undefined)
              ctx.addIssue({ code: 'custom', path: ['value'], message: 'finalValueRequired' });
            if (result !== 'MARK' && row.value !== undefined)
              ctx.addIssue({ code: 'custom', path: ['value'], message: 'finalValueNotAllowed' });
          }),
      )
      .min(1)
      .max(MAX_CLASS_SIZE)
      .superRefine(noDuplicatePupils),
    /** Why recorded finals are corrected: required when any row changes an existing final (R12). */
    reason: optionalText(MAX_SHORT_TEXT),
  })
  .strict();
export type RecordFinalMarksInput = z.input<typeof recordFinalMarksInput>;

/**
 * Records the final marks of a class in a subject for a term (R8), many pupils at once, in one
 * transaction. A row is a mark on the school's scale, or н/а (NOT_ASSESSED) or бош (EXEMPT)
 * without a number. A new final is audited and announced with `final-mark.posted`; a correction
 * of a recorded one needs the batch's `reason` and is audited old → new with it and announced
 * with `final-mark.changed`; unchanged rows write nothing. A withdrawn final recorded again counts
 * as new. The term must have reached its last day unless the school allows early finals. Any bad
 * row fails the whole batch. For the teacher of the subject in the class and the administration.
 * @throws DomainError VALIDATION_FAILED (markOutOfScale, pupilNotInClass, kindDoesNotMatchTerm,
 *   termNotEnded, finalCorrectionReasonRequired, …) | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const recordFinalMarks = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(recordFinalMarksInput, raw);
  return withConflict('final mark', () =>
    deps.db.$transaction(async (tx) => {
      const cls = await tx.classGroup.findUnique({
        where: { id: input.classGroupId },
        select: {
          id: true,
          schoolId: true,
          yearId: true,
          gradeLevel: { select: { grade: true } },
        },
      });
      if (!cls) throw notFound('class');
      // One writer at a time per class, subject and term: each change is audited once, with the
      // true previous value.
      await lockFor(tx, 'final', cls.id, input.subjectId, input.termId);
      const user = assertCanWriteJournal(actor, {
        schoolId: cls.schoolId,
        classGroupId: cls.id,
        subjectId: input.subjectId,
      });
      const subject = await tx.subject.findUnique({
        where: { id: input.subjectId },
        select: { schoolId: true },
      });
      if (!subject || subject.schoolId !== cls.schoolId)
        throw invalid(['subjectId'], 'unknownSubject');
      const term = await loadTermOfYear(tx, input.termId, cls.yearId);
      const kind = finalKindFor(term.kind, input.kind);
      await assertTermOpenForFinals(tx, cls.schoolId, term.endsOn, deps.now());
      const scheme = await findScheme(tx, cls.schoolId, cls.yearId, cls.gradeLevel.grade);
      input.marks.forEach((m, index) => {
        if (m.value !== undefined) assertMarkInScheme(scheme, m.value, ['marks', index, 'value']);
      });
      await assertPupilsInClass(
        tx,
        cls.id,
        { from: term.startsOn, to: term.endsOn },
        input.marks.map((m) => m.pupilId),
        'marks',
      );

      const existing = new Map(
        (
          await tx.finalMark.findMany({
            where: {
              subjectId: input.subjectId,
              termId: term.id,
              kind,
              pupilId: { in: input.marks.map((m) => m.pupilId) },
            },
          })
        ).map((row) => [row.pupilId, row]),
      );
      const wanted = input.marks.map((m) => ({
        pupilId: m.pupilId,
        value: m.value ?? null,
        result: m.result ?? 'MARK',
      }));
      const live = (row: FinalMark | undefined) => (row && !row.withdrawnAt ? row : undefined);
      const isCorrection = wanted.some(({ pupilId, value, result }) => {
        const before = live(existing.get(pupilId));
        return before && (before.value !== value || before.result !== result);
      });
      if (isCorrection && !input.reason) throw invalid(['reason'], 'finalCorrectionReasonRequired');

      const rows: FinalMark[] = [];
      for (const { pupilId, value, result } of wanted) {
        const stored = existing.get(pupilId);
        const before = live(stored);
        if (before && before.value === value && before.result === result) {
          rows.push(before);
          continue;
        }
        const key = { pupilId, subjectId: input.subjectId, termId: term.id, kind };
        const data = {
          value,
          result,
          teacherId: user.userId,
          withdrawnAt: null,
          withdrawReason: null,
        };
        const row = await tx.finalMark.upsert({
          where: { pupilId_subjectId_termId_kind: key },
          create: { ...key, ...data },
          update: data,
        });
        rows.push(row);
        await writeAudit(tx, user, {
          schoolId: cls.schoolId,
          action: before ? 'finalMark.change' : 'finalMark.create',
          entity: 'finalMark',
          entityId: row.id,
          before: stored ?? null,
          after: row,
          reason: before ? (input.reason ?? null) : null,
        });
        if (before)
          await emitEvent(
            tx,
            'final-mark.changed',
            {
              finalMarkId: row.id,
              pupilId,
              previousValue: before.value,
              previousResult: before.result,
            },
            cls.schoolId,
          );
        else
          await emitEvent(tx, 'final-mark.posted', { finalMarkId: row.id, pupilId }, cls.schoolId);
      }
      return {
        classGroupId: cls.id,
        subjectId: input.subjectId,
        termId: term.id,
        kind,
        marks: rows.map(({ id: rowId, pupilId, value, result }) => ({
          id: rowId,
          pupilId,
          value,
          result,
        })),
      };
    }),
  );
};
