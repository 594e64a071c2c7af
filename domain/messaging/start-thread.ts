import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { emitEvent } from '../events.ts';
import { forbidden, invalid } from '../errors.ts';
import { id, MAX_SHORT_TEXT, parseInput, text } from '../validation.ts';
import { toPerson } from './people.ts';
import { contactSelect, mayWriteAbout, pupilsBetween, sharedSchool } from './policy.ts';

export const startThreadInput = z
  .object({
    /** The pupil the conversation is about (a parent with several children names one). */
    pupilId: id.optional(),
    recipientUserId: id,
    subject: text(MAX_SHORT_TEXT),
    body: text(),
  })
  .strict();
export type StartThreadInput = z.input<typeof startThreadInput>;

/**
 * Starts a conversation with its first message (R19). A parent writes to the teachers and the
 * class teacher of their child's class and to the administration; a pupil to their teachers; a
 * teacher to the families of pupils in classes they teach or lead; the administration to any
 * family of the school; staff to colleagues. Nobody sees another's phone number. Writes a
 * `message.posted` outbox event in the same transaction.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN
 */
export const startThread = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(startThreadInput, raw);
  if (input.recipientUserId === user.userId) throw invalid(['recipientUserId'], 'recipientIsSelf');
  return deps.db.$transaction(async (tx) => {
    const recipient = await tx.user.findUnique({
      where: { id: input.recipientUserId },
      select: contactSelect,
    });
    // An unknown recipient is refused like a forbidden one, so ids cannot be probed.
    if (!recipient) throw forbidden('cannot write to this user');

    let schoolId: number | null = null;
    if (input.pupilId !== undefined) {
      const pupil = await tx.pupil.findUnique({
        where: { id: input.pupilId },
        select: { id: true, schoolId: true, classGroupId: true },
      });
      if (pupil && mayWriteAbout(user, recipient, pupil)) schoolId = pupil.schoolId;
    } else {
      const about = (await pupilsBetween(tx, user, recipient)).find((p) =>
        mayWriteAbout(user, recipient, p),
      );
      schoolId = about?.schoolId ?? sharedSchool(user, recipient);
    }
    if (schoolId === null) throw forbidden('cannot write to this user');

    const thread = await tx.messageThread.create({
      data: {
        schoolId,
        pupilId: input.pupilId ?? null,
        subject: input.subject,
        participants: { create: [{ userId: user.userId }, { userId: recipient.id }] },
      },
    });
    const message = await tx.message.create({
      data: { threadId: thread.id, authorId: user.userId, body: input.body },
    });
    await emitEvent(tx, 'message.posted', { messageId: message.id, threadId: thread.id }, schoolId);
    return {
      id: thread.id,
      subject: thread.subject,
      pupilId: thread.pupilId,
      recipient: toPerson(recipient),
      message: {
        id: message.id,
        authorId: message.authorId,
        body: message.body,
        createdAt: message.createdAt,
      },
    };
  });
};
