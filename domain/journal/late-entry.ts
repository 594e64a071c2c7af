import type { DbOrTx } from '../db.ts';
import { daysBetween, localToday, dateOnly } from '../dates.ts';
import { DomainError } from '../errors.ts';

/**
 * No hard date lock (it pushes teachers back to paper): a change to a lesson older than the
 * school's `lateEntryDays` is allowed with a reason, which goes into the audit.
 * @throws DomainError JOURNAL_LOCKED when the lesson is old and no reason is given
 */
export const assertLateEntryReason = async (
  db: DbOrTx,
  schoolId: number,
  lessonDate: Date,
  now: Date,
  reason: string | undefined,
) => {
  const school = await db.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: { lateEntryDays: true, timeZone: true },
  });
  const age = daysBetween(lessonDate, dateOnly(localToday(now, school.timeZone)));
  if (age > school.lateEntryDays && !reason) {
    throw new DomainError('JOURNAL_LOCKED', `lesson is ${age} days old; a reason is required`, {
      details: { days: school.lateEntryDays },
    });
  }
};

/** Does the lesson lie after today (school-local)? Marks and attendance wait for the lesson. */
export const isFutureLesson = (lessonDate: Date, now: Date, timeZone: string) =>
  lessonDate.getTime() > dateOnly(localToday(now, timeZone)).getTime();
