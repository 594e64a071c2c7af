import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { id, parseInput } from '../validation.ts';
import { getLessonForRead } from './lesson-access.ts';
import { membersOf } from './membership.ts';
import { listMarkHistory } from './list-mark-history.ts';

export const getJournalCellInput = z.object({ lessonId: id, pupilId: id }).strict();
export type GetJournalCellInput = z.input<typeof getJournalCellInput>;

/**
 * One cell of the class journal in full, for its edit form: the pupil's marks of the lesson —
 * current ones and deleted ones with who deleted them and why — each with its history (R12), and
 * the attendance entry. For staff who can read the journal page.
 * @throws DomainError VALIDATION_FAILED (pupilNotInClass) | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getJournalCell = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getJournalCellInput, raw);
  const { lesson } = await getLessonForRead(deps.db, actor, input.lessonId);
  const pupil = await deps.db.pupil.findFirst({
    where: { id: input.pupilId, ...membersOf(lesson.classGroupId, lesson.date, lesson.date) },
    select: { id: true, lastName: true, firstName: true },
  });
  if (!pupil) throw invalid(['pupilId'], 'pupilNotInClass');
  const [marks, attendance] = await Promise.all([
    deps.db.mark.findMany({
      where: { lessonId: lesson.id, pupilId: pupil.id },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        value: true,
        kind: true,
        weight: true,
        comment: true,
        deletedAt: true,
        deleteReason: true,
      },
    }),
    deps.db.attendance.findUnique({
      where: { lessonId_pupilId: { lessonId: lesson.id, pupilId: pupil.id } },
      select: { status: true, lateMinutes: true, reason: true },
    }),
  ]);
  const histories = await Promise.all(
    marks.map((m) => listMarkHistory(deps, actor, { markId: m.id })),
  );
  return {
    lesson: { id: lesson.id, date: lesson.date.toISOString().slice(0, 10) },
    pupil,
    marks: marks.map((m, i) => ({ ...m, history: histories[i] ?? [] })),
    attendance,
  };
};
