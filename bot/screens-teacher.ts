/** A linked teacher's screens: today's lessons, a led class's attendance, an announcement's class. */
import { InlineKeyboard } from 'grammy';
import type { BotContext } from './context.ts';
import { addDays, formatDay, shortName, subjectName, todayInBishkek } from './format.ts';
import { callbackData } from './keyboards/callback-data.ts';
import { teacherMenuKeyboard } from './keyboards/menus.ts';
import { lessonTime } from './lesson-lines.ts';
import { page, present } from './present.ts';

const TEACHING_ROLES = ['TEACHER', 'CLASS_TEACHER', 'ADMIN', 'DEPUTY'];

const backToMenu = (ctx: BotContext, keyboard = new InlineKeyboard()) =>
  keyboard.text(ctx.t('menu.back'), callbackData.teacherMenu());

/** The teacher's menu; someone with neither children nor a teaching role is told so. */
export const showTeacherMenu = async (ctx: BotContext) => {
  const me = await ctx.sabak.me();
  const isTeacher = me.roles.some((r) => TEACHING_ROLES.includes(r)) || me.classes.length > 0;
  if (!isTeacher) return present(ctx, ctx.t('menu.noChildren'));
  return present(
    ctx,
    ctx.t('teacher.title', { name: shortName(me) }),
    teacherMenuKeyboard(
      ctx.t,
      me.classes.filter((c) => c.isLed),
      me.classes.length > 0,
    ),
  );
};

/** The teacher's lessons of one day (substitutions they cover marked), with the days around. */
export const showTeacherDay = async (ctx: BotContext, isoDay?: string, requestedPage = 0) => {
  const { t, lang } = ctx;
  const me = await ctx.sabak.me();
  const date = isoDay ?? todayInBishkek(ctx.now());
  const week = await ctx.sabak.teacherWeek(me.id, date);
  const day = week.days.find((d) => d.date === date);
  const lines = [t('teacher.dayTitle', { date: formatDay(lang, date) })];
  const lessons = day?.lessons ?? [];
  if (lessons.length === 0) lines.push('', t('day.noLessons'));
  for (const lesson of lessons) {
    lines.push(
      '',
      t('teacher.lesson', {
        number: lesson.lessonNumber,
        subject: subjectName(lang, lesson.subject),
        className: lesson.classGroup.name,
      }) + lessonTime(ctx, lesson),
    );
    if (lesson.room) lines.push(t('timetable.room', { room: lesson.room }));
    if (lesson.isSubstitution && lesson.absentTeacher)
      lines.push(t('teacher.covering', { absent: shortName(lesson.absentTeacher) }));
    if (lesson.coveredBy)
      lines.push(t('teacher.coveredBy', { teacher: shortName(lesson.coveredBy) }));
  }
  const shown = page(lines.join('\n'), requestedPage);
  const keyboard = new InlineKeyboard()
    .text(t('day.prev'), callbackData.teacherDay(addDays(date, -1)))
    .text(t('day.next'), callbackData.teacherDay(addDays(date, 1)))
    .row();
  return present(ctx, shown.text, backToMenu(ctx, keyboard));
};

/** Today's attendance of a class the teacher leads, lesson by lesson (from the class overview). */
export const showClassAttendance = async (ctx: BotContext, classGroupId: number) => {
  const { t, lang } = ctx;
  const overview = await ctx.sabak.classOverview(classGroupId);
  const lines = [
    t('classAttendance.title', {
      className: overview.className,
      date: formatDay(lang, overview.date),
    }),
  ];
  const { lessons } = overview.today;
  if (lessons.length === 0) lines.push('', t('classAttendance.noLessons'));
  for (const lesson of lessons) {
    lines.push(
      '',
      t('day.lesson', { number: lesson.lessonNumber, subject: subjectName(lang, lesson.subject) }),
    );
    const missing = overview.pupils.flatMap((pupil) =>
      pupil.today
        .filter((entry) => entry.lessonNumber === lesson.lessonNumber)
        .map((entry) => ({ pupil, entry })),
    );
    if (!lesson.attendanceTaken) lines.push(t('classAttendance.notTaken'));
    else if (missing.length === 0) lines.push(t('classAttendance.allPresent'));
    for (const { pupil, entry } of missing)
      lines.push(
        `• ${shortName(pupil)} — ${
          entry.status === 'LATE' && entry.lateMinutes
            ? t('day.late', { minutes: entry.lateMinutes })
            : t(`attendance.${entry.status}`)
        }`,
      );
  }
  return present(ctx, page(lines.join('\n'), 0).text, backToMenu(ctx));
};

/** The classes a teacher may announce to (those they teach or lead). */
export const showAnnounceClasses = async (ctx: BotContext) => {
  const me = await ctx.sabak.me();
  const keyboard = new InlineKeyboard();
  for (const cls of me.classes) keyboard.text(cls.name, callbackData.announceTo(cls.id)).row();
  return present(ctx, ctx.t('announce.pickClass'), backToMenu(ctx, keyboard));
};
