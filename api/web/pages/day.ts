import type { Request } from 'express';
import { render } from '../render.ts';
import type { PageModule } from '../types.ts';
import { formId } from './params.ts';

const intField = (req: Request, name: string) =>
  formId((req.body as Record<string, unknown> | undefined)?.[name]);

/** "My day": today's lessons of the signed-in teacher and what is still missing. */
export const dayPages: PageModule = ({ get, post, staff, deps }) => {
  const { domain } = deps;

  get('/day', staff, async (req, res) => {
    const [day, journals] = await Promise.all([
      domain.journal.getTeacherDay(req.actor, {}),
      domain.journal.listMyJournals(req.actor),
    ]);
    render(req, res, 'day', { day, journals });
  });

  // A lesson of the timetable that has no journal record yet: record it (the domain checks that
  // the teacher may), then open its page.
  post('/day/lessons', staff, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const lesson = await domain.journal.recordLesson(req.actor, {
      classGroupId: intField(req, 'classGroupId'),
      subjectId: intField(req, 'subjectId'),
      date: body.date,
      lessonNumber: intField(req, 'lessonNumber'),
      ...(body.subgroupId ? { subgroupId: intField(req, 'subgroupId') } : {}),
    });
    res.redirect(303, `/journal/lessons/${lesson.id}`);
  });
};
