import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { id, parseInput } from '../validation.ts';
import { loadAttachment, presentAttachment } from './attachment-access.ts';
import { getLessonForWrite } from './lesson-access.ts';

export const deleteAttachmentInput = z.object({ attachmentId: id }).strict();
export type DeleteAttachmentInput = z.input<typeof deleteAttachmentInput>;

/**
 * Removes an attached file: the row (with an audit entry naming the file) in one transaction,
 * then its bytes from the store. Whoever may write the lesson's journal page may remove it. If
 * removing the bytes fails after the commit, an unreachable file stays behind — never a row
 * pointing at nothing.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const deleteAttachment = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(deleteAttachmentInput, raw);
  const { lessonId } = await loadAttachment(deps.db, input.attachmentId);
  const removed = await deps.db.$transaction(async (tx) => {
    const { lesson, user } = await getLessonForWrite(tx, actor, lessonId);
    // Loaded again under the lesson's lock: a parallel delete of the same file finds nothing.
    const attachment = await loadAttachment(tx, input.attachmentId);
    await tx.attachment.delete({ where: { id: attachment.id } });
    await writeAudit(tx, user, {
      schoolId: lesson.classGroup.schoolId,
      action: 'lesson.attachment.delete',
      entity: 'attachment',
      entityId: attachment.id,
      before: presentAttachment(attachment),
    });
    return attachment;
  });
  await deps.files.delete(removed.storageKey).catch(() => undefined);
};
