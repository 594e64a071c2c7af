import type { MatrixEntry } from './types.ts';

export const journalMatrix: MatrixEntry[] = [
  {
    route: 'POST /marks',
    allowed: ['admin', 'deputy', 'teacherOfClass'],
    request: ({ world }) => ({ body: { lessonId: world.lessonA.id, pupilId: world.pupilA.id, value: 4 } }),
  },
];
