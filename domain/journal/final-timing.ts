import { dateOnly, localToday } from '../dates.ts';
import type { DbOrTx } from '../db.ts';
import { invalid } from '../errors.ts';

/**
 * A term's finals may be recorded from the term's last day on (school-local date), when the
 * teacher closes the term; earlier only where the school administration allows early finals
 * (`School.allowEarlyFinals`, set through the school settings by the administrator) — e.g. for a
 * pupil leaving before the end of the term. The rule is a school setting, not a per-request flag,
 * so it is decided once, audited, and the same for every teacher.
 * @throws DomainError VALIDATION_FAILED termNotEnded
 */
export const assertTermOpenForFinals = async (
  db: DbOrTx,
  schoolId: number,
  termEndsOn: Date,
  now: Date,
) => {
  const school = await db.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: { timeZone: true, allowEarlyFinals: true },
  });
  if (school.allowEarlyFinals) return;
  const today = dateOnly(localToday(now, school.timeZone));
  if (today < termEndsOn)
    throw invalid(['termId'], 'termNotEnded', { endsOn: termEndsOn.toISOString().slice(0, 10) });
};
