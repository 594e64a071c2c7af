/**
 * Callback data of every inline button. Telegram allows 64 bytes, so buttons carry short tags and
 * ids only — never names or Cyrillic labels. The API checks every id against the user's access,
 * so a forged button is no key to another pupil.
 */
import type { Lang } from '../../locales/i18n.ts';

export const CALLBACK_DATA_MAX_BYTES = 64;

/** Stands for the school's today in day buttons. */
export const TODAY = 'T';

/** A page number past any real one: the screen shows its last page. */
export const LAST_PAGE = 999;

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
  /** The current quarter: averages, suggested mark, 5s needed. */
  term: (pupilId: number, page = 0) => pack('Q', pupilId, page),
  /** Homework due tomorrow (`t`) or in the coming week (`w`). */
  homework: (pupilId: number, range: 't' | 'w' = 't', page = 0) => pack('H', pupilId, range, page),
  /** The timetable of today (`d`), tomorrow (`t`) or this week (`w`). */
  timetable: (pupilId: number, range: 'd' | 't' | 'w' = 'd', page = 0) =>
    pack('R', pupilId, range, page),
  attendance: (pupilId: number, page = 0) => pack('A', pupilId, page),
  /** Sends an attached file as a document. */
  file: (attachmentId: number) => pack('F', attachmentId),
  announcements: (pupilId: number, page = 0) => pack('N', pupilId, page),
  markChanges: (pupilId: number, page = 0) => pack('X', pupilId, page),
  /** The teachers a family may write to about a pupil. */
  contacts: (pupilId: number) => pack('W', pupilId),
  writeTo: (pupilId: number, userId: number) => pack('WC', pupilId, userId),
  inbox: (page = 0) => pack('I', page),
  /** Without a page: the last one (the newest messages). */
  thread: (threadId: number, page = LAST_PAGE) => pack('IT', threadId, page),
  /** The menu of whoever presses: the open child's, or the teacher's. */
  home: () => pack('MH'),
  reply: (threadId: number) => pack('IR', threadId),
  /** Sends or drops the draft waiting for confirmation. */
  send: () => pack('OK'),
  cancel: () => pack('NO'),
  teacherMenu: () => pack('TM'),
  /** A teacher's lessons of a day (default today). */
  teacherDay: (isoDay?: string) => pack('TL', isoDay ?? TODAY),
  announceClasses: () => pack('TA'),
  announceTo: (classGroupId: number) => pack('TAC', classGroupId),
  classAttendance: (classGroupId: number) => pack('TCA', classGroupId),
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
  term: new RegExp(`^Q:${ID}:${PAGE}$`),
  homework: new RegExp(`^H:${ID}:([tw]):${PAGE}$`),
  timetable: new RegExp(`^R:${ID}:([dtw]):${PAGE}$`),
  attendance: new RegExp(`^A:${ID}:${PAGE}$`),
  file: new RegExp(`^F:${ID}$`),
  announcements: new RegExp(`^N:${ID}:${PAGE}$`),
  markChanges: new RegExp(`^X:${ID}:${PAGE}$`),
  contacts: new RegExp(`^W:${ID}$`),
  writeTo: new RegExp(`^WC:${ID}:${ID}$`),
  inbox: new RegExp(`^I:${PAGE}$`),
  thread: new RegExp(`^IT:${ID}:${PAGE}$`),
  reply: new RegExp(`^IR:${ID}$`),
  home: /^MH$/,
  send: /^OK$/,
  cancel: /^NO$/,
  teacherMenu: /^TM$/,
  teacherDay: new RegExp(`^TL:(\\d{4}-\\d{2}-\\d{2}|${TODAY})$`),
  announceClasses: /^TA$/,
  announceTo: new RegExp(`^TAC:${ID}$`),
  classAttendance: new RegExp(`^TCA:${ID}$`),
};
