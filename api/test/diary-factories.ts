/** Small factories for diary and timetable tests (test/world.ts has no timetable or bells). */
import type { Db } from '../../domain/db.ts';
import { dateOnly } from '../../domain/dates.ts';
import type {
  AttachmentTarget,
  AttendanceStatus,
  MarkKind,
} from '../../domain/generated/prisma/enums.ts';
import { SERVICE_TOKEN } from '../../test/api-harness.ts';

/** A usual bell schedule: 45-minute lessons, first shift from 08:00, second from 13:30. */
export const BELLS: Record<number, [string, string][]> = {
  1: [
    ['08:00', '08:45'],
    ['08:55', '09:40'],
    ['09:50', '10:35'],
    ['10:55', '11:40'],
    ['11:50', '12:35'],
    ['12:45', '13:30'],
  ],
  2: [
    ['13:30', '14:15'],
    ['14:25', '15:10'],
    ['15:20', '16:05'],
    ['16:25', '17:10'],
    ['17:20', '18:05'],
    ['18:15', '19:00'],
  ],
};

export const addBells = async (db: Db, schoolId: number) => {
  for (const [shift, times] of Object.entries(BELLS)) {
    for (const [i, [startsAt, endsAt]] of times.entries()) {
      await db.bellSlot.create({
        data: { schoolId, shift: Number(shift), number: i + 1, startsAt, endsAt },
      });
    }
  }
};

export const addSlot = (
  db: Db,
  slot: {
    classGroupId: number;
    weekday: number;
    lessonNumber: number;
    subjectId: number;
    teacherId: number;
    room?: string;
    validFrom?: string;
    validTo?: string;
    subgroupId?: number;
  },
) =>
  db.timetableSlot.create({
    data: {
      classGroupId: slot.classGroupId,
      weekday: slot.weekday,
      lessonNumber: slot.lessonNumber,
      subjectId: slot.subjectId,
      teacherId: slot.teacherId,
      room: slot.room ?? null,
      subgroupId: slot.subgroupId ?? null,
      validFrom: dateOnly(slot.validFrom ?? '2026-09-01'),
      validTo: slot.validTo ? dateOnly(slot.validTo) : null,
    },
  });

export const addLesson = (
  db: Db,
  lesson: {
    classGroupId: number;
    subjectId: number;
    teacherId: number;
    date: string;
    lessonNumber: number;
    topic?: string;
    material?: string;
    homework?: string;
    homeworkDueOn?: string;
    subgroupId?: number;
  },
) =>
  db.lesson.create({
    data: {
      classGroupId: lesson.classGroupId,
      subjectId: lesson.subjectId,
      teacherId: lesson.teacherId,
      date: dateOnly(lesson.date),
      lessonNumber: lesson.lessonNumber,
      topic: lesson.topic ?? null,
      material: lesson.material ?? null,
      homework: lesson.homework ?? null,
      homeworkDueOn: lesson.homeworkDueOn ? dateOnly(lesson.homeworkDueOn) : null,
      subgroupId: lesson.subgroupId ?? null,
    },
  });

export const addMark = (
  db: Db,
  lesson: { id: number; subjectId: number; teacherId: number; date: Date },
  pupilId: number,
  mark: { value: number; kind?: MarkKind; comment?: string; deleted?: boolean; weight?: number },
) =>
  db.mark.create({
    data: {
      lessonId: lesson.id,
      pupilId,
      subjectId: lesson.subjectId,
      teacherId: lesson.teacherId,
      date: lesson.date,
      value: mark.value,
      kind: mark.kind ?? 'OTHER',
      // As recordMark stores it under the usual test scheme: control work weighs 2.
      weight: mark.weight ?? (mark.kind === 'CONTROL' ? 2 : 1),
      comment: mark.comment ?? null,
      ...(mark.deleted ? { deletedAt: new Date(), deleteReason: 'Ката коюлган' } : {}),
    },
  });

export const addAttendance = (
  db: Db,
  lesson: { id: number; date: Date },
  pupilId: number,
  status: AttendanceStatus,
  extra: { lateMinutes?: number; reason?: string } = {},
) =>
  db.attendance.create({
    data: {
      lessonId: lesson.id,
      pupilId,
      date: lesson.date,
      status,
      lateMinutes: extra.lateMinutes ?? null,
      reason: extra.reason ?? null,
    },
  });

export const addAttachment = (
  db: Db,
  lessonId: number,
  target: AttachmentTarget,
  fileName: string,
) =>
  db.attachment.create({
    data: {
      lessonId,
      target,
      fileName,
      mimeType: 'application/pdf',
      size: 2048,
      storageKey: `files/${lessonId}/${fileName}`,
    },
  });

/** Headers of the bot acting for a Telegram user. */
export const botHeaders = (telegramUserId: bigint) => ({
  authorization: `Bearer ${SERVICE_TOKEN}`,
  'x-telegram-user-id': telegramUserId.toString(),
});

/** A parent linked to the bot, guardian of the given pupils. */
export const addParent = async (
  db: Db,
  schoolId: number,
  telegramUserId: bigint,
  pupilIds: number[],
  name: { lastName: string; firstName: string },
) => {
  const user = await db.user.create({ data: { schoolId, ...name, language: 'ky' } });
  for (const pupilId of pupilIds) await db.guardian.create({ data: { userId: user.id, pupilId } });
  await db.telegramLink.create({
    data: { userId: user.id, telegramUserId, chatId: telegramUserId },
  });
  return user;
};
