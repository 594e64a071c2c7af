import { changeMark, changeMarkInput } from './change-mark.ts';
import { deleteAttachment, deleteAttachmentInput } from './delete-attachment.ts';
import { deleteMark, deleteMarkInput } from './delete-mark.ts';
import { getClassOverview, getClassOverviewInput } from './get-class-overview.ts';
import { getClassJournal, getClassJournalInput } from './get-class-journal.ts';
import { getJournalCell, getJournalCellInput } from './get-journal-cell.ts';
import { getLesson, getLessonInput } from './get-lesson.ts';
import { getLessonPage, getLessonPageInput } from './get-lesson-page.ts';
import { getTeacherDay, getTeacherDayInput } from './get-teacher-day.ts';
import { listAttachments, listAttachmentsInput } from './list-attachments.ts';
import { listMyJournals } from './list-my-journals.ts';
import { listJournalGaps, listJournalGapsInput } from './list-journal-gaps.ts';
import { listMarkHistory, listMarkHistoryInput } from './list-mark-history.ts';
import { openAttachment, openAttachmentInput } from './open-attachment.ts';
import { recordAttendance, recordAttendanceInput } from './record-attendance.ts';
import { recordFinalMarks, recordFinalMarksInput } from './record-final-marks.ts';
import { recordLesson, recordLessonInput } from './record-lesson.ts';
import { recordMark, recordMarkInput } from './record-mark.ts';
import { setIndividualHomework, setIndividualHomeworkInput } from './set-individual-homework.ts';
import { suggestFinalMark, suggestFinalMarkInput } from './suggest-final-mark.ts';
import { updateLesson, updateLessonInput } from './update-lesson.ts';
import { uploadAttachment, uploadAttachmentInput } from './upload-attachment.ts';
import { withdrawFinalMark, withdrawFinalMarkInput } from './withdraw-final-mark.ts';

/** The class journal (R5–R12, R22, R25): lessons and homework, marks, attendance, final marks, control. */
export const journalUseCases = {
  recordLesson,
  updateLesson,
  getLesson,
  getLessonPage,
  setIndividualHomework,
  uploadAttachment,
  listAttachments,
  openAttachment,
  deleteAttachment,
  recordMark,
  changeMark,
  deleteMark,
  listMarkHistory,
  recordAttendance,
  getClassJournal,
  getClassOverview,
  suggestFinalMark,
  recordFinalMarks,
  withdrawFinalMark,
  listJournalGaps,
  getTeacherDay,
  listMyJournals,
  getJournalCell,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const journalSchemas = {
  recordLessonInput,
  updateLessonInput,
  getLessonInput,
  getLessonPageInput,
  setIndividualHomeworkInput,
  uploadAttachmentInput,
  listAttachmentsInput,
  openAttachmentInput,
  deleteAttachmentInput,
  recordMarkInput,
  changeMarkInput,
  deleteMarkInput,
  listMarkHistoryInput,
  recordAttendanceInput,
  getClassJournalInput,
  getClassOverviewInput,
  suggestFinalMarkInput,
  recordFinalMarksInput,
  withdrawFinalMarkInput,
  listJournalGapsInput,
  getTeacherDayInput,
  getJournalCellInput,
};
