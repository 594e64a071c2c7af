/**
 * The bot's screens. A screen opened by a button replaces the message the button sits on (one
 * message per conversation, not a flood); a screen opened by a command or text is a new message.
 */
import { InlineKeyboard } from 'grammy';
import type { Child, DiaryDay, PupilMarks } from './api-client.ts';
import type { BotContext } from './context.ts';
import {
  addDays,
  formatDay,
  formatNumber,
  shortName,
  subjectName,
  todayInBishkek,
} from './format.ts';
import { callbackData } from './keyboards/callback-data.ts';
import { lessonLine, substitutionLine } from './lesson-lines.ts';
import { page, present } from './present.ts';
import { showTeacherMenu } from './screens-teacher.ts';

export { present } from './present.ts';
import {
  childrenKeyboard,
  languageKeyboard,
  mainMenuKeyboard,
  pagerRow,
} from './keyboards/menus.ts';

/** The child whose diary is open: the remembered one if still among the children, else the first. */
const currentChild = (ctx: BotContext, children: readonly Child[]) =>
  children.find((c) => c.pupilId === ctx.session.pupilId) ?? children[0];

export const showHowToLink = (ctx: BotContext) => present(ctx, ctx.t('link.howTo'));

export const showLanguages = (ctx: BotContext) =>
  present(ctx, ctx.t('language.ask'), languageKeyboard(ctx.t));

/** The main menu of the current child (or of `pupilId` when it is one of the user's children). */
export const showMenu = async (ctx: BotContext, pupilId?: number, loaded?: readonly Child[]) => {
  // Back at the menu, a half-written message is dropped: a later text is not taken for it.
  ctx.session.compose = undefined;
  ctx.session.draft = undefined;
  const children = loaded ?? (await ctx.sabak.children());
  if (pupilId !== undefined && children.some((c) => c.pupilId === pupilId))
    ctx.session.pupilId = pupilId;
  const child = currentChild(ctx, children);
  // No children: a teacher (or a pupil's account not yet granted) — the teacher's menu decides.
  if (!child) return showTeacherMenu(ctx);
  ctx.session.pupilId = child.pupilId;
  return present(
    ctx,
    ctx.t('menu.title', { name: shortName(child), className: child.className }),
    mainMenuKeyboard(ctx.t, child.pupilId, children.length > 1),
  );
};

export const showChildren = async (ctx: BotContext) => {
  const children = await ctx.sabak.children();
  if (children.length === 0) return present(ctx, ctx.t('menu.noChildren'));
  return present(ctx, ctx.t('children.title'), childrenKeyboard(children));
};

const renderDay = (ctx: BotContext, day: DiaryDay) => {
  const { t, lang } = ctx;
  const lines = [
    t('day.title', {
      date: formatDay(lang, day.date ?? ''),
      name: shortName(day.pupil),
      className: day.pupil.className,
    }),
  ];
  const lessons = day.lessons ?? [];
  if (lessons.length === 0) lines.push('', t('day.noLessons'));
  for (const lesson of lessons) {
    lines.push('', lessonLine(ctx, lesson));
    if (lesson.substitution) lines.push(substitutionLine(ctx, lesson.substitution));
    if (lesson.topic) lines.push(t('day.topic', { topic: lesson.topic }));
    if (lesson.marks.length > 0)
      lines.push(t('day.marks', { marks: lesson.marks.map((m) => m.value).join(', ') }));
    if (lesson.attendance && lesson.attendance.status !== 'PRESENT')
      lines.push(
        lesson.attendance.status === 'LATE' && lesson.attendance.lateMinutes
          ? t('day.late', { minutes: lesson.attendance.lateMinutes })
          : t(`attendance.${lesson.attendance.status}`),
      );
    const homework = [lesson.homework?.text, lesson.homework?.individual]
      .filter((h): h is string => Boolean(h))
      .join('; ');
    if (homework) {
      const dueOn = lesson.homework?.dueOn;
      lines.push(
        t('day.homework', {
          text: dueOn
            ? t('day.homeworkDue', { text: homework, date: formatDay(lang, dueOn, false) })
            : homework,
        }),
      );
    }
  }
  return lines.join('\n');
};

/** One day of the diary with the way to the days before and after. */
export const showDay = async (
  ctx: BotContext,
  pupilId: number,
  isoDay?: string,
  requestedPage = 0,
) => {
  const day = await ctx.sabak.diaryDay(pupilId, isoDay);
  ctx.session.pupilId = pupilId;
  const date = day.date ?? isoDay ?? todayInBishkek(ctx.now());
  // Page buttons keep the day they were made for, even after midnight.
  const shown = page(renderDay(ctx, day), requestedPage);
  const keyboard = pagerRow(new InlineKeyboard(), ctx.t, shown.index, shown.count, (p) =>
    callbackData.day(pupilId, date, p),
  )
    .text(ctx.t('day.prev'), callbackData.day(pupilId, addDays(date, -1)))
    .text(ctx.t('day.next'), callbackData.day(pupilId, addDays(date, 1)))
    .row()
    .text(ctx.t('menu.marks'), callbackData.marks(pupilId))
    .text(ctx.t('menu.back'), callbackData.menu(pupilId));
  return present(ctx, shown.text, keyboard);
};

const renderMarks = (ctx: BotContext, result: PupilMarks) => {
  const { t, lang } = ctx;
  const lines = [
    t('marks.title', {
      from: formatDay(lang, result.from, false),
      to: formatDay(lang, result.to, false),
      name: shortName(result.pupil),
      className: result.pupil.className,
    }),
  ];
  if (result.marks.length === 0) return [...lines, '', t('marks.empty')].join('\n');
  const bySubject = new Map<number, { name: string; values: number[] }>();
  // The API lists newest first; a subject's line reads oldest → newest, as in the journal.
  for (const mark of [...result.marks].reverse()) {
    const entry = bySubject.get(mark.subject.id) ?? {
      name: subjectName(lang, mark.subject),
      values: [],
    };
    entry.values.push(mark.value);
    bySubject.set(mark.subject.id, entry);
  }
  const collator = new Intl.Collator(lang);
  for (const { name, values } of [...bySubject.values()].sort((a, b) =>
    collator.compare(a.name, b.name),
  )) {
    const average = values.reduce((sum, v) => sum + v, 0) / values.length;
    lines.push(
      '',
      t('marks.subject', { subject: name, marks: values.join(' ') }),
      t('marks.average', { average: formatNumber(lang, average), count: values.length }),
    );
  }
  return lines.join('\n');
};

/** The last 30 days of marks by subject, with each subject's average. */
export const showMarks = async (ctx: BotContext, pupilId: number, requestedPage = 0) => {
  const result = await ctx.sabak.marks(pupilId);
  ctx.session.pupilId = pupilId;
  const shown = page(renderMarks(ctx, result), requestedPage);
  const keyboard = pagerRow(new InlineKeyboard(), ctx.t, shown.index, shown.count, (p) =>
    callbackData.marks(pupilId, p),
  )
    .text(ctx.t('menu.term'), callbackData.term(pupilId))
    .text(ctx.t('menu.today'), callbackData.day(pupilId))
    .text(ctx.t('menu.back'), callbackData.menu(pupilId));
  return present(ctx, shown.text, keyboard);
};
