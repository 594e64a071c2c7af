import { createSchool, createSchoolInput } from './create-school.ts';
import { getBellSchedule, getBellScheduleInput } from './get-bell-schedule.ts';
import { getPlan, getPlanInput } from './get-plan.ts';
import { getPlanProgress, getPlanProgressInput } from './get-plan-progress.ts';
import { getSchoolSettings, getSchoolSettingsInput } from './get-school-settings.ts';
import { listAssessmentSchemes, listAssessmentSchemesInput } from './list-assessment-schemes.ts';
import { listYears, listYearsInput } from './list-years.ts';
import { setAssessmentSchemes, setAssessmentSchemesInput } from './set-assessment-schemes.ts';
import { setBellSchedule, setBellScheduleInput } from './set-bell-schedule.ts';
import { setPlan, setPlanInput } from './set-plan.ts';
import { setTerms, setTermsInput } from './set-terms.ts';
import { updateSchoolSettings, updateSchoolSettingsInput } from './update-school-settings.ts';
import { upsertYear, upsertYearInput } from './upsert-year.ts';

/**
 * School setup that each school configures itself (R8, R10; term dates change every year and
 * grading is in reform): academic years and terms, assessment schemes, settings, bells, and the
 * calendar-thematic plan with each class's progress through it.
 */
export const schoolUseCases = {
  createSchool,
  listYears,
  upsertYear,
  setTerms,
  listAssessmentSchemes,
  setAssessmentSchemes,
  getSchoolSettings,
  updateSchoolSettings,
  getBellSchedule,
  setBellSchedule,
  getPlan,
  setPlan,
  getPlanProgress,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const schoolSchemas = {
  createSchoolInput,
  listYearsInput,
  upsertYearInput,
  setTermsInput,
  listAssessmentSchemesInput,
  setAssessmentSchemesInput,
  getSchoolSettingsInput,
  updateSchoolSettingsInput,
  getBellScheduleInput,
  setBellScheduleInput,
  getPlanInput,
  setPlanInput,
  getPlanProgressInput,
};
