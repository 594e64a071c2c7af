import { schemas } from '../../domain/index.ts';
import { defineRoutes } from './define.ts';

/** The pupils' and parents' diary (R15–R17). Access is decided in the domain: a parent reads only their children. */
export const diaryRoutes = defineRoutes([
  {
    method: 'get',
    path: '/me/children',
    summary:
      'The pupils whose diary the signed-in parent or pupil opens (switching between children)',
    tag: 'diary',
    handle: ({ domain, actor }) => domain.diary.listChildren(actor, {}),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/diary/day',
    rereadsActor: true,
    summary:
      "One day of a pupil's diary: lessons, bells, substitutions, topics, homework, marks, attendance",
    tag: 'diary',
    query: schemas.getDiaryDayInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.getDiaryDay(actor, { ...query, pupilId: params.pupilId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/diary/week',
    rereadsActor: true,
    summary: "The Monday–Saturday week of a pupil's diary containing the date",
    tag: 'diary',
    query: schemas.getDiaryWeekInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.getDiaryWeek(actor, { ...query, pupilId: params.pupilId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/marks',
    summary: "A pupil's marks for a period (optionally one subject), newest first",
    tag: 'diary',
    query: schemas.listPupilMarksInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.listPupilMarks(actor, { ...query, pupilId: params.pupilId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/terms/:termId/summary',
    summary:
      'Per subject for a term: marks, weighted average, final mark, absences, 5s needed for the next mark',
    tag: 'diary',
    handle: ({ domain, actor, params }) =>
      domain.diary.getPupilTermSummary(actor, { pupilId: params.pupilId, termId: params.termId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/term-summary',
    summary:
      'The term summary of the quarter a day falls in (default today; in the holidays the one just ended)',
    tag: 'diary',
    query: schemas.getCurrentTermSummaryInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.getCurrentTermSummary(actor, { ...query, pupilId: params.pupilId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/mark-changes',
    summary:
      "Changes and deletions of a pupil's marks in a period: who, when, old → new, why (newest first)",
    tag: 'diary',
    query: schemas.listMarkChangesInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.listMarkChanges(actor, { ...query, pupilId: params.pupilId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/homework',
    summary:
      "Homework due in a period (default: the coming week), incl. the pupil's individual homework",
    tag: 'diary',
    query: schemas.listHomeworkInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.listHomework(actor, { ...query, pupilId: params.pupilId }),
  },
  {
    method: 'get',
    path: '/pupils/:pupilId/attendance',
    summary: "A pupil's attendance for a period with totals",
    tag: 'diary',
    query: schemas.listPupilAttendanceInput.omit({ pupilId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.diary.listPupilAttendance(actor, { ...query, pupilId: params.pupilId }),
  },
]);
