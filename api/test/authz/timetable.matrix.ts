import { dateOnly } from '../../../domain/dates.ts';
import type { MatrixEntry } from './types.ts';

export const timetableMatrix: MatrixEntry[] = [
  {
    route: 'GET /classes/:classGroupId/timetable',
    // Readers of class 5-А, and the parent and the pupil of a pupil in it.
    allowed: [
      'admin',
      'deputy',
      'teacherOfClass',
      'classTeacher',
      'parentA',
      'pupilA',
      'psychologist',
    ],
    request: ({ world }) => ({
      params: { classGroupId: world.classA.id },
      query: { date: '2026-10-14' },
    }),
  },
  {
    route: 'PUT /classes/:classGroupId/timetable/slots',
    allowed: ['admin', 'deputy'],
    request: ({ world }) => ({
      params: { classGroupId: world.classA.id },
      body: {
        weekday: 5,
        lessonNumber: 6,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        room: '21',
        validFrom: '2026-09-01',
      },
    }),
  },
  {
    route: 'GET /teachers/:teacherId/timetable',
    allowed: ['admin', 'deputy', 'teacherOfClass'],
    request: ({ world }) => ({
      params: { teacherId: world.users.teacherOfClass.id },
      query: { date: '2026-10-14' },
    }),
  },
  {
    route: 'POST /substitutions',
    allowed: ['admin', 'deputy'],
    request: ({ world }) => ({
      body: {
        classGroupId: world.classA.id,
        date: '2026-10-16',
        lessonNumber: 7,
        subjectId: world.kyrgyz.id,
        absentTeacherId: world.users.teacherOfClass.id,
        substituteTeacherId: world.users.classTeacher.id,
      },
    }),
  },
  {
    route: 'GET /substitutions',
    // The administration sees the log; teachers the substitutions they are part of.
    allowed: ['admin', 'deputy', 'teacherOfClass', 'teacherOfOtherClass', 'classTeacher'],
    request: () => ({ query: { from: '2026-10-01', to: '2026-10-31' } }),
  },
  {
    route: 'DELETE /substitutions/:substitutionId',
    allowed: ['admin', 'deputy'],
    // Each allowed caller deletes it, so every call re-creates the row first.
    request: async ({ world, prisma }) => {
      const key = { classGroupId: world.classA.id, date: dateOnly('2026-10-13'), lessonNumber: 8 };
      const sub = await prisma.substitution.upsert({
        where: { classGroupId_date_lessonNumber: key },
        update: {},
        create: {
          ...key,
          subjectId: world.math.id,
          absentTeacherId: world.users.teacherOfClass.id,
          substituteTeacherId: world.users.classTeacher.id,
          createdById: world.users.admin.id,
        },
      });
      return { params: { substitutionId: sub.id } };
    },
  },
];
