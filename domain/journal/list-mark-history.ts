import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { id, parseInput } from '../validation.ts';
import { getLessonForRead } from './lesson-access.ts';

export const listMarkHistoryInput = z.object({ markId: id }).strict();
export type ListMarkHistoryInput = z.input<typeof listMarkHistoryInput>;

interface MarkSnapshot {
  value?: number;
  comment?: string | null;
  deletedAt?: string | null;
}

const snapshot = (json: unknown): MarkSnapshot | null =>
  json !== null && typeof json === 'object' ? json : null;

/**
 * The history of one mark from the audit (R12): who changed it, when, from which value to which,
 * and why. Oldest first. For staff who can read the class (deleted marks included).
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const listMarkHistory = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listMarkHistoryInput, raw);
  const mark = await deps.db.mark.findUnique({
    where: { id: input.markId },
    select: { id: true, lessonId: true },
  });
  if (!mark) throw notFound('mark');
  await getLessonForRead(deps.db, actor, mark.lessonId);
  const entries = await deps.db.auditEntry.findMany({
    where: { entity: 'mark', entityId: String(mark.id) },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    include: { actor: { select: { id: true, lastName: true, firstName: true, patronymic: true } } },
  });
  return entries.map((entry) => {
    const before = snapshot(entry.before);
    const after = snapshot(entry.after);
    const isDeleted = Boolean(after?.deletedAt);
    return {
      at: entry.at,
      action: entry.action,
      actor: entry.actor,
      oldValue: before && !before.deletedAt ? (before.value ?? null) : null,
      newValue: after && !isDeleted ? (after.value ?? null) : null,
      oldComment: before?.comment ?? null,
      newComment: isDeleted ? null : (after?.comment ?? null),
      reason: entry.reason,
    };
  });
};
