import type { DbOrTx } from '../db.ts';
import { daysBetween, localToday, dateOnly } from '../dates.ts';
import { DomainError, invalid } from '../errors.ts';

/**
 * The journal's time rules for an entry on a lesson, with one read of the school's settings.
 * No hard date lock (it pushes teachers back to paper): a change to a lesson older than the
 * school's `lateEntryDays` is allowed with a reason, which goes into the audit. With
 * `futureKey`, an entry for a lesson that has not happened yet (school-local) is refused with that
 * message key: marks and attendance wait for the lesson.
 * @throws DomainError JOURNAL_LOCKED when the lesson is old and no reason is given |
 *   VALIDATION_FAILED (futureKey) when the lesson lies after today
 */
export const assertLateEntryReason = async (
  db: DbOrTx,
  schoolId: number,
  lessonDate: Date,
  now: Date,
  reason: string | undefined,
  futureKey?: string,
) => {
  const school = await db.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: { lateEntryDays: true, timeZone: true },
  });
  const age = daysBetween(lessonDate, dateOnly(localToday(now, school.timeZone)));
  if (futureKey && age < 0) throw invalid(['lessonId'], futureKey);
  if (age > school.lateEntryDays && !reason) {
    throw new DomainError('JOURNAL_LOCKED', `lesson is ${age} days old; a reason is required`, {
      details: { days: school.lateEntryDays },
    });
  }
};
