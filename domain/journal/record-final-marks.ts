import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import type { FinalMark } from '../generated/prisma/client.ts';
import { FinalMarkKind } from '../generated/prisma/enums.ts';
import { assertCanWriteJournal } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { withConflict } from '../conflict.ts';
import { lockFor } from '../locks.ts';
import { finalKindFor } from './final-kind.ts';
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
      .array(z.object({ pupilId: id, value: z.number().int() }).strict())
      .min(1)
      .max(MAX_CLASS_SIZE)
      .superRefine(noDuplicatePupils),
  })
  .strict();
export type RecordFinalMarksInput = z.input<typeof recordFinalMarksInput>;

/**
 * Records the final marks of a class in a subject for a term (R8), many pupils at once, in one
 * transaction: each value checked against the school's scale, each new or changed mark audited
 * and announced with a `final-mark.posted` event; unchanged ones write nothing. Any bad row fails
 * the whole batch. For the teacher of the subject in the class and the administration.
 * @throws DomainError VALIDATION_FAILED (markOutOfScale, pupilNotInClass, kindDoesNotMatchTerm, …)
 *   | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
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
      const scheme = await findScheme(tx, cls.schoolId, cls.yearId, cls.gradeLevel.grade);
      input.marks.forEach((m, index) =>
        assertMarkInScheme(scheme, m.value, ['marks', index, 'value']),
      );
      await assertPupilsInClass(
        tx,
        cls.id,
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
      const rows: FinalMark[] = [];
      for (const { pupilId, value } of input.marks) {
        const before = existing.get(pupilId);
        if (before?.value === value) {
          rows.push(before);
          continue;
        }
        const key = { pupilId, subjectId: input.subjectId, termId: term.id, kind };
        const row = await tx.finalMark.upsert({
          where: { pupilId_subjectId_termId_kind: key },
          create: { ...key, value, teacherId: user.userId },
          update: { value, teacherId: user.userId },
        });
        rows.push(row);
        await writeAudit(tx, user, {
          schoolId: cls.schoolId,
          action: before ? 'finalMark.change' : 'finalMark.create',
          entity: 'finalMark',
          entityId: row.id,
          before: before ?? null,
          after: row,
        });
        await emitEvent(tx, 'final-mark.posted', { finalMarkId: row.id, pupilId }, cls.schoolId);
      }
      return {
        classGroupId: cls.id,
        subjectId: input.subjectId,
        termId: term.id,
        kind,
        marks: rows.map(({ id: rowId, pupilId, value }) => ({ id: rowId, pupilId, value })),
      };
    }),
  );
};
