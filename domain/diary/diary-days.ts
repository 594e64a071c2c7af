import { readTogether, type SqlReader } from '../db.ts';
import { addDays } from '../dates.ts';
import { schoolDays } from '../timetable/calendar.ts';
import { classSlotsSql, classSubstitutionsSql } from '../timetable/schedule.ts';
import { assembleDays, type DiaryDay, type DiaryRows } from './assemble.ts';
import type { PupilContext } from './policy.ts';
import { attendanceSql, lessonsSql, marksSql } from './queries.ts';

/** Slots are read this far past the range, to find the next lesson a homework is due on. */
const DUE_WINDOW_DAYS = 21;

/** Date columns of the rows below (JSON carries them as strings). */
const DATE_COLUMNS = ['date', 'validFrom', 'validTo', 'homeworkDueOn'] as const;

/**
 * The diary days `dates` (ascending, contiguous) of a pupil whose access was already checked:
 * five indexed queries for the whole range, sent as one statement, then assembled in memory.
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
  const { slots, lessons, substitutions, marks, attendance } = await readTogether<DiaryRows>(
    db,
    {
      slots: classSlotsSql(pupil.classGroupId, from, addDays(to, DUE_WINDOW_DAYS)),
      lessons: lessonsSql({
        classGroupId: pupil.classGroupId,
        pupilId: pupil.id,
        from,
        to,
        attachments: options.withAttachments ? 'all' : 'none',
      }),
      substitutions: classSubstitutionsSql(pupil.classGroupId, from, to),
      marks: marksSql(pupil.id, from, to),
      attendance: attendanceSql(pupil.id, from, to),
    },
    DATE_COLUMNS,
  );
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
