import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { id, parseInput } from '../validation.ts';
import { getLessonForFileRead, presentAttachment } from './attachment-access.ts';

export const listAttachmentsInput = z.object({ lessonId: id }).strict();
export type ListAttachmentsInput = z.input<typeof listAttachmentsInput>;

/**
 * The files attached to a lesson's topic and homework, oldest first: for everyone who may read
 * the lesson (its staff and the families of its class).
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const listAttachments = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listAttachmentsInput, raw);
  const { lesson } = await getLessonForFileRead(deps.db, actor, input.lessonId);
  const rows = await deps.db.attachment.findMany({
    where: { lessonId: lesson.id },
    orderBy: { id: 'asc' },
  });
  return rows.map(presentAttachment);
};
