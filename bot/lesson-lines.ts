/** The lines every lesson list shares (day, timetable, a teacher's day): number, subject, time. */
import type { BotContext } from './context.ts';
import { shortName, subjectName, type PersonName } from './format.ts';

interface LessonLike {
  lessonNumber: number;
  subject: { nameKy: string; nameRu: string };
  startsAt?: string | null;
  endsAt?: string | null;
}

/** " (08:00–08:45)" when the bells are known, else nothing. */
export const lessonTime = (ctx: BotContext, lesson: LessonLike) =>
  lesson.startsAt && lesson.endsAt
    ? ` (${ctx.t('day.time', { from: lesson.startsAt, to: lesson.endsAt })})`
    : '';

/** "1. Математика (08:00–08:45)". */
export const lessonLine = (ctx: BotContext, lesson: LessonLike) =>
  ctx.t('day.lesson', {
    number: lesson.lessonNumber,
    subject: subjectName(ctx.lang, lesson.subject),
  }) + lessonTime(ctx, lesson);

/** "🔁 … ордуна … сабак өтөт" for a substituted lesson. */
export const substitutionLine = (
  ctx: BotContext,
  substitution: { absentTeacher: PersonName; substituteTeacher: PersonName },
) =>
  ctx.t('day.substitution', {
    teacher: shortName(substitution.substituteTeacher),
    absent: shortName(substitution.absentTeacher),
  });
