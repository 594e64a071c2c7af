import type { MatrixEntry } from './types.ts';

/** A one-sheet CSV (a subject): importing it twice changes nothing, so every allowed role may run it. */
const SUBJECT_CSV = 'Код;Название (кырг.);Название (рус.)\nART;Сүрөт;Изобразительное искусство\n';

export const importsMatrix: MatrixEntry[] = [
  {
    route: 'POST /schools/:schoolId/imports',
    allowed: ['admin', 'deputy'],
    request: ({ world }) => ({
      params: { schoolId: world.school.id },
      query: { fileName: 'subjects.csv' },
      raw: { contentType: 'text/csv', data: SUBJECT_CSV },
    }),
  },
  {
    route: 'GET /schools/:schoolId/export',
    allowed: ['admin', 'deputy'],
    request: ({ world }) => ({ params: { schoolId: world.school.id }, query: { format: 'json' } }),
  },
];
