/** Minutes since local midnight of `at` in `timeZone`. */
const localMinutes = (at: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
};

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a message that would go out at `at` may be sent under quiet hours `from`–`to` (local
 * "HH:MM", may wrap midnight): `at` itself outside them, else the end of the quiet period.
 * Null hours mean none. Minute precision; Asia/Bishkek has no daylight saving.
 */
export const endOfQuietHours = (
  at: Date,
  quiet: { from: string | null; to: string | null },
  timeZone: string,
): Date => {
  if (quiet.from === null || quiet.to === null) return at;
  const now = localMinutes(at, timeZone);
  const from = toMinutes(quiet.from);
  const to = toMinutes(quiet.to);
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return at;
  const wait = (to - now + 24 * 60) % (24 * 60);
  const startOfMinute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  return new Date(startOfMinute.getTime() + wait * 60_000);
};
