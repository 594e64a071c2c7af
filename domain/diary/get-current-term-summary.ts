import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { calendarDate } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { getPupilTermSummary } from './get-pupil-term-summary.ts';
import { getPupilForRead } from './policy.ts';

export const getCurrentTermSummaryInput = z
  .object({
    pupilId: id,
    /** The day whose quarter is wanted (default: the school's today). */
    date: calendarDate.optional(),
  })
  .strict();
export type GetCurrentTermSummaryInput = z.input<typeof getCurrentTermSummaryInput>;

/**
 * The term summary (see getPupilTermSummary) of the quarter a day falls in — in the holidays the
 * quarter just ended, before the first quarter the first one — so a parent asking "how is this
 * term going" needs no term id (R16, R22).
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getCurrentTermSummary = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getCurrentTermSummaryInput, raw);
  const pupil = await getPupilForRead(deps.db, actor, input.pupilId);
  const day = dateOnly(input.date ?? localToday(deps.now(), pupil.timeZone));
  const quarters = await deps.db.term.findMany({
    where: { yearId: pupil.yearId, kind: 'QUARTER' },
    select: { id: true, startsOn: true },
    orderBy: { startsOn: 'asc' },
  });
  const term = quarters.filter((q) => q.startsOn <= day).at(-1) ?? quarters[0];
  if (!term) throw notFound('term');
  return getPupilTermSummary(deps, actor, { pupilId: pupil.id, termId: term.id });
};
