import { z } from 'zod';

/** "HH:MM", 00:00–23:59, school-local time. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** What a user receives in the bot (R18); quiet hours hold notifications until the morning. */
export const notificationPreferencesShape = {
  marks: z.boolean(),
  attendance: z.boolean(),
  homework: z.boolean(),
  timetable: z.boolean(),
  announcements: z.boolean(),
  messages: z.boolean(),
  quietFrom: clockTime.nullable(),
  quietTo: clockTime.nullable(),
  digestOnly: z.boolean(),
};

/** Defaults of a user who never changed anything (as in the schema). */
export const DEFAULT_PREFERENCES = {
  marks: true,
  attendance: true,
  homework: true,
  timetable: true,
  announcements: true,
  messages: true,
  quietFrom: '21:00',
  quietTo: '07:30',
  digestOnly: false,
} as const;

export const preferenceSelect = {
  marks: true,
  attendance: true,
  homework: true,
  timetable: true,
  announcements: true,
  messages: true,
  quietFrom: true,
  quietTo: true,
  digestOnly: true,
} as const;
