import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { addDays, dateOnly, localToday, toIsoDate, weekStart } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { calendarDate, SCHOOL_WEEK_DAYS, schoolWeek } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { readPupilDiary } from './diary-days.ts';
import { pupilSummary } from './policy.ts';

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
  const mondayIn = (timeZone: string) =>
    weekStart(dateOnly(input.date ?? localToday(deps.now(), timeZone)));
  const { pupil, days } = await readPupilDiary(
    deps,
    actor,
    input.pupilId,
    (timeZone) => schoolWeek(mondayIn(timeZone)),
    { withAttachments: false },
  );
  const monday = dateOnly((days[0] as { date: string }).date);
  return {
    pupil: pupilSummary(pupil),
    weekStart: toIsoDate(monday),
    weekEnd: toIsoDate(addDays(monday, SCHOOL_WEEK_DAYS - 1)),
    days,
  };
};
