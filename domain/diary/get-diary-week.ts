import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { addDays, dateOnly, localToday, toIsoDate, weekStart } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { calendarDate, SCHOOL_WEEK_DAYS, schoolWeek } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { loadDiaryDays } from './diary-days.ts';
import { getPupilForRead, pupilSummary } from './policy.ts';

export const getDiaryWeekInput = z
  .object({
    pupilId: id,
    /** Any day of the wanted week; this week when omitted. */
    date: calendarDate.optional(),
  })
  .strict();
export type GetDiaryWeekInput = z.input<typeof getDiaryWeekInput>;

/**
 * The Monday–Saturday school week of a pupil's diary containing `date` (a Sunday shows the week
 * just ended). Each day as in the day view, without attachments.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getDiaryWeek = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getDiaryWeekInput, raw);
  const pupil = await getPupilForRead(deps.reader, actor, input.pupilId);
  const monday = weekStart(dateOnly(input.date ?? localToday(deps.now(), pupil.timeZone)));
  const days = await loadDiaryDays(deps.reader, pupil, schoolWeek(monday), {
    withAttachments: false,
  });
  return {
    pupil: pupilSummary(pupil),
    weekStart: toIsoDate(monday),
    weekEnd: toIsoDate(addDays(monday, SCHOOL_WEEK_DAYS - 1)),
    days,
  };
};
