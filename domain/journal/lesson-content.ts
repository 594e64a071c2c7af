import { z } from 'zod';
import type { Tx } from '../db.ts';
import { dateOnly, toIsoDate } from '../dates.ts';
import { invalid } from '../errors.ts';
import type { Lesson } from '../generated/prisma/client.ts';
import { id, isoDate, MAX_TEXT } from '../validation.ts';

/** Free text that may be set, cleared (null or "") or left out (unchanged). */
const editableText = z.string().trim().max(MAX_TEXT).nullable().optional();

/** What a teacher writes about a lesson (R9): shared by recordLesson and updateLesson. */
export const lessonContentShape = {
  topic: editableText,
  material: editableText,
  homework: editableText,
  /** The day the homework is due; not before the lesson. */
  homeworkDueOn: isoDate.nullable().optional(),
  /** The calendar-thematic plan item the topic comes from (R10). */
  planItemId: id.nullable().optional(),
};

export interface LessonContentInput {
  topic?: string | null;
  material?: string | null;
  homework?: string | null;
  homeworkDueOn?: string | null;
  planItemId?: number | null;
}

export interface LessonContent {
  topic?: string | null;
  material?: string | null;
  homework?: string | null;
  homeworkDueOn?: Date | null;
  planItemId?: number | null;
}

const cleared = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null || v === '' ? null : v;

/** The fields given in the input as column values: "" clears like null, absent means unchanged. */
export const lessonContent = (input: LessonContentInput): LessonContent => {
  const content: LessonContent = {};
  const topic = cleared(input.topic);
  const material = cleared(input.material);
  const homework = cleared(input.homework);
  if (topic !== undefined) content.topic = topic;
  if (material !== undefined) content.material = material;
  if (homework !== undefined) content.homework = homework;
  if (input.homeworkDueOn !== undefined) {
    content.homeworkDueOn = input.homeworkDueOn === null ? null : dateOnly(input.homeworkDueOn);
  }
  if (input.planItemId !== undefined) content.planItemId = input.planItemId;
  return content;
};

/**
 * Checks the content fits the lesson: the plan item belongs to this subject, parallel and year of
 * the school; homework is not due before the lesson.
 * @throws DomainError VALIDATION_FAILED planItemMismatch | homeworkDueBeforeLesson
 */
export const assertContentFits = async (
  tx: Tx,
  content: LessonContent,
  lesson: { date: Date; subjectId: number; schoolId: number; yearId: number; gradeLevelId: number },
) => {
  if (content.homeworkDueOn && content.homeworkDueOn.getTime() < lesson.date.getTime()) {
    throw invalid(['homeworkDueOn'], 'homeworkDueBeforeLesson');
  }
  if (content.planItemId) {
    const item = await tx.planItem.findUnique({ where: { id: content.planItemId } });
    if (
      !item ||
      item.schoolId !== lesson.schoolId ||
      item.yearId !== lesson.yearId ||
      item.subjectId !== lesson.subjectId ||
      item.gradeLevelId !== lesson.gradeLevelId
    ) {
      throw invalid(['planItemId'], 'planItemMismatch');
    }
  }
};

/**
 * A lesson linked to a plan item takes the item's topic when no topic is typed (R10): the topic
 * the lesson ends up with — the one given now, else the stored one — is empty while the plan
 * item it ends up linked to has one. Returns the content with the topic filled in where so.
 */
export const withPlanTopic = async (
  tx: Tx,
  content: LessonContent,
  before: { topic: string | null; planItemId: number | null } | null,
): Promise<LessonContent> => {
  const planItemId = content.planItemId !== undefined ? content.planItemId : before?.planItemId;
  const topic = content.topic !== undefined ? content.topic : (before?.topic ?? null);
  if (!planItemId || topic) return content;
  const item = await tx.planItem.findUnique({
    where: { id: planItemId },
    select: { topic: true },
  });
  return item?.topic ? { ...content, topic: item.topic } : content;
};

/** Is there homework now, and is it new or different from before? (then parents are told) */
export const isHomeworkPosted = (
  before: { homework: string | null } | null,
  after: { homework: string | null },
) => after.homework !== null && after.homework !== (before?.homework ?? null);

/** A lesson as the API returns it: calendar days as "YYYY-MM-DD". */
export const presentLesson = (lesson: Lesson) => ({
  id: lesson.id,
  classGroupId: lesson.classGroupId,
  subgroupId: lesson.subgroupId,
  subjectId: lesson.subjectId,
  teacherId: lesson.teacherId,
  date: toIsoDate(lesson.date),
  lessonNumber: lesson.lessonNumber,
  topic: lesson.topic,
  material: lesson.material,
  homework: lesson.homework,
  homeworkDueOn: lesson.homeworkDueOn ? toIsoDate(lesson.homeworkDueOn) : null,
  planItemId: lesson.planItemId,
  updatedAt: lesson.updatedAt,
});
