/**
 * Callback data of every inline button. Telegram allows 64 bytes, so buttons carry short tags and
 * ids only — never names or Cyrillic labels. The API checks every id against the user's access,
 * so a forged button is no key to another pupil.
 */
import type { Lang } from '../../locales/i18n.ts';

export const CALLBACK_DATA_MAX_BYTES = 64;

/** Stands for the school's today in day buttons. */
export const TODAY = 'T';

const pack = (...parts: (string | number)[]) => {
  const data = parts.join(':');
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES)
    throw new Error(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${data}`);
  return data;
};

export const callbackData = {
  languages: () => pack('L'),
  language: (lang: Lang) => pack('L', lang),
  menu: (pupilId: number) => pack('M', pupilId),
  children: () => pack('C'),
  pickChild: (pupilId: number) => pack('P', pupilId),
  /** Without a day: the school's today, as the API decides it. */
  day: (pupilId: number, isoDay?: string, page = 0) => pack('D', pupilId, isoDay ?? TODAY, page),
  marks: (pupilId: number, page = 0) => pack('K', pupilId, page),
};

const ID = '([1-9]\\d{0,9})';
const PAGE = '(\\d{1,3})';

/** Patterns the features route on; ids parse as numbers, anything else is not a match. */
export const callbackPattern = {
  languages: /^L$/,
  language: /^L:(ky|ru|en)$/,
  menu: new RegExp(`^M:${ID}$`),
  children: /^C$/,
  pickChild: new RegExp(`^P:${ID}$`),
  day: new RegExp(`^D:${ID}:(\\d{4}-\\d{2}-\\d{2}|${TODAY}):${PAGE}$`),
  marks: new RegExp(`^K:${ID}:${PAGE}$`),
};
