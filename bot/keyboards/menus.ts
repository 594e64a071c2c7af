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
    .row();
  if (hasSiblings) keyboard.text(t('menu.children'), callbackData.children());
  return keyboard.text(t('menu.language'), callbackData.languages());
};

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
