import type { OutboxEventType } from '../events.ts';

/** Which preference switch (R18) governs an event type. */
export type NotifyCategory =
  'marks' | 'attendance' | 'homework' | 'timetable' | 'announcements' | 'messages';

export const CATEGORY_OF: Record<OutboxEventType, NotifyCategory> = {
  'mark.posted': 'marks',
  'mark.changed': 'marks',
  'mark.deleted': 'marks',
  'final-mark.posted': 'marks',
  'final-mark.changed': 'marks',
  'final-mark.withdrawn': 'marks',
  'attendance.recorded': 'attendance',
  'homework.posted': 'homework',
  'individual-homework.posted': 'homework',
  'homework.reminder': 'homework',
  'substitution.recorded': 'timetable',
  'timetable.changed': 'timetable',
  'announcement.posted': 'announcements',
  'message.posted': 'messages',
};

/** Telegram pacing: at most one message a second to a private chat, 20 a minute to a group. */
export const minGapMs = (chatId: bigint) => (chatId < 0n ? 3_000 : 1_000);

/** The chat-level advisory lock key: fan-out and sending of one chat serialize on it. */
export const chatLockKey = (botAccountId: number | null, chatId: bigint) =>
  `notify-${botAccountId ?? 0}-${chatId}`;
