import {
  actorSql,
  requireUser,
  toActor,
  type Actor,
  type ActorRow,
  type UserActor,
} from '../actor.ts';
import { readTogether } from '../db.ts';
import { addDays, SCHOOL_TIME_ZONE, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { schoolDays } from '../timetable/calendar.ts';
import { classSlotsSql, classSubstitutionsSql } from '../timetable/schedule.ts';
import { assembleDays, type DiaryDay, type DiaryRows } from './assemble.ts';
import {
  checkPupilForRead,
  pupilContextSql,
  type PupilContext,
  type PupilContextRow,
} from './policy.ts';
import { attendanceSql, lessonsSql, marksSql } from './queries.ts';

/** Slots are read this far past the range, to find the next lesson a homework is due on. */
const DUE_WINDOW_DAYS = 21;

/** Date columns of the rows below (JSON carries them as strings). */
const DATE_COLUMNS = ['date', 'validFrom', 'validTo', 'homeworkDueOn'] as const;

/** The five kinds of rows of a pupil's diary over [from, to], as one statement's columns. */
const diaryRowsSql = (
  pupilId: number,
  classGroupId: number | Prisma.Sql,
  from: Date,
  to: Date,
  withAttachments: boolean,
) => ({
  slots: classSlotsSql(classGroupId, from, addDays(to, DUE_WINDOW_DAYS)),
  lessons: lessonsSql({
    classGroupId,
    pupilId,
    from,
    to,
    attachments: withAttachments ? 'all' : 'none',
  }),
  substitutions: classSubstitutionsSql(classGroupId, from, to),
  marks: marksSql(pupilId, from, to),
  attendance: attendanceSql(pupilId, from, to),
});

const assemble = (
  pupil: PupilContext,
  dates: readonly Date[],
  rows: DiaryRows,
  withAttachments: boolean,
): DiaryDay[] => {
  const bells = new Map(pupil.bells.map((b) => [b.number, b]));
  return assembleDays(dates, rows, {
    shift: pupil.shift,
    subgroupIds: pupil.subgroupIds,
    isSchoolDay: schoolDays(pupil.terms),
    bell: (n) => ({
      startsAt: bells.get(n)?.startsAt ?? null,
      endsAt: bells.get(n)?.endsAt ?? null,
    }),
    withAttachments,
  });
};

const sameAccess = (a: UserActor, b: UserActor) =>
  JSON.stringify([a.userId, a.schoolId, a.language, a.roles, a.childIds, a.pupilId]) ===
    JSON.stringify([b.userId, b.schoolId, b.language, b.roles, b.childIds, b.pupilId]) &&
  JSON.stringify([a.classTeacherOf, a.teaches]) === JSON.stringify([b.classTeacherOf, b.teaches]);

/**
 * A pupil's diary days in ONE database round trip: the actor read afresh from what it presented
 * (its Telegram link or session, see `actorSql`), the pupil's context and the diary rows come
 * back from a single statement, and access is decided on that fresh actor before anything is
 * used. So an actor the API remembered (actor-cache.ts) is never trusted: an unlink, a closed
 * session or a deactivation refuses the very next request, in any process.
 *
 * `datesFor` gives the wanted days from the school's time zone (for "today"); the first try
 * assumes the usual time zone and a pupil of a school elsewhere costs a second statement.
 * @throws DomainError UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const readPupilDiary = async (
  deps: DomainDeps,
  actor: Actor,
  pupilId: number,
  datesFor: (timeZone: string) => Date[],
  options: { withAttachments: boolean },
): Promise<{ pupil: PupilContext; days: DiaryDay[] }> => {
  const claimed = requireUser(actor);
  const classGroupId = Prisma.sql`(SELECT p.class_group_id FROM pupil p WHERE p.id = ${pupilId})`;
  let dates = datesFor(SCHOOL_TIME_ZONE);
  for (;;) {
    const from = dates[0];
    const to = dates[dates.length - 1];
    if (!from || !to) throw new Error('no dates to read');
    const rows = await readTogether<DiaryRows & { actor: ActorRow[]; pupil: PupilContextRow[] }>(
      deps.reader,
      {
        actor: actorSql(claimed, deps.now()),
        pupil: pupilContextSql(pupilId),
        ...diaryRowsSql(pupilId, classGroupId, from, to, options.withAttachments),
      },
      DATE_COLUMNS,
    );
    const row = rows.actor[0];
    const fresh = row ? toActor(row, claimed.credential) : null;
    if (claimed.credential && (!fresh || !sameAccess(fresh, claimed)))
      deps.actors?.drop(claimed.credential);
    if (!fresh) throw new DomainError('UNAUTHENTICATED', 'sign-in required');
    const pupil = checkPupilForRead(fresh, rows.pupil[0] ?? null);
    const wanted = datesFor(pupil.timeZone);
    if (toIsoDate(wanted[0] as Date) !== toIsoDate(from)) {
      dates = wanted;
      continue;
    }
    return { pupil, days: assemble(pupil, dates, rows, options.withAttachments) };
  }
};
