import { deleteSubstitution, deleteSubstitutionInput } from './delete-substitution.ts';
import { getClassTimetable, getClassTimetableInput } from './get-class-timetable.ts';
import { getTeacherTimetable, getTeacherTimetableInput } from './get-teacher-timetable.ts';
import { listSubstitutions, listSubstitutionsInput } from './list-substitutions.ts';
import { recordSubstitution, recordSubstitutionInput } from './record-substitution.ts';
import { upsertTimetableSlot, upsertTimetableSlotInput } from './upsert-timetable-slot.ts';

/** The timetable, its changes and substitutions (R16, R26). */
export const timetableUseCases = {
  getClassTimetable,
  getTeacherTimetable,
  upsertTimetableSlot,
  recordSubstitution,
  listSubstitutions,
  deleteSubstitution,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const timetableSchemas = {
  getClassTimetableInput,
  getTeacherTimetableInput,
  upsertTimetableSlotInput,
  recordSubstitutionInput,
  listSubstitutionsInput,
  deleteSubstitutionInput,
};
