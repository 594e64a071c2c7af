import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { addDays, dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { calendarDate, resolveRange, schoolDays } from '../timetable/calendar.ts';
import { concernsPupil, loadClassSlots } from '../timetable/schedule.ts';
import { id, parseInput } from '../validation.ts';
import { dueDateFinder } from './assemble.ts';
import { getPupilForRead, pupilSummary } from './policy.ts';
import { loadLessons } from './queries.ts';

/** Longest period one homework request may cover. */
export const MAX_HOMEWORK_RANGE_DAYS = 62;
/** Homework given this many days before the period can still be due inside it. */
const GIVEN_LOOKBACK_DAYS = 31;

export const listHomeworkInput = z
  .object({
    pupilId: id,
    /** First due day (default: today). */
    from: calendarDate.optional(),
    /** Last due day (default: six days after `from`, a week in all). */
    to: calendarDate.optional(),
  })
  .strict();
export type ListHomeworkInput = z.input<typeof listHomeworkInput>;

/**
 * Homework due in a period (R9, R16): every lesson of the pupil's class (and subgroups) that
 * carries general homework or homework set for this pupil alone, with its due date — the one the
 * teacher set, or else the next lesson of the subject in the timetable — and the files attached to
 * it. Ordered by due date. Another pupil's individual homework never appears.
 * @throws DomainError VALIDATION_FAILED (rangeReversed | rangeTooLong) | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const listHomework = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listHomeworkInput, raw);
  const pupil = await getPupilForRead(deps.db, actor, input.pupilId);
  const today = dateOnly(localToday(deps.now(), pupil.timeZone));
  const { from, to } = resolveRange(
    input,
    { today, daysBefore: 0, daysAfter: 6 },
    MAX_HOMEWORK_RANGE_DAYS,
  );
  const givenFrom = addDays(from, -GIVEN_LOOKBACK_DAYS);
  const [slots, lessons] = await Promise.all([
    loadClassSlots(deps.db, pupil.classGroupId, givenFrom, addDays(to, GIVEN_LOOKBACK_DAYS)),
    loadLessons(deps.db, {
      classGroupId: pupil.classGroupId,
      pupilId: pupil.id,
      from: givenFrom,
      to,
      attachments: 'homework',
      withHomeworkOnly: true,
    }),
  ]);
  const dueOf = dueDateFinder(slots, {
    subgroupIds: pupil.subgroupIds,
    isSchoolDay: schoolDays(pupil.terms),
  });
  const [first, last] = [toIsoDate(from), toIsoDate(to)];
  const items = lessons
    .filter((l) => concernsPupil(l.subgroupId, pupil.subgroupIds) || l.individualHomework !== null)
    .map((l) => ({ lesson: l, dueOn: dueOf(l), givenOn: toIsoDate(l.date) }))
    // Without a due date (no timetable), homework counts as due on the day it was given.
    .filter(({ dueOn, givenOn }) => {
      const day = dueOn ?? givenOn;
      return first <= day && day <= last;
    })
    .sort(
      (a, b) =>
        (a.dueOn ?? a.givenOn).localeCompare(b.dueOn ?? b.givenOn) ||
        a.lesson.lessonNumber - b.lesson.lessonNumber ||
        a.lesson.id - b.lesson.id,
    );
  return {
    pupil: pupilSummary(pupil),
    from: first,
    to: last,
    homework: items.map(({ lesson: l, dueOn, givenOn }) => ({
      lessonId: l.id,
      givenOn,
      dueOn,
      lessonNumber: l.lessonNumber,
      subject: { id: l.subjectId, nameKy: l.subjectKy, nameRu: l.subjectRu },
      teacher: {
        id: l.teacherId,
        lastName: l.teacherLast,
        firstName: l.teacherFirst,
        patronymic: l.teacherPatronymic,
      },
      topic: l.topic,
      text: l.homework,
      individual: l.individualHomework,
      attachments: l.attachments,
    })),
  };
};
