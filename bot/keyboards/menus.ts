import { InlineKeyboard } from 'grammy';
import { LANGUAGES, type Lang, type TFunction } from '../../locales/i18n.ts';
import type { Child } from '../api-client.ts';
import { shortName } from '../format.ts';
import { callbackData } from './callback-data.ts';

/** Kyrgyz and Russian first: the languages schools teach in. */
const LANGUAGE_ORDER: readonly Lang[] = ['ky', 'ru', 'en'];

export const languageKeyboard = (t: TFunction) =>
  InlineKeyboard.from([
    LANGUAGE_ORDER.filter((l) => LANGUAGES.includes(l)).map((l) =>
      InlineKeyboard.text(t(`language.${l}`), callbackData.language(l)),
    ),
  ]);

export const mainMenuKeyboard = (t: TFunction, pupilId: number, hasSiblings: boolean) => {
  const keyboard = new InlineKeyboard()
    .text(t('menu.today'), callbackData.day(pupilId))
    .text(t('menu.marks'), callbackData.marks(pupilId))
    .row()
    .text(t('menu.homework'), callbackData.homework(pupilId))
    .text(t('menu.timetable'), callbackData.timetable(pupilId))
    .row()
    .text(t('menu.attendance'), callbackData.attendance(pupilId))
    .text(t('menu.changes'), callbackData.markChanges(pupilId))
    .row()
    .text(t('menu.announcements'), callbackData.announcements(pupilId))
    .text(t('menu.write'), callbackData.contacts(pupilId))
    .row()
    .text(t('menu.inbox'), callbackData.inbox())
    .row();
  if (hasSiblings) keyboard.text(t('menu.children'), callbackData.children());
  return keyboard.text(t('menu.language'), callbackData.languages());
};

/** The menu of a linked teacher: today's lessons, the inbox, an announcement, a led class. */
export const teacherMenuKeyboard = (
  t: TFunction,
  ledClasses: readonly { id: number; name: string }[],
  canAnnounce: boolean,
) => {
  const keyboard = new InlineKeyboard()
    .text(t('teacher.lessons'), callbackData.teacherDay())
    .text(t('menu.inbox'), callbackData.inbox())
    .row();
  if (canAnnounce) keyboard.text(t('teacher.announce'), callbackData.announceClasses()).row();
  for (const cls of ledClasses)
    keyboard
      .text(
        t('teacher.classAttendance', { className: cls.name }),
        callbackData.classAttendance(cls.id),
      )
      .row();
  return keyboard.text(t('menu.language'), callbackData.languages());
};

/** Send or cancel a draft shown as a preview. */
export const confirmKeyboard = (t: TFunction) =>
  new InlineKeyboard()
    .text(t('compose.send'), callbackData.send())
    .text(t('compose.cancel'), callbackData.cancel());

export const childrenKeyboard = (children: readonly Child[]) =>
  InlineKeyboard.from(
    children.map((c) => [
      InlineKeyboard.text(`${shortName(c)}, ${c.className}`, callbackData.pickChild(c.pupilId)),
    ]),
  );

/** Page buttons (only when there is more than one page) and the way back to the menu. */
export const pagerRow = (
  keyboard: InlineKeyboard,
  t: TFunction,
  page: number,
  pages: number,
  dataOf: (page: number) => string,
) => {
  if (pages > 1) {
    if (page > 0) keyboard.text('◀', dataOf(page - 1));
    keyboard.text(t('page', { page: page + 1, pages }), dataOf(page));
    if (page < pages - 1) keyboard.text('▶', dataOf(page + 1));
    keyboard.row();
  }
  return keyboard;
};
