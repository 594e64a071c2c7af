import type { Role, World } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

/*
 * Every write below sets what the world already has (its year, terms, default grading, the
 * default late-entry window), so the rows of other areas, sharing this database, see no change.
 */

const staff: Role[] = [
  'admin',
  'deputy',
  'teacherOfClass',
  'teacherOfOtherClass',
  'classTeacher',
  'psychologist',
];
const managers: Role[] = ['admin', 'deputy'];

const school = (world: World) => ({ schoolId: world.school.id });
const year = (world: World) => ({ schoolId: world.school.id, yearId: world.year.id });

export const schoolMatrix: MatrixEntry[] = [
  {
    route: 'GET /schools/:schoolId/years',
    allowed: staff,
    request: ({ world }) => ({ params: school(world) }),
  },
  {
    route: 'PUT /schools/:schoolId/years',
    allowed: managers,
    request: ({ world }) => ({
      params: school(world),
      body: { name: '2026-2027', startsOn: '2026-09-01', endsOn: '2027-05-25', isCurrent: true },
    }),
  },
  {
    route: 'PUT /schools/:schoolId/years/:yearId/terms',
    allowed: managers,
    request: ({ world }) => ({
      params: year(world),
      body: {
        quarters: [
          { number: 1, startsOn: '2026-09-01', endsOn: '2026-10-31' },
          { number: 2, startsOn: '2026-11-09', endsOn: '2026-12-28' },
          { number: 3, startsOn: '2027-01-12', endsOn: '2027-03-20' },
          { number: 4, startsOn: '2027-04-01', endsOn: '2027-05-25' },
        ],
      },
    }),
  },
  {
    route: 'GET /schools/:schoolId/years/:yearId/assessment-schemes',
    allowed: staff,
    request: ({ world }) => ({ params: year(world) }),
  },
  {
    route: 'PUT /schools/:schoolId/years/:yearId/assessment-schemes',
    allowed: managers,
    request: ({ world }) => ({
      params: year(world),
      body: {
        bands: [
          { gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED' },
          { gradeFrom: 4, gradeTo: 11, scale: 'FIVE_POINT' },
        ],
      },
    }),
  },
  {
    route: 'GET /schools/:schoolId/settings',
    allowed: staff,
    request: ({ world }) => ({ params: school(world) }),
  },
  {
    route: 'PATCH /schools/:schoolId/settings',
    // Changing the late-entry window is the director's decision, not the deputy's.
    allowed: ['admin'],
    request: ({ world }) => ({ params: school(world), body: { lateEntryDays: 7 } }),
  },
  {
    route: 'GET /schools/:schoolId/bell-schedule',
    // The diary shows lesson times, so families of the school read the bells too.
    allowed: [...staff, 'parentA', 'parentB', 'pupilA'],
    request: ({ world }) => ({ params: school(world) }),
  },
  {
    route: 'PUT /schools/:schoolId/bell-schedule',
    allowed: managers,
    request: ({ world }) => ({
      params: school(world),
      body: {
        shifts: [
          {
            shift: 1,
            lessons: [
              { number: 1, startsAt: '08:00', endsAt: '08:45' },
              { number: 2, startsAt: '08:55', endsAt: '09:40' },
            ],
          },
          { shift: 2, lessons: [{ number: 1, startsAt: '13:00', endsAt: '13:45' }] },
        ],
      },
    }),
  },
  {
    route: 'GET /schools/:schoolId/plans',
    allowed: staff,
    request: ({ world }) => ({
      params: school(world),
      query: { yearId: String(world.year.id), subjectId: String(world.math.id), grade: '5' },
    }),
  },
  {
    route: 'PUT /schools/:schoolId/plans',
    // The math plan of the 5th grade: the administration and the math teacher of 5-А.
    allowed: ['admin', 'deputy', 'teacherOfClass'],
    request: ({ world }) => ({
      params: school(world),
      body: {
        yearId: world.year.id,
        subjectId: world.math.id,
        grade: 5,
        items: [
          { position: 1, topic: 'Натуралдык сандар', hours: 4 },
          { position: 2, topic: 'Жөнөкөй бөлчөктөр', hours: 6 },
        ],
      },
    }),
  },
  {
    route: 'GET /classes/:classGroupId/plan-progress',
    allowed: ['admin', 'deputy', 'teacherOfClass', 'classTeacher'],
    request: ({ world }) => ({
      params: { classGroupId: world.classA.id },
      query: { subjectId: String(world.math.id) },
    }),
  },
];
