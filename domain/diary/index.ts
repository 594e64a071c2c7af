import { getDiaryDay, getDiaryDayInput } from './get-diary-day.ts';
import { getDiaryWeek, getDiaryWeekInput } from './get-diary-week.ts';
import { getPupilTermSummary, getPupilTermSummaryInput } from './get-pupil-term-summary.ts';
import { getCurrentTermSummary, getCurrentTermSummaryInput } from './get-current-term-summary.ts';
import { listChildren, listChildrenInput } from './list-children.ts';
import { listMarkChanges, listMarkChangesInput } from './list-mark-changes.ts';
import { listHomework, listHomeworkInput } from './list-homework.ts';
import { listPupilAttendance, listPupilAttendanceInput } from './list-pupil-attendance.ts';
import { listPupilMarks, listPupilMarksInput } from './list-pupil-marks.ts';

/** The pupils' and parents' diary (R15–R17): day, week, marks, term, homework, attendance. */
export const diaryUseCases = {
  listChildren,
  getDiaryDay,
  getDiaryWeek,
  listPupilMarks,
  getPupilTermSummary,
  getCurrentTermSummary,
  listMarkChanges,
  listHomework,
  listPupilAttendance,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const diarySchemas = {
  listChildrenInput,
  getDiaryDayInput,
  getDiaryWeekInput,
  listPupilMarksInput,
  getPupilTermSummaryInput,
  getCurrentTermSummaryInput,
  listMarkChangesInput,
  listHomeworkInput,
  listPupilAttendanceInput,
};
