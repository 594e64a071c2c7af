import type { Request, Response } from 'express';
import { DomainError, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_MB } from '../../../domain/index.ts';
import { parseCanonicalId } from '../../middleware/boundary.ts';
import { sendFile } from '../../middleware/download.ts';
import { errorMessages } from '../../middleware/errors.ts';
import { receiveFile } from '../../middleware/upload.ts';
import { render, renderToString } from '../render.ts';
import type { PageModule, WebDeps } from '../types.ts';
import { formField, pathId } from './params.ts';

const ACCEPT = '.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.png,.jpg,.jpeg,.webp,.gif';

type LessonPage = Awaited<ReturnType<WebDeps['domain']['journal']['getLessonPage']>>;

const attachmentsView = (page: LessonPage, error: string | null = null) => ({
  lessonId: page.lesson.id,
  attachments: page.lesson.attachments,
  canWrite: page.canWrite,
  accept: ACCEPT,
  maxMb: MAX_ATTACHMENT_MB,
  uploadError: error,
});

/** What the form sent, to show it again when it is refused. */
const posted = (req: Request) => ({
  topic: formField(req, 'topic'),
  planItemId: formField(req, 'planItemId'),
  material: formField(req, 'material'),
  homework: formField(req, 'homework'),
  homeworkDueOn: formField(req, 'homeworkDueOn'),
});

/**
 * The lesson page (R9, R10): topic from the calendar-thematic plan or free text, material,
 * homework for the class and for chosen pupils, its due date (also in advance), and the files of
 * topic and homework — uploaded with htmx (multipart; the CSRF token rides in the header).
 */
export const lessonPages: PageModule = ({ get, post, staff, deps }) => {
  const { domain } = deps;

  const show = async (
    req: Request,
    res: Response,
    extra: { error?: string | null; form?: ReturnType<typeof posted> } = {},
    status = 200,
  ) => {
    const page = await domain.journal.getLessonPage(req.actor, {
      lessonId: pathId(req, 'lessonId'),
    });
    const individual = new Map(page.lesson.individualHomework.map((h) => [h.pupilId, h.text]));
    render(
      req,
      res,
      'lesson',
      {
        page,
        individual,
        saved: req.query.saved === '1',
        error: extra.error ?? null,
        form: extra.form ?? null,
        files: attachmentsView(page),
      },
      status,
    );
  };

  get('/journal/lessons/:lessonId', staff, async (req, res) => {
    await show(req, res);
  });

  post('/journal/lessons/:lessonId', staff, async (req, res) => {
    const lessonId = pathId(req, 'lessonId');
    try {
      const page = await domain.journal.getLessonPage(req.actor, { lessonId });
      const planItemId = formField(req, 'planItemId');
      const planItem = page.planItems.find((p) => String(p.id) === planItemId);
      const topic = formField(req, 'topic').trim() || planItem?.topic || '';
      await domain.journal.updateLesson(req.actor, {
        lessonId,
        topic: topic || null,
        planItemId: planItem ? planItem.id : null,
        material: formField(req, 'material') || null,
        homework: formField(req, 'homework') || null,
        homeworkDueOn: formField(req, 'homeworkDueOn') || null,
      });
      const items = page.pupils.flatMap((p) => {
        const text = formField(req, `ihw_${p.id}`).trim();
        return text ? [{ pupilId: p.id, text }] : [];
      });
      const before = page.lesson.individualHomework.map((h) => `${h.pupilId}:${h.text}`).join('\n');
      const after = items.map((i) => `${i.pupilId}:${i.text}`).join('\n');
      if (before !== after)
        await domain.journal.setIndividualHomework(req.actor, { lessonId, items });
      res.redirect(303, `/journal/lessons/${lessonId}?saved=1`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      await show(
        req,
        res,
        { error: errorMessages(req.t, error).join(' '), form: posted(req) },
        error.code === 'FORBIDDEN' ? 403 : 400,
      );
    }
  });

  // Uploaded with htmx (hx-encoding multipart/form-data): answers the attachments fragment, with
  // the localized refusal in it when the file was refused.
  post('/journal/lessons/:lessonId/attachments', staff, async (req, res) => {
    const lessonId = pathId(req, 'lessonId');
    let error: string | null = null;
    let status = 200;
    try {
      await receiveFile(req, MAX_ATTACHMENT_BYTES, (file) =>
        domain.journal.uploadAttachment(
          req.actor,
          {
            lessonId,
            target: file.fields.target === 'TOPIC' ? 'TOPIC' : 'HOMEWORK',
            fileName: file.fileName,
          },
          file.stream,
        ),
      );
    } catch (caught) {
      if (!(caught instanceof DomainError) || caught.code === 'NOT_FOUND') throw caught;
      if (caught.code === 'FORBIDDEN') throw caught;
      error = errorMessages(req.t, caught).join(' ');
      status = 400;
    }
    const page = await domain.journal.getLessonPage(req.actor, { lessonId });
    res
      .status(status)
      .type('html')
      .send(renderToString(req, res, 'partials/attachments', attachmentsView(page, error)));
  });

  post('/journal/attachments/:attachmentId/delete', staff, async (req, res) => {
    await domain.journal.deleteAttachment(req.actor, {
      attachmentId: pathId(req, 'attachmentId'),
    });
    // Only where to go back to: the page of the lesson the form came from.
    const lessonId = parseCanonicalId(formField(req, 'lessonId'));
    res.redirect(303, lessonId ? `/journal/lessons/${lessonId}#attachments` : '/day');
  });

  get('/journal/attachments/:attachmentId', staff, async (req, res) => {
    const file = await domain.journal.openAttachment(req.actor, {
      attachmentId: pathId(req, 'attachmentId'),
    });
    await sendFile(res, file);
  });
};
