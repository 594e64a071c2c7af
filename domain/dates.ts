/** Calendar helpers. Dates of lessons are school-local calendar days stored as UTC midnight. */
export const SCHOOL_TIME_ZONE = 'Asia/Bishkek';

/** "YYYY-MM-DD" → Date at UTC midnight. */
export const dateOnly = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

const isoDays = new Map<number, string>();

/**
 * Date → "YYYY-MM-DD" (UTC calendar day, the way @db.Date values come back). The diary asks this
 * a few hundred times per week view for the same few dozen days, so each midnight's text is kept
 * (the set of school days is small; the cap only guards against a leak).
 */
export const toIsoDate = (d: Date): string => {
  const time = d.getTime();
  if (time % 86_400_000 !== 0) return d.toISOString().slice(0, 10);
  let iso = isoDays.get(time);
  if (iso === undefined) {
    iso = d.toISOString().slice(0, 10);
    if (isoDays.size >= 20_000) isoDays.clear();
    isoDays.set(time, iso);
  }
  return iso;
};

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar day in a time zone, as "YYYY-MM-DD". */
export const localToday = (now: Date, timeZone = SCHOOL_TIME_ZONE): string => {
  // Building a formatter costs far more than formatting (every journal read and write asks).
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
};

export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);

/** Monday of the ISO week containing `d` (UTC calendar). */
export const weekStart = (d: Date): Date => addDays(d, -((d.getUTCDay() + 6) % 7));

/** 1 = Monday … 7 = Sunday. */
export const isoWeekday = (d: Date): number => ((d.getUTCDay() + 6) % 7) + 1;

export const daysBetween = (from: Date, to: Date): number =>
  Math.round((to.getTime() - from.getTime()) / 86_400_000);
