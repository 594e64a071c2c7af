/**
 * The diary's further screens for a family: homework (tomorrow, the week), the timetable (today,
 * tomorrow, the week), the term's attendance, the current quarter, announcements and what changed
 * in the marks. Each edits the one menu message and pages under Telegram's limit.
 */
import { InlineKeyboard, InputFile } from 'grammy';
import type { DiaryDay, Homework } from './api-client.ts';
import type { BotContext } from './context.ts';
import {
  addDays,
  formatDateTime,
  formatDay,
  formatNumber,
  shortName,
  subjectName,
  todayInBishkek,
} from './format.ts';
import { callbackData } from './keyboards/callback-data.ts';
import { pagerRow } from './keyboards/menus.ts';
import { lessonLine, substitutionLine } from './lesson-lines.ts';
import { page, present } from './present.ts';

/** File buttons one homework screen shows at most (the rest: open the day of the lesson). */
const MAX_FILE_BUTTONS = 8;
const label = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/**
 * Sends an attached file as a document in the chat (the API refuses a file of a lesson the user
 * may not read). Files over Telegram's upload limit are refused by Telegram; the user is told.
 */
export const sendAttachment = async (ctx: BotContext, attachmentId: number) => {
  const { bytes, fileName } = await ctx.sabak.attachment(attachmentId);
  await ctx.answerCallbackQuery();
  await ctx.replyWithDocument(new InputFile(new Uint8Array(bytes), fileName));
};

type Pupil = { lastName: string; firstName: string; className: string };

const header = (ctx: BotContext, key: string, pupil: Pupil, extra: Record<string, string> = {}) =>
  ctx.t(key, { ...extra, name: shortName(pupil), className: pupil.className });

/** Shows a paged text with its pager, the screen's own buttons and the way back to the menu. */
const showPaged = (
  ctx: BotContext,
  pupilId: number,
  text: string,
  requestedPage: number,
  dataOf: (page: number) => string,
  buttons: (keyboard: InlineKeyboard) => InlineKeyboard = (k) => k,
) => {
  ctx.session.pupilId = pupilId;
  const shown = page(text, requestedPage);
  const keyboard = buttons(
    pagerRow(new InlineKeyboard(), ctx.t, shown.index, shown.count, dataOf),
  ).text(ctx.t('menu.back'), callbackData.menu(pupilId));
  return present(ctx, shown.text, keyboard);
};

const homeworkLines = (ctx: BotContext, item: Homework['homework'][number]) => {
  const { t, lang } = ctx;
  const text = [item.text, item.individual].filter((h): h is string => Boolean(h)).join('; ');
  const lines = [t('homework.item', { subject: subjectName(lang, item.subject), text })];
  // The files' names here; a button under the screen sends each one.
  for (const file of item.attachments) lines.push(t('homework.file', { name: file.fileName }));
  return lines;
};

/** Homework due tomorrow (`t`) or in the coming week (`w`), grouped by the day it is due. */
export const showHomework = async (
  ctx: BotContext,
  pupilId: number,
  range: 't' | 'w',
  requestedPage = 0,
) => {
  const { t, lang } = ctx;
  const today = todayInBishkek(ctx.now());
  const tomorrow = addDays(today, 1);
  const result = await ctx.sabak.homework(
    pupilId,
    range === 't' ? { from: tomorrow, to: tomorrow } : { from: today, to: addDays(today, 6) },
  );
  const lines = [
    header(ctx, range === 't' ? 'homework.titleTomorrow' : 'homework.titleWeek', result.pupil),
  ];
  if (result.homework.length === 0) lines.push('', t('homework.empty'));
  let shownDay = '';
  for (const item of result.homework) {
    const due = item.dueOn ?? item.givenOn;
    if (range === 'w' && due !== shownDay) {
      lines.push('', `📌 ${formatDay(lang, due)}`);
      shownDay = due;
    } else if (range === 't') lines.push('');
    lines.push(...homeworkLines(ctx, item));
  }
  const files = result.homework.flatMap((h) => h.attachments).slice(0, MAX_FILE_BUTTONS);
  return showPaged(
    ctx,
    pupilId,
    lines.join('\n'),
    requestedPage,
    (p) => callbackData.homework(pupilId, range, p),
    (k) => {
      for (const file of files)
        k.text(
          t('homework.file', { name: label(file.fileName) }).trim(),
          callbackData.file(file.id),
        ).row();
      return k
        .text(t('homework.tomorrow'), callbackData.homework(pupilId, 't'))
        .text(t('homework.week'), callbackData.homework(pupilId, 'w'))
        .row();
    },
  );
};

const timetableDayLines = (ctx: BotContext, day: Pick<DiaryDay, 'date' | 'lessons'>) => {
  const { t, lang } = ctx;
  const lines = [`📌 ${formatDay(lang, day.date ?? '')}`];
  if ((day.lessons ?? []).length === 0) lines.push(t('day.noLessons'));
  for (const lesson of day.lessons ?? []) {
    lines.push(lessonLine(ctx, lesson));
    if (lesson.room) lines.push(t('timetable.room', { room: lesson.room }));
    if (lesson.substitution) lines.push(substitutionLine(ctx, lesson.substitution));
  }
  return lines;
};

/** The timetable of today (`d`), tomorrow (`t`) or the school week (`w`), substitutions marked. */
export const showTimetable = async (
  ctx: BotContext,
  pupilId: number,
  range: 'd' | 't' | 'w',
  requestedPage = 0,
) => {
  const { t } = ctx;
  const lines: string[] = [];
  if (range === 'w') {
    const week = await ctx.sabak.week(pupilId);
    lines.push(header(ctx, 'timetable.title', week.pupil));
    for (const day of week.days.filter((d) => d.isSchoolDay || d.lessons.length > 0))
      lines.push('', ...timetableDayLines(ctx, day));
  } else {
    const date = range === 't' ? addDays(todayInBishkek(ctx.now()), 1) : undefined;
    const day = await ctx.sabak.diaryDay(pupilId, date);
    lines.push(header(ctx, 'timetable.title', day.pupil), '', ...timetableDayLines(ctx, day));
  }
  return showPaged(
    ctx,
    pupilId,
    lines.join('\n'),
    requestedPage,
    (p) => callbackData.timetable(pupilId, range, p),
    (k) =>
      k
        .text(t('timetable.today'), callbackData.timetable(pupilId, 'd'))
        .text(t('timetable.tomorrow'), callbackData.timetable(pupilId, 't'))
        .text(t('timetable.week'), callbackData.timetable(pupilId, 'w'))
        .row(),
  );
};

/** The current quarter's attendance: totals and every lesson missed or come late to. */
export const showAttendance = async (ctx: BotContext, pupilId: number, requestedPage = 0) => {
  const { t, lang } = ctx;
  const { term, pupil } = await ctx.sabak.termSummary(pupilId);
  const today = todayInBishkek(ctx.now());
  const to = term.endsOn < today ? term.endsOn : today < term.startsOn ? term.startsOn : today;
  const result = await ctx.sabak.attendance(pupilId, { from: term.startsOn, to });
  const lines = [
    header(ctx, 'attendanceTerm.title', pupil, {
      term: t('term.name', { number: term.number }),
      from: formatDay(lang, term.startsOn, false),
      to: formatDay(lang, to, false),
    }),
    '',
    t('attendanceTerm.absent', { count: result.totals.ABSENT }),
    t('attendanceTerm.excused', { count: result.totals.EXCUSED }),
    t('attendanceTerm.late', { count: result.totals.LATE }),
  ];
  const missed = result.entries.filter((e) => e.status !== 'PRESENT');
  if (missed.length === 0) lines.push('', t('attendanceTerm.none'));
  else lines.push('');
  for (const entry of missed)
    lines.push(
      t('attendanceTerm.entry', {
        date: formatDay(lang, entry.date, false),
        number: entry.lessonNumber,
        subject: subjectName(lang, entry.subject),
        status:
          entry.status === 'LATE' && entry.lateMinutes
            ? t('day.late', { minutes: entry.lateMinutes })
            : t(`attendance.${entry.status}`),
      }),
    );
  return showPaged(ctx, pupilId, lines.join('\n'), requestedPage, (p) =>
    callbackData.attendance(pupilId, p),
  );
};

/** The current quarter by subject: marks, weighted average, suggested mark, 5s to the next. */
export const showTerm = async (ctx: BotContext, pupilId: number, requestedPage = 0) => {
  const { t, lang } = ctx;
  const summary = await ctx.sabak.termSummary(pupilId);
  const { term } = summary;
  const lines = [
    header(ctx, 'term.title', summary.pupil, {
      term: t('term.name', { number: term.number }),
      from: formatDay(lang, term.startsOn, false),
      to: formatDay(lang, term.endsOn, false),
    }),
  ];
  for (const row of summary.subjects) {
    lines.push(
      '',
      t('marks.subject', {
        subject: subjectName(lang, row.subject),
        marks: row.marks.length > 0 ? row.marks.map((m) => m.value).join(' ') : '—',
      }),
    );
    if (row.average !== null && row.suggestedMark !== null)
      lines.push(
        t('term.average', {
          average: formatNumber(lang, row.average),
          mark: row.suggestedMark,
        }),
      );
    if (row.fivesToNextMark !== null && row.suggestedMark !== null)
      lines.push(t('term.fives', { count: row.fivesToNextMark, next: row.suggestedMark + 1 }));
    if (row.finalResult === 'MARK' && row.finalMark !== null)
      lines.push(t('term.final', { mark: row.finalMark }));
  }
  return showPaged(
    ctx,
    pupilId,
    lines.join('\n'),
    requestedPage,
    (p) => callbackData.term(pupilId, p),
    (k) => k.text(t('menu.marks'), callbackData.marks(pupilId)),
  );
};

/** Announcements that reach this child's family, newest first. */
export const showAnnouncements = async (ctx: BotContext, pupilId: number, requestedPage = 0) => {
  const { t, lang } = ctx;
  const items = await ctx.sabak.announcements(pupilId);
  const lines = [t('announcements.title')];
  if (items.length === 0) lines.push('', t('announcements.empty'));
  for (const item of items)
    lines.push(
      '',
      `📢 ${item.title}`,
      item.body,
      t('announcements.by', {
        author: item.author.name,
        date: formatDateTime(lang, item.createdAt),
      }),
    );
  return showPaged(ctx, pupilId, lines.join('\n'), requestedPage, (p) =>
    callbackData.announcements(pupilId, p),
  );
};

/** What changed in the child's marks: who, when, old → new, and why. */
export const showMarkChanges = async (ctx: BotContext, pupilId: number, requestedPage = 0) => {
  const { t, lang } = ctx;
  const result = await ctx.sabak.markChanges(pupilId);
  const lines = [header(ctx, 'changes.title', result.pupil)];
  if (result.changes.length === 0) lines.push('', t('changes.empty'));
  for (const change of result.changes) {
    lines.push(
      '',
      t('changes.what', {
        subject: subjectName(lang, change.subject),
        lessonDate: formatDay(lang, change.lessonDate, false),
        change: change.isDeleted
          ? t('changes.deleted', { old: change.oldValue ?? '—' })
          : `${change.oldValue ?? '—'} → ${change.newValue ?? '—'}`,
      }),
      t('changes.who', {
        who: change.by ? shortName(change.by) : t('changes.someone'),
        at: formatDateTime(lang, change.at),
      }),
    );
    if (change.reason) lines.push(t('changes.reason', { reason: change.reason }));
  }
  return showPaged(ctx, pupilId, lines.join('\n'), requestedPage, (p) =>
    callbackData.markChanges(pupilId, p),
  );
};
