import { schemas } from '../../domain/index.ts';
import { defineRoutes } from './define.ts';

/** Timetables, their changes and substitutions (R16, R26). */
export const timetableRoutes = defineRoutes([
  {
    method: 'get',
    path: '/classes/:classGroupId/timetable',
    summary: "A class's Monday–Saturday week with bells and substitutions applied",
    tag: 'timetable',
    query: schemas.getClassTimetableInput.omit({ classGroupId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.timetable.getClassTimetable(actor, { ...query, classGroupId: params.classGroupId }),
  },
  {
    method: 'put',
    path: '/classes/:classGroupId/timetable/slots',
    summary: "Puts a lesson into a class's timetable from a date on (administration)",
    tag: 'timetable',
    body: schemas.upsertTimetableSlotInput.omit({ classGroupId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.timetable.upsertTimetableSlot(actor, {
        ...(body as object),
        classGroupId: params.classGroupId,
      }),
  },
  {
    method: 'get',
    path: '/teachers/:teacherId/timetable',
    summary:
      "A teacher's week: own lessons (and who covers them) and lessons covered for colleagues",
    tag: 'timetable',
    query: schemas.getTeacherTimetableInput.omit({ teacherId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.timetable.getTeacherTimetable(actor, { ...query, teacherId: params.teacherId }),
  },
  {
    method: 'post',
    path: '/substitutions',
    summary:
      'Records (or changes) who covers a lesson while its teacher is absent (administration)',
    tag: 'timetable',
    body: schemas.recordSubstitutionInput,
    status: 201,
    handle: async ({ domain, actor, body, res }) => {
      const { substitution, created } = await domain.timetable.recordSubstitution(actor, body);
      res.status(created ? 201 : 200).json(substitution);
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/substitutions',
    summary: 'The substitution log: all of the school for administration, their own for teachers',
    tag: 'timetable',
    query: schemas.listSubstitutionsInput,
    handle: ({ domain, actor, query }) => domain.timetable.listSubstitutions(actor, query),
  },
  {
    method: 'delete',
    path: '/substitutions/:substitutionId',
    summary: 'Cancels a substitution (administration)',
    tag: 'timetable',
    status: 204,
    handle: async ({ domain, actor, params }) => {
      await domain.timetable.deleteSubstitution(actor, { substitutionId: params.substitutionId });
      return undefined;
    },
  },
]);
