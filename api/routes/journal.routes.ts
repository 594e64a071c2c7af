import {
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_MB,
  schemas,
} from '../../domain/index.ts';
import { sendFile } from '../middleware/download.ts';
import { receiveFile } from '../middleware/upload.ts';
import { defineRoutes, withPath } from './define.ts';

export const journalRoutes = defineRoutes([
  {
    method: 'post',
    path: '/lessons',
    summary:
      'Records a lesson (topic, material, homework — also in advance) or updates it if it exists',
    tag: 'journal',
    body: schemas.recordLessonInput,
    status: 201,
    handle: ({ domain, actor, body }) => domain.journal.recordLesson(actor, body),
  },
  {
    method: 'get',
    path: '/lessons/:lessonId',
    summary:
      'One lesson with homework (general and individual) and attachments, for staff of the class',
    tag: 'journal',
    handle: ({ domain, actor, params }) => domain.journal.getLesson(actor, params),
  },
  {
    method: 'patch',
    path: '/lessons/:lessonId',
    summary: "Changes a lesson's topic, material, homework or plan item (null clears a field)",
    tag: 'journal',
    body: schemas.updateLessonInput.omit({ lessonId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.journal.updateLesson(actor, withPath(body, { lessonId: params.lessonId })),
  },
  {
    method: 'put',
    path: '/lessons/:lessonId/individual-homework',
    summary: 'Replaces the individual homework of a lesson (one text per pupil)',
    tag: 'journal',
    body: schemas.setIndividualHomeworkInput.omit({ lessonId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.journal.setIndividualHomework(actor, withPath(body, { lessonId: params.lessonId })),
  },
  {
    method: 'post',
    path: '/lessons/:lessonId/attachments',
    summary:
      "Uploads a file to a lesson's topic or homework (multipart/form-data, part `file`; at most 20 MB; documents and images, the type decided by content)",
    tag: 'journal',
    query: schemas.uploadAttachmentInput.pick({ target: true }),
    upload: {
      description: `The file: ${Object.keys(ATTACHMENT_TYPES).join(', ')}; at most ${MAX_ATTACHMENT_MB} MB`,
    },
    status: 201,
    handle: ({ domain, actor, params, query, req }) =>
      receiveFile(req, MAX_ATTACHMENT_BYTES, (file) =>
        domain.journal.uploadAttachment(
          actor,
          { ...query, lessonId: params.lessonId, fileName: file.fileName },
          file.stream,
        ),
      ),
  },
  {
    method: 'get',
    path: '/lessons/:lessonId/attachments',
    summary:
      "The files of a lesson's topic and homework (for its staff and the families of its class)",
    tag: 'journal',
    handle: ({ domain, actor, params }) =>
      domain.journal.listAttachments(actor, { lessonId: params.lessonId }),
  },
  {
    method: 'get',
    path: '/attachments/:attachmentId',
    summary:
      'Downloads an attached file (for everyone who may read its lesson: staff, parents and pupils of the class)',
    tag: 'journal',
    produces: 'application/octet-stream',
    handle: async ({ domain, actor, params, res }) => {
      const file = await domain.journal.openAttachment(actor, {
        attachmentId: params.attachmentId,
      });
      await sendFile(res, file);
      return undefined;
    },
  },
  {
    method: 'delete',
    path: '/attachments/:attachmentId',
    summary: 'Removes an attached file (who may write the lesson; kept in the audit)',
    tag: 'journal',
    status: 204,
    handle: async ({ domain, actor, params }) => {
      await domain.journal.deleteAttachment(actor, { attachmentId: params.attachmentId });
      return undefined;
    },
  },
  {
    method: 'put',
    path: '/lessons/:lessonId/attendance',
    summary: 'Records attendance of many pupils for one lesson (present, late, absent, excused)',
    tag: 'journal',
    body: schemas.recordAttendanceInput.omit({ lessonId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.journal.recordAttendance(actor, withPath(body, { lessonId: params.lessonId })),
  },
  {
    method: 'post',
    path: '/marks',
    summary: 'Records or changes a mark (one per lesson, pupil and kind)',
    tag: 'journal',
    body: schemas.recordMarkInput,
    status: 201,
    handle: ({ domain, actor, body }) => domain.journal.recordMark(actor, body),
  },
  {
    method: 'patch',
    path: '/marks/:markId',
    summary: 'Changes the value or comment of a mark (a reason is needed for old lessons)',
    tag: 'journal',
    body: schemas.changeMarkInput.omit({ markId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.journal.changeMark(actor, withPath(body, { markId: params.markId })),
  },
  {
    method: 'delete',
    path: '/marks/:markId',
    summary: 'Deletes a mark with a required reason (kept in the audit; parents are told)',
    tag: 'journal',
    body: schemas.deleteMarkInput.omit({ markId: true }),
    status: 204,
    handle: async ({ domain, actor, params, body }) => {
      await domain.journal.deleteMark(actor, withPath(body, { markId: params.markId }));
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/marks/:markId/history',
    summary: 'Who changed a mark, when, from which value to which, and why',
    tag: 'journal',
    handle: ({ domain, actor, params }) => domain.journal.listMarkHistory(actor, params),
  },
  {
    method: 'get',
    path: '/classes/:classGroupId/journal',
    summary:
      "One subject's journal page of a class: pupils × lessons with marks, attendance and averages",
    tag: 'journal',
    query: schemas.getClassJournalInput.omit({ classGroupId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.journal.getClassJournal(actor, { ...query, classGroupId: params.classGroupId }),
  },
  {
    method: 'get',
    path: '/classes/:classGroupId/overview',
    summary:
      "The class teacher's overview: today's lessons and attendance, marks and absences of the quarter per pupil, pupils at risk, which families linked Telegram",
    tag: 'journal',
    query: schemas.getClassOverviewInput.omit({ classGroupId: true }),
    handle: ({ domain, actor, params, query }) =>
      domain.journal.getClassOverview(actor, { ...query, classGroupId: params.classGroupId }),
  },
  {
    method: 'get',
    path: '/final-marks/suggestion',
    summary: "Suggested final mark from a pupil's current marks in a term (weighted average)",
    tag: 'journal',
    query: schemas.suggestFinalMarkInput,
    handle: ({ domain, actor, query }) => domain.journal.suggestFinalMark(actor, query),
  },
  {
    method: 'put',
    path: '/final-marks',
    summary:
      'Records the final marks of a class in a subject for a term (quarter, half-year, year or exam): a mark, н/а or бош; corrections need a reason',
    tag: 'journal',
    body: schemas.recordFinalMarksInput,
    handle: ({ domain, actor, body }) => domain.journal.recordFinalMarks(actor, body),
  },
  {
    method: 'delete',
    path: '/final-marks/:finalMarkId',
    summary:
      'Withdraws a final mark with a required reason (kept in the audit; the family is told)',
    tag: 'journal',
    body: schemas.withdrawFinalMarkInput.omit({ finalMarkId: true }),
    status: 204,
    handle: async ({ domain, actor, params, body }) => {
      await domain.journal.withdrawFinalMark(
        actor,
        withPath(body, { finalMarkId: params.finalMarkId }),
      );
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/journal/gaps',
    summary:
      'Journal-keeping control: lessons without a topic or without attendance, with teachers',
    tag: 'journal',
    query: schemas.listJournalGapsInput,
    handle: ({ domain, actor, query }) => domain.journal.listJournalGaps(actor, query),
  },
]);
