import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { addDays, dateOnly, localToday, toIsoDate } from '../dates.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { DomainDeps } from '../deps.ts';
import { calendarDate, resolveRange } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { getPupilForRead, pupilSummary } from './policy.ts';

/** Longest period one request may cover. */
export const MAX_MARK_CHANGES_RANGE_DAYS = 400;

export const listMarkChangesInput = z
  .object({
    pupilId: id,
    /** First day a change was made (default: 30 days before `to`; without both: the latest changes). */
    from: calendarDate.optional(),
    /** Last day a change was made (default: today). */
    to: calendarDate.optional(),
  })
  .strict();
export type ListMarkChangesInput = z.input<typeof listMarkChangesInput>;

/** Changes one answer lists at most (newest first). */
const MAX_CHANGES = 100;
const BISHKEK_OFFSET_MS = 6 * 3600 * 1000;

interface MarkChangeRow {
  at: Date;
  action: string;
  markId: number;
  lessonDate: Date;
  subjectId: number;
  subjectKy: string;
  subjectRu: string;
  before: { value?: number; deletedAt?: string | null } | null;
  after: { value?: number; deletedAt?: string | null } | null;
  reason: string | null;
  actorLast: string | null;
  actorFirst: string | null;
}

/**
 * What changed in a pupil's marks (R12, R16): every change and deletion of one of their marks in
 * a period (or the latest ones), newest first — who, when, old → new, and the reason given. New marks are not listed
 * here (the marks screen shows them). The same readers as the diary: a parent only their
 * (granted) children.
 * @throws DomainError VALIDATION_FAILED (rangeReversed | rangeTooLong) | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const listMarkChanges = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listMarkChangesInput, raw);
  const pupil = await getPupilForRead(deps.db, actor, input.pupilId);
  // Without a period: the latest changes, whenever they were made (audit times are the database's).
  let period = Prisma.empty;
  if (input.from !== undefined || input.to !== undefined) {
    const today = dateOnly(localToday(deps.now(), pupil.timeZone));
    const { from, to } = resolveRange(
      input,
      { today, daysBefore: 30, daysAfter: 0 },
      MAX_MARK_CHANGES_RANGE_DAYS,
    );
    // A day of the school's calendar is taken in UTC+6 (Bishkek, no DST).
    const since = new Date(from.getTime() - BISHKEK_OFFSET_MS);
    const until = new Date(addDays(to, 1).getTime() - BISHKEK_OFFSET_MS);
    period = Prisma.sql`AND a.at >= ${since} AND a.at < ${until}`;
  }
  const rows = await deps.db.$queryRaw<MarkChangeRow[]>`
    SELECT a.at, a.action, m.id AS "markId", m.date AS "lessonDate", m.subject_id AS "subjectId",
           s.name_ky AS "subjectKy", s.name_ru AS "subjectRu", a.before, a.after, a.reason,
           u.last_name AS "actorLast", u.first_name AS "actorFirst"
    FROM mark m
    JOIN audit_entry a ON a.entity = 'mark' AND a.entity_id = m.id::text
    JOIN subject s ON s.id = m.subject_id
    LEFT JOIN app_user u ON u.id = a.actor_id
    WHERE m.pupil_id = ${pupil.id}
      AND a.action IN ('mark.change', 'mark.delete')
      ${period}
    ORDER BY a.at DESC, a.id DESC
    LIMIT ${MAX_CHANGES}`;
  return {
    pupil: pupilSummary(pupil),
    changes: rows
      .map((r) => {
        const isDeleted = r.action === 'mark.delete' || Boolean(r.after?.deletedAt);
        return {
          at: r.at,
          markId: r.markId,
          lessonDate: toIsoDate(r.lessonDate),
          subject: { id: r.subjectId, nameKy: r.subjectKy, nameRu: r.subjectRu },
          oldValue: r.before?.value ?? null,
          newValue: isDeleted ? null : (r.after?.value ?? null),
          isDeleted,
          reason: r.reason,
          by: r.actorLast ? { lastName: r.actorLast, firstName: r.actorFirst ?? '' } : null,
        };
      })
      // A comment-only change is no change of the mark a family sees.
      .filter((c) => c.isDeleted || c.oldValue !== c.newValue),
  };
};
