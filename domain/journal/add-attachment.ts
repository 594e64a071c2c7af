import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { AttachmentTarget } from '../generated/prisma/enums.ts';
import { id, parseInput, text } from '../validation.ts';
import { getLessonForWrite } from './lesson-access.ts';

/** Largest file a teacher may attach to a topic or homework. */
export const MAX_ATTACHMENT_MB = 20;
const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;

export const addAttachmentInput = z
  .object({
    lessonId: id,
    target: z.enum(AttachmentTarget),
    /** The name shown to pupils and parents; no folders. */
    fileName: text(255),
    mimeType: z
      .string()
      .max(127)
      .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i),
    /** Bytes. */
    size: z.number().int().positive(),
    /** Where the file storage keeps the bytes (they never pass through the journal). */
    storageKey: z
      .string()
      .min(1)
      .max(500)
      .regex(/^[A-Za-z0-9._\-/]+$/)
      .refine((key) => !key.split('/').includes('..') && !key.startsWith('/'), {
        message: 'invalidFormat',
      }),
  })
  .strict();
export type AddAttachmentInput = z.input<typeof addAttachmentInput>;

// Control characters and path separators would let a name pose as a path or break a download header.
const UNSAFE_FILE_NAME = /[\u0000-\u001f\u007f/\\]/;

/**
 * Attaches a file (its metadata; the bytes live in file storage) to a lesson's topic or homework
 * (R9), with an audit entry.
 * @throws DomainError VALIDATION_FAILED (fileTooLarge, unsafeFileName) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const addAttachment = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(addAttachmentInput, raw);
  if (input.size > MAX_ATTACHMENT_BYTES)
    throw invalid(['size'], 'fileTooLarge', { maxMb: MAX_ATTACHMENT_MB });
  if (UNSAFE_FILE_NAME.test(input.fileName) || /^\.+$/.test(input.fileName)) {
    throw invalid(['fileName'], 'unsafeFileName');
  }
  return deps.db.$transaction(async (tx) => {
    const { lesson, user } = await getLessonForWrite(tx, actor, input.lessonId);
    const { lessonId: _lessonId, ...metadata } = input;
    const attachment = await tx.attachment.create({ data: { lessonId: lesson.id, ...metadata } });
    await writeAudit(tx, user, {
      schoolId: lesson.classGroup.schoolId,
      action: 'lesson.attachment.add',
      entity: 'attachment',
      entityId: attachment.id,
      after: attachment,
    });
    return attachment;
  });
};
