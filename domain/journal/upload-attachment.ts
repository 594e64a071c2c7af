import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { stageUpload } from '../files/stage-upload.ts';
import { sanitizeFileName } from '../files/upload-rules.ts';
import { AttachmentTarget } from '../generated/prisma/enums.ts';
import { id, parseInput } from '../validation.ts';
import { presentAttachment } from './attachment-access.ts';
import { canWriteJournal, refuse } from '../policies/index.ts';
import { getLessonForWrite, isSubstituteFor, loadLesson } from './lesson-access.ts';

export const uploadAttachmentInput = z
  .object({
    lessonId: id,
    /** TOPIC (material of the lesson) or HOMEWORK (default). */
    target: z.enum(AttachmentTarget).default('HOMEWORK'),
    /** The name the file had on the teacher's computer; folders and unsafe characters are dropped. */
    fileName: z.string().max(1000).default(''),
  })
  .strict();
export type UploadAttachmentInput = z.input<typeof uploadAttachmentInput>;

/**
 * Attaches an uploaded file to a lesson's topic or homework (R9). Who may write the lesson's
 * journal page may attach (its teacher, a substitute, the administration); that is checked before
 * a byte is read. The bytes are streamed to staging, counted (≤ 20 MB), typed by content
 * (documents and images only), moved into the file store, and only then the row and its audit
 * entry are written; if that transaction fails, the stored file is removed again, so a refused
 * or failed upload leaves nothing behind.
 * @throws DomainError VALIDATION_FAILED (file: fileTooLarge | fileEmpty | fileTypeNotAllowed) |
 *   NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const uploadAttachment = async (
  deps: DomainDeps,
  actor: Actor,
  raw: unknown,
  body: Readable,
) => {
  const input = parseInput(uploadAttachmentInput, raw);
  const user = requireUser(actor);
  // Refuse a stranger before reading the upload (the write below checks again under the lock).
  const lesson = await loadLesson(deps.db, input.lessonId);
  const scope = {
    schoolId: lesson.classGroup.schoolId,
    classGroupId: lesson.classGroupId,
    subjectId: lesson.subjectId,
    isSubstitute: await isSubstituteFor(deps.db, user, lesson),
  };
  if (!canWriteJournal(user, scope))
    throw refuse(user, scope.schoolId, 'class', 'cannot write this journal page');

  const staged = await stageUpload(deps.files, body);
  const storageKey = `lessons/${lesson.id}/${randomUUID()}.${staged.type.extensions[0] ?? 'bin'}`;
  try {
    await deps.files.put(storageKey, staged.localPath, {
      size: staged.size,
      mimeType: staged.type.mime,
    });
  } finally {
    await rm(staged.localPath, { force: true });
  }
  try {
    const attachment = await deps.db.$transaction(async (tx) => {
      const locked = await getLessonForWrite(tx, actor, input.lessonId);
      const row = await tx.attachment.create({
        data: {
          lessonId: locked.lesson.id,
          target: input.target,
          fileName: sanitizeFileName(input.fileName, staged.type),
          mimeType: staged.type.mime,
          size: staged.size,
          storageKey,
          createdAt: deps.now(),
        },
      });
      await writeAudit(tx, locked.user, {
        schoolId: locked.lesson.classGroup.schoolId,
        action: 'lesson.attachment.add',
        entity: 'attachment',
        entityId: row.id,
        after: presentAttachment(row),
      });
      return row;
    });
    return presentAttachment(attachment);
  } catch (error) {
    await deps.files.delete(storageKey);
    throw error;
  }
};
