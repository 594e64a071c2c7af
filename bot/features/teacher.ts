/** A linked teacher: today's lessons (and the days around), a led class's attendance. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { callbackPattern, TODAY } from '../keyboards/callback-data.ts';
import { showClassAttendance, showTeacherDay, showTeacherMenu } from '../screens-teacher.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('teacher')).chatType('private');

feature.command('lessons', (ctx) => showTeacherDay(ctx));
// A parent who also teaches reaches the teacher's menu (their family menu comes first).
feature.command('teacher', (ctx) => showTeacherMenu(ctx));
feature.callbackQuery(callbackPattern.teacherMenu, (ctx) => showTeacherMenu(ctx));
feature.callbackQuery(callbackPattern.teacherDay, (ctx) => {
  const day = ctx.match[1];
  return showTeacherDay(ctx, day === TODAY ? undefined : day);
});
feature.callbackQuery(callbackPattern.classAttendance, (ctx) =>
  showClassAttendance(ctx, Number(ctx.match[1])),
);

export { composer as teacherFeature };
