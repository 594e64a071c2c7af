import { schemas } from '../../domain/index.ts';
import { defineRoutes } from './define.ts';

export const journalRoutes = defineRoutes([
  {
    method: 'post',
    path: '/marks',
    summary: 'Records or changes a mark (one per lesson, pupil and kind)',
    tag: 'journal',
    body: schemas.recordMarkInput,
    status: 201,
    handle: ({ domain, actor, body }) => domain.journal.recordMark(actor, body),
  },
]);
