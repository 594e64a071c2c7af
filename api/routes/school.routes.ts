import { schemas } from '../../domain/index.ts';
import { defineRoutes, withPath } from './define.ts';

/**
 * School setup (R8, R10): years and terms, assessment schemes, settings, bells, and the
 * calendar-thematic plan — what each school configures itself.
 */
export const schoolRoutes = defineRoutes([
  {
    method: 'get',
    path: '/schools/:schoolId/years',
    summary: "The school's academic years with their quarters, half-years and year term",
    tag: 'school',
    handle: ({ domain, actor, params }) => domain.school.listYears(actor, params),
  },
  {
    method: 'put',
    path: '/schools/:schoolId/years',
    summary:
      'Creates or changes an academic year by name; making it current unsets the others (administration)',
    tag: 'school',
    body: schemas.upsertYearInput.omit({ schoolId: true }),
    handle: async ({ domain, actor, params, body, res }) => {
      const { year, created } = await domain.school.upsertYear(
        actor,
        withPath(body, { schoolId: params.schoolId }),
      );
      res.status(created ? 201 : 200).json(year);
      return undefined;
    },
  },
  {
    method: 'put',
    path: '/schools/:schoolId/years/:yearId/terms',
    summary: "Sets the dates of a year's four quarters and two half-years (administration)",
    tag: 'school',
    body: schemas.setTermsInput.omit({ schoolId: true, yearId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.school.setTerms(
        actor,
        withPath(body, { schoolId: params.schoolId, yearId: params.yearId }),
      ),
  },
  {
    method: 'get',
    path: '/schools/:schoolId/years/:yearId/assessment-schemes',
    summary: "A year's assessment scheme: scale and weights per grade band (defaults if unset)",
    tag: 'school',
    handle: ({ domain, actor, params }) => domain.school.listAssessmentSchemes(actor, params),
  },
  {
    method: 'put',
    path: '/schools/:schoolId/years/:yearId/assessment-schemes',
    summary:
      "Replaces a year's assessment scheme: bands covering grades 1–11 once (administration)",
    tag: 'school',
    body: schemas.setAssessmentSchemesInput.omit({ schoolId: true, yearId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.school.setAssessmentSchemes(
        actor,
        withPath(body, { schoolId: params.schoolId, yearId: params.yearId }),
      ),
  },
  {
    method: 'get',
    path: '/schools/:schoolId/settings',
    summary: "The school's settings (name, time zone, late-entry window)",
    tag: 'school',
    handle: ({ domain, actor, params }) => domain.school.getSchoolSettings(actor, params),
  },
  {
    method: 'patch',
    path: '/schools/:schoolId/settings',
    summary: "Changes the school's name or late-entry window (school administrator only)",
    tag: 'school',
    body: schemas.updateSchoolSettingsInput.omit({ schoolId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.school.updateSchoolSettings(actor, withPath(body, { schoolId: params.schoolId })),
  },
  {
    method: 'get',
    path: '/schools/:schoolId/bell-schedule',
    summary: 'When each lesson of each shift starts and ends (also for parents and pupils)',
    tag: 'school',
    handle: ({ domain, actor, params }) => domain.school.getBellSchedule(actor, params),
  },
  {
    method: 'put',
    path: '/schools/:schoolId/bell-schedule',
    summary: "Replaces the school's bell schedule, every shift at once (administration)",
    tag: 'school',
    body: schemas.setBellScheduleInput.omit({ schoolId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.school.setBellSchedule(actor, withPath(body, { schoolId: params.schoolId })),
  },
  {
    method: 'get',
    path: '/schools/:schoolId/plans',
    summary: 'The calendar-thematic plan of a subject in a parallel for a year',
    tag: 'school',
    query: schemas.getPlanInput.omit({ schoolId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.school.getPlan(actor, { ...query, schoolId: params.schoolId }),
  },
  {
    method: 'put',
    path: '/schools/:schoolId/plans',
    summary:
      'Sets the calendar-thematic plan of a subject in a parallel (administration, its teachers)',
    tag: 'school',
    body: schemas.setPlanInput.omit({ schoolId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.school.setPlan(actor, withPath(body, { schoolId: params.schoolId })),
  },
  {
    method: 'get',
    path: '/classes/:classGroupId/plan-progress',
    summary: 'How far a class is through its program in a subject: topics covered, next topic',
    tag: 'school',
    query: schemas.getPlanProgressInput.omit({ classGroupId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.school.getPlanProgress(actor, { ...query, classGroupId: params.classGroupId }),
  },
]);
