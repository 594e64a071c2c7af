import type { Context, SessionFlavor } from 'grammy';
import type { Logger } from 'pino';
import type { Lang, TFunction } from '../locales/i18n.ts';
import type { SabakApi } from './api-client.ts';

/** What the bot remembers per chat (in Redis): never names or marks, only choices and ids. */
export interface SessionData {
  /** Chosen (or preset from Telegram's language_code) language; the API stores it for the worker. */
  language?: Lang;
  /** Whether the language question was answered once. */
  hasChosenLanguage?: boolean;
  /** The child whose diary is open (a parent with several children switches). */
  pupilId?: number;
  /** The message the menus edit in place, so the chat is not flooded. */
  menuMessageId?: number;
  /** What the next text message is for (a message to a teacher, a reply, an announcement). */
  compose?: Compose;
  /** The text written for `compose`, shown as a preview until the user confirms or cancels. */
  draft?: string;
}

/** A conversation step waiting for the user's text (ids only; the API checks each on sending). */
export type Compose =
  | { kind: 'thread'; pupilId: number; recipientUserId: number }
  | { kind: 'reply'; threadId: number }
  | { kind: 'announcement'; classGroupId: number };

export interface BotFlavor {
  /** Translator of the `bot` namespace in the user's language. */
  t: TFunction;
  lang: Lang;
  /** The API, acting for the Telegram user of this update. */
  sabak: SabakApi;
  log: Logger;
  /** Which bot account this bot is (null: the default bot); a link made here notifies through it. */
  botAccountId: number | null;
  /** The clock (the school's "today" of screens that pick dates themselves). */
  now: () => Date;
  /** Switches `lang`, `t` and `sabak` of this update to another language. */
  useLanguage: (lang: Lang) => void;
  /** Whether this update's callback query was answered (every one must be, exactly once). */
  callbackAnswered: boolean;
}

export type BotContext = Context & SessionFlavor<SessionData> & BotFlavor;
