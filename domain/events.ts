import { z } from 'zod';
import type { Tx } from './db.ts';

/**
 * Outbox event contracts. Payloads carry ids only (job data is stored in clear text in Redis);
 * the worker loads names and values when it renders a message.
 */
export const outboxEventSchemas = {
  'mark.posted': z.object({ markId: z.number(), pupilId: z.number(), lessonId: z.number() }),
  'mark.changed': z.object({
    markId: z.number(),
    pupilId: z.number(),
    lessonId: z.number(),
    previousValue: z.number(),
  }),
  'mark.deleted': z.object({
    markId: z.number(),
    pupilId: z.number(),
    lessonId: z.number(),
    previousValue: z.number(),
  }),
  'attendance.recorded': z.object({
    attendanceId: z.number(),
    pupilId: z.number(),
    lessonId: z.number(),
  }),
  'homework.posted': z.object({ lessonId: z.number(), classGroupId: z.number() }),
  /** The evening before: what a class has to bring tomorrow (`date` is that school day). */
  'homework.reminder': z.object({ classGroupId: z.number(), date: z.string() }),
  'individual-homework.posted': z.object({ lessonId: z.number(), pupilId: z.number() }),
  'final-mark.posted': z.object({ finalMarkId: z.number(), pupilId: z.number() }),
  /** A recorded final corrected (with a reason, in the audit); previous value null for н/а, бош. */
  'final-mark.changed': z.object({
    finalMarkId: z.number(),
    pupilId: z.number(),
    previousValue: z.number().nullable(),
    previousResult: z.enum(['MARK', 'NOT_ASSESSED', 'EXEMPT']),
  }),
  'final-mark.withdrawn': z.object({
    finalMarkId: z.number(),
    pupilId: z.number(),
    previousValue: z.number().nullable(),
    previousResult: z.enum(['MARK', 'NOT_ASSESSED', 'EXEMPT']),
  }),
  'substitution.recorded': z.object({ substitutionId: z.number(), classGroupId: z.number() }),
  'timetable.changed': z.object({ classGroupId: z.number() }),
  'announcement.posted': z.object({ announcementId: z.number() }),
  'message.posted': z.object({ messageId: z.number(), threadId: z.number() }),
} as const;

export type OutboxEventType = keyof typeof outboxEventSchemas;
export type OutboxPayload<T extends OutboxEventType> = z.infer<(typeof outboxEventSchemas)[T]>;

/** Writes an outbox row. Call inside the transaction of the change it announces. */
export const emitEvent = async <T extends OutboxEventType>(
  tx: Tx,
  type: T,
  payload: OutboxPayload<T>,
  schoolId: number | null,
) => {
  await tx.outboxEvent.create({
    data: { type, payload: outboxEventSchemas[type].parse(payload), schoolId },
  });
};

/** A stored event narrowed by its type. */
export type TypedOutboxEvent = {
  [T in OutboxEventType]: { type: T; payload: OutboxPayload<T> };
}[OutboxEventType];

/** Parses a stored event's payload by its type; null for a type this code does not know. */
export const parseEventPayload = (type: string, payload: unknown): TypedOutboxEvent | null => {
  if (!(type in outboxEventSchemas)) return null;
  const schema = outboxEventSchemas[type as OutboxEventType];
  const parsed = schema.safeParse(payload);
  return parsed.success ? ({ type, payload: parsed.data } as TypedOutboxEvent) : null;
};
