/** Formatting for Telegram: dates in the user's language, names, and pages under Telegram's limit. */
import type { Lang } from '../locales/i18n.ts';

/** Schools of this product keep Bishkek time. */
export const SCHOOL_TIME_ZONE = 'Asia/Bishkek';

/** Telegram refuses texts over 4096 characters; pages stay below with room for a footer. */
export const PAGE_LIMIT = 3800;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export const isIsoDay = (value: string) =>
  ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** The calendar day in Bishkek at `now` (YYYY-MM-DD). */
export const todayInBishkek = (now: Date = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: SCHOOL_TIME_ZONE }).format(now);

export const addDays = (isoDay: string, days: number) => {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** Intl formatters are costly to build and safe to share: one per language and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (key: string, lang: Lang, options: Intl.DateTimeFormatOptions) => {
  const cacheKey = `${lang}:${key}`;
  let found = formatters.get(cacheKey);
  if (!found) {
    found = new Intl.DateTimeFormat(lang, options);
    formatters.set(cacheKey, found);
  }
  return found;
};

/** "15-октябрь, бейшемби" / "четверг, 15 октября": a calendar day, so no time-zone shift. */
export const formatDay = (lang: Lang, isoDay: string, withWeekday = true) =>
  formatter(withWeekday ? 'day+weekday' : 'day', lang, {
    ...(withWeekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${isoDay}T00:00:00Z`));

export const formatNumber = (lang: Lang, value: number) =>
  new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);

export interface PersonName {
  lastName: string;
  firstName: string;
  patronymic?: string | null;
}

/** "Асанов Нурлан": surname and first name, as a school list reads. */
export const shortName = (p: PersonName) => `${p.lastName} ${p.firstName}`;

export const subjectName = (lang: Lang, s: { nameKy: string; nameRu: string }) =>
  lang === 'ky' ? s.nameKy : s.nameRu;

/**
 * Splits a text into pages of at most `limit` characters at line breaks (a single longer line is
 * cut), so every page can be sent or edited in place.
 */
export const paginate = (text: string, limit = PAGE_LIMIT): string[] => {
  const pages: string[] = [];
  let page = '';
  const push = () => {
    if (page) pages.push(page);
    page = '';
  };
  for (const rawLine of text.split('\n')) {
    let line = rawLine;
    while (line.length > limit) {
      push();
      pages.push(line.slice(0, limit));
      line = line.slice(limit);
    }
    if (page && page.length + 1 + line.length > limit) push();
    page = page ? `${page}\n${line}` : line;
  }
  push();
  return pages.length > 0 ? pages : [''];
};

/** "15-октябрь, 14:05" / "15 октября, 14:05": an instant in Bishkek time. */
export const formatDateTime = (lang: Lang, instant: string) =>
  formatter('datetime', lang, {
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: SCHOOL_TIME_ZONE,
  }).format(new Date(instant));
