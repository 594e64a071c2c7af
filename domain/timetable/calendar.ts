/**
 * School-calendar helpers shared by the timetable and the diary: strict date input, date ranges,
 * the Monday–Saturday school week, school days (inside a quarter, not on Sunday).
 */
import { addDays, dateOnly, daysBetween, isoWeekday, toIsoDate, weekStart } from '../dates.ts';
import { invalid } from '../errors.ts';

/** Strict date input lives with the other input schemas; re-exported under the calendar's name. */
export { isCalendarDate, isoDate as calendarDate } from '../validation.ts';

/** School days run Monday (1) to Saturday (6). */
export const SCHOOL_WEEK_DAYS = 6;

/** The Monday–Saturday school week containing `date` (a Sunday belongs to the week before it). */
export const schoolWeek = (date: Date): Date[] => {
  const monday = weekStart(date);
  return Array.from({ length: SCHOOL_WEEK_DAYS }, (_, i) => addDays(monday, i));
};

/** Every day from `from` to `to`, both included. */
export const eachDay = (from: Date, to: Date): Date[] =>
  Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));

/**
 * Optional "from"/"to" bounds as dates, defaulting around `today`, in order and at most `maxDays`
 * long.
 * @throws DomainError VALIDATION_FAILED rangeReversed | rangeTooLong
 */
export const resolveRange = (
  input: { from?: string | undefined; to?: string | undefined },
  defaults: { today: Date; daysBefore: number; daysAfter: number },
  maxDays: number,
): { from: Date; to: Date } => {
  const from = input.from
    ? dateOnly(input.from)
    : input.to
      ? addDays(dateOnly(input.to), -(defaults.daysBefore + defaults.daysAfter))
      : addDays(defaults.today, -defaults.daysBefore);
  const to = input.to
    ? dateOnly(input.to)
    : addDays(from, defaults.daysBefore + defaults.daysAfter);
  const days = daysBetween(from, to);
  if (days < 0) throw invalid(['to'], 'rangeReversed');
  if (days >= maxDays) throw invalid(['to'], 'rangeTooLong', { maxDays });
  return { from, to };
};

export interface TermSpan {
  kind: 'QUARTER' | 'HALF' | 'YEAR';
  startsOn: Date | string;
  endsOn: Date | string;
}

const isoOf = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : toIsoDate(d));

/**
 * Decides which days are school days: Monday–Saturday inside a quarter (or inside a half-year,
 * for schools that run semesters only). Holidays between quarters are not school days, even
 * though they lie inside a half-year and the year.
 */
export const schoolDays = (terms: readonly TermSpan[]) => {
  const quarters = terms.filter((t) => t.kind === 'QUARTER');
  // As UTC-midnight times: the diary asks this for every day it looks ahead over.
  const spans = (quarters.length > 0 ? quarters : terms.filter((t) => t.kind === 'HALF')).map(
    (t) => ({
      from: dateOnly(isoOf(t.startsOn)).getTime(),
      to: dateOnly(isoOf(t.endsOn)).getTime(),
    }),
  );
  return (date: Date): boolean => {
    if (isoWeekday(date) > SCHOOL_WEEK_DAYS) return false;
    // The UTC calendar day of `date`, as toIsoDate reads it.
    const day = Math.floor(date.getTime() / 86_400_000) * 86_400_000;
    return spans.some((s) => s.from <= day && day <= s.to);
  };
};

/** "5-А": grade and letter, the way schools write a class. */
export const classLabel = (grade: number, letter: string) => `${grade}-${letter}`;

/** Lessons a day can have, per shift. */
export const MAX_LESSON_NUMBER = 8;
