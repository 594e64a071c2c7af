/**
 * What a notification's button opens in the bot, as Telegram `callback_data` (≤ 64 bytes, ids
 * only, never labels): `n:d:<pupilId>:<YYYYMMDD>` a diary day, `n:a:<id>` an announcement,
 * `n:t:<id>` a conversation. The bot parses it with `parseNotifyCallback`.
 */
export type NotifyTarget =
  | { kind: 'diary'; pupilId: number; date: string }
  | { kind: 'announcement'; announcementId: number }
  | { kind: 'thread'; threadId: number };

export const notifyCallbackData = (target: NotifyTarget): string => {
  switch (target.kind) {
    case 'diary':
      return `n:d:${target.pupilId}:${target.date.replaceAll('-', '')}`;
    case 'announcement':
      return `n:a:${target.announcementId}`;
    case 'thread':
      return `n:t:${target.threadId}`;
  }
};

/** The target of a notification button, or null when `data` is not one. */
export const parseNotifyCallback = (data: string): NotifyTarget | null => {
  const diary = /^n:d:(\d{1,10}):(\d{4})(\d{2})(\d{2})$/.exec(data);
  if (diary)
    return {
      kind: 'diary',
      pupilId: Number(diary[1]),
      date: `${diary[2]}-${diary[3]}-${diary[4]}`,
    };
  const other = /^n:([at]):(\d{1,10})$/.exec(data);
  if (!other) return null;
  const id = Number(other[2]);
  return other[1] === 'a'
    ? { kind: 'announcement', announcementId: id }
    : { kind: 'thread', threadId: id };
};
