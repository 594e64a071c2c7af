/** The diary: today and any day back and forth, marks by subject, switching between children. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { callbackPattern, TODAY } from '../keyboards/callback-data.ts';
import {
  showAnnouncements,
  showAttendance,
  showHomework,
  showMarkChanges,
  sendAttachment,
  showTerm,
  showTimetable,
} from '../screens-diary.ts';
import { present, showChildren, showDay, showMarks, showMenu } from '../screens.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('diary')).chatType('private');

/** The open child: the remembered one if still the user's, else the first; null without any. */
const currentPupilId = async (ctx: BotContext) => {
  const children = await ctx.sabak.children();
  const child = children.find((c) => c.pupilId === ctx.session.pupilId) ?? children[0];
  return child?.pupilId ?? null;
};

feature.command('today', async (ctx) => {
  const pupilId = await currentPupilId(ctx);
  return pupilId === null ? present(ctx, ctx.t('menu.noChildren')) : showDay(ctx, pupilId);
});
feature.command('marks', async (ctx) => {
  const pupilId = await currentPupilId(ctx);
  return pupilId === null ? present(ctx, ctx.t('menu.noChildren')) : showMarks(ctx, pupilId);
});
feature.command('homework', async (ctx) => {
  const pupilId = await currentPupilId(ctx);
  return pupilId === null
    ? present(ctx, ctx.t('menu.noChildren'))
    : showHomework(ctx, pupilId, 't');
});
feature.command('timetable', async (ctx) => {
  const pupilId = await currentPupilId(ctx);
  return pupilId === null
    ? present(ctx, ctx.t('menu.noChildren'))
    : showTimetable(ctx, pupilId, 'd');
});
feature.command('children', (ctx) => showChildren(ctx));
feature.command(['menu', 'help'], async (ctx) => {
  await ctx.reply(ctx.t('help'));
  return showMenu(ctx);
});

// Ids in buttons are only hints: the API refuses a pupil who is not the user's own.
feature.callbackQuery(callbackPattern.day, (ctx) => {
  const [, pupilId = '', day = TODAY, page = '0'] = ctx.match;
  return showDay(ctx, Number(pupilId), day === TODAY ? undefined : day, Number(page));
});
feature.callbackQuery(callbackPattern.marks, (ctx) => {
  const [, pupilId = '', page = '0'] = ctx.match;
  return showMarks(ctx, Number(pupilId), Number(page));
});
feature.callbackQuery(callbackPattern.term, (ctx) =>
  showTerm(ctx, Number(ctx.match[1]), Number(ctx.match[2])),
);
feature.callbackQuery(callbackPattern.homework, (ctx) =>
  showHomework(ctx, Number(ctx.match[1]), ctx.match[2] as 't' | 'w', Number(ctx.match[3])),
);
feature.callbackQuery(callbackPattern.timetable, (ctx) =>
  showTimetable(ctx, Number(ctx.match[1]), ctx.match[2] as 'd' | 't' | 'w', Number(ctx.match[3])),
);
feature.callbackQuery(callbackPattern.attendance, (ctx) =>
  showAttendance(ctx, Number(ctx.match[1]), Number(ctx.match[2])),
);
feature.callbackQuery(callbackPattern.announcements, (ctx) =>
  showAnnouncements(ctx, Number(ctx.match[1]), Number(ctx.match[2])),
);
feature.callbackQuery(callbackPattern.markChanges, (ctx) =>
  showMarkChanges(ctx, Number(ctx.match[1]), Number(ctx.match[2])),
);
feature.callbackQuery(callbackPattern.file, (ctx) => sendAttachment(ctx, Number(ctx.match[1])));
feature.callbackQuery(callbackPattern.menu, (ctx) => showMenu(ctx, Number(ctx.match[1])));
feature.callbackQuery(callbackPattern.home, (ctx) => showMenu(ctx));
feature.callbackQuery(callbackPattern.pickChild, (ctx) => showMenu(ctx, Number(ctx.match[1])));
feature.callbackQuery(callbackPattern.children, (ctx) => showChildren(ctx));

export { composer as diaryFeature };
