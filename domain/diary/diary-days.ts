import type { SqlReader } from '../db.ts';
import { addDays } from '../dates.ts';
import { schoolDays } from '../timetable/calendar.ts';
import { loadClassSlots, loadClassSubstitutions } from '../timetable/schedule.ts';
import { assembleDays, type DiaryDay } from './assemble.ts';
import type { PupilContext } from './policy.ts';
import { loadAttendance, loadLessons, loadMarks } from './queries.ts';

/** Slots are read this far past the range, to find the next lesson a homework is due on. */
const DUE_WINDOW_DAYS = 21;

/**
 * The diary days `dates` (ascending, contiguous) of a pupil whose access was already checked:
 * five indexed queries for the whole range, run side by side, then assembled in memory.
 */
export const loadDiaryDays = async (
  db: SqlReader,
  pupil: PupilContext,
  dates: readonly Date[],
  options: { withAttachments: boolean },
): Promise<DiaryDay[]> => {
  const from = dates[0];
  const to = dates[dates.length - 1];
  if (!from || !to) return [];
  const [slots, lessons, substitutions, marks, attendance] = await Promise.all([
    loadClassSlots(db, pupil.classGroupId, from, addDays(to, DUE_WINDOW_DAYS)),
    loadLessons(db, {
      classGroupId: pupil.classGroupId,
      pupilId: pupil.id,
      from,
      to,
      attachments: options.withAttachments ? 'all' : 'none',
    }),
    loadClassSubstitutions(db, pupil.classGroupId, from, to),
    loadMarks(db, pupil.id, from, to),
    loadAttendance(db, pupil.id, from, to),
  ]);
  const bells = new Map(pupil.bells.map((b) => [b.number, b]));
  return assembleDays(
    dates,
    { slots, lessons, substitutions, marks, attendance },
    {
      shift: pupil.shift,
      subgroupIds: pupil.subgroupIds,
      isSchoolDay: schoolDays(pupil.terms),
      bell: (n) => ({
        startsAt: bells.get(n)?.startsAt ?? null,
        endsAt: bells.get(n)?.endsAt ?? null,
      }),
      withAttachments: options.withAttachments,
    },
  );
};
