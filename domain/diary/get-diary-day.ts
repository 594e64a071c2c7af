import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { calendarDate } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { readPupilDiary } from './diary-days.ts';
import { pupilSummary } from './policy.ts';

export const getDiaryDayInput = z
  .object({
    pupilId: id,
    /** School-local day; today in the school's time zone when omitted. */
    date: calendarDate.optional(),
  })
  .strict();
export type GetDiaryDayInput = z.input<typeof getDiaryDayInput>;

/**
 * One day of a pupil's diary (R15, R16): the lessons in order with bell times, subject, teacher
 * (the substitute, flagged, when the main teacher is absent), room, topic, material, homework
 * (general and the pupil's own) with its due date, attachments, the pupil's current marks and
 * attendance. A lesson not yet entered by its teacher shows as planned (lessonId null).
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getDiaryDay = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getDiaryDayInput, raw);
  const { pupil, days } = await readPupilDiary(
    deps,
    actor,
    input.pupilId,
    (timeZone) => [dateOnly(input.date ?? localToday(deps.now(), timeZone))],
    { withAttachments: true },
  );
  return { pupil: pupilSummary(pupil), ...days[0] };
};
