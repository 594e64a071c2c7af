import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { id, parseInput } from '../validation.ts';
import { getLessonForFileRead, loadAttachment, presentAttachment } from './attachment-access.ts';

export const openAttachmentInput = z.object({ attachmentId: id }).strict();
export type OpenAttachmentInput = z.input<typeof openAttachmentInput>;

/**
 * One attached file for download: its metadata and its bytes as a stream. Exactly the people who
 * may read the lesson get it (its staff, the parents granted a pupil of the class and the pupils
 * themselves — the bot sends it to families through the API).
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const openAttachment = async (
  deps: DomainDeps,
  actor: Actor,
  raw: unknown,
): Promise<ReturnType<typeof presentAttachment> & { content: Readable }> => {
  const input = parseInput(openAttachmentInput, raw);
  const attachment = await loadAttachment(deps.db, input.attachmentId);
  await getLessonForFileRead(deps.db, actor, attachment.lessonId);
  const content = await deps.files.get(attachment.storageKey);
  if (!content) throw notFound('attachment');
  return { ...presentAttachment(attachment), content };
};
