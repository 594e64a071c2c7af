import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { emitEvent } from '../events.ts';
import { id, parseInput, text } from '../validation.ts';
import { getOwnThread } from './thread-access.ts';

export const postMessageInput = z.object({ threadId: id, body: text() }).strict();
export type PostMessageInput = z.input<typeof postMessageInput>;

/**
 * Adds a message to a conversation the user takes part in, with a `message.posted` outbox event
 * in the same transaction (the other side is notified in the bot).
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND
 */
export const postMessage = async ({ db }: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(postMessageInput, raw);
  return db.$transaction(async (tx) => {
    const thread = await getOwnThread(tx, user, input.threadId);
    const message = await tx.message.create({
      data: { threadId: thread.id, authorId: user.userId, body: input.body },
      select: { id: true, threadId: true, authorId: true, body: true, createdAt: true },
    });
    await emitEvent(
      tx,
      'message.posted',
      { messageId: message.id, threadId: thread.id },
      thread.schoolId,
    );
    return message;
  });
};
