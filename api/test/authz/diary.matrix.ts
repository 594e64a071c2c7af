import { ROLES, type Role } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

/**
 * Who reads pupil A's diary: the parent and the pupil, the class teacher, the administration and
 * the psychologist — never parent B, nor a subject teacher, who sees only their own subject in the
 * class journal (R2, R5).
 */
const readersOfPupilA: Role[] = [
  'admin',
  'deputy',
  'classTeacher',
  'parentA',
  'pupilA',
  'psychologist',
];
const everyoneSignedIn = ROLES.filter((r) => r !== 'anonymous');

export const diaryMatrix: MatrixEntry[] = [
  { route: 'GET /me/children', allowed: everyoneSignedIn, request: () => ({}) },
  {
    route: 'GET /pupils/:pupilId/diary/day',
    allowed: readersOfPupilA,
    request: ({ world }) => ({
      params: { pupilId: world.pupilA.id },
      query: { date: '2026-10-14' },
    }),
  },
  {
    route: 'GET /pupils/:pupilId/diary/week',
    allowed: readersOfPupilA,
    request: ({ world }) => ({
      params: { pupilId: world.pupilA.id },
      query: { date: '2026-10-14' },
    }),
  },
  {
    route: 'GET /pupils/:pupilId/marks',
    allowed: readersOfPupilA,
    request: ({ world }) => ({
      params: { pupilId: world.pupilA.id },
      query: { from: '2026-10-01', to: '2026-10-31' },
    }),
  },
  {
    route: 'GET /pupils/:pupilId/terms/:termId/summary',
    allowed: readersOfPupilA,
    request: ({ world }) => ({
      params: { pupilId: world.pupilA.id, termId: world.terms[0]?.id ?? 0 },
    }),
  },
  {
    route: 'GET /pupils/:pupilId/homework',
    allowed: readersOfPupilA,
    request: ({ world }) => ({
      params: { pupilId: world.pupilA.id },
      query: { from: '2026-10-14', to: '2026-10-20' },
    }),
  },
  {
    route: 'GET /pupils/:pupilId/term-summary',
    allowed: readersOfPupilA,
    request: ({ world }) => ({ params: { pupilId: world.pupilA.id } }),
  },
  {
    route: 'GET /pupils/:pupilId/mark-changes',
    allowed: readersOfPupilA,
    request: ({ world }) => ({
      params: { pupilId: world.pupilA.id },
      query: { from: '2026-10-01', to: '2026-10-31' },
    }),
  },
  {
    route: 'GET /pupils/:pupilId/attendance',
    allowed: readersOfPupilA,
    request: ({ world }) => ({ params: { pupilId: world.pupilA.id } }),
  },
];
