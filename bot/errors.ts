/** How the bot tells a user that something failed: one message key per API error code. */
import { GrammyError, HttpError, type BotError, type ErrorHandler } from 'grammy';
import type { Logger } from 'pino';
import type { DomainErrorCode } from '../domain/index.ts';
import { ApiError, ApiUnavailableError } from './api-client.ts';
import type { BotContext } from './context.ts';

/** A new domain error code breaks the build until the bot has a message for it. */
export const ERROR_MESSAGE_KEY = {
  VALIDATION_FAILED: 'errors.VALIDATION_FAILED',
  // Not linked (any more): the only thing a stranger is shown is how to link.
  UNAUTHENTICATED: 'link.howTo',
  FORBIDDEN: 'errors.FORBIDDEN',
  NOT_FOUND: 'errors.NOT_FOUND',
  CONFLICT: 'errors.CONFLICT',
  JOURNAL_LOCKED: 'errors.JOURNAL_LOCKED',
  RATE_LIMITED: 'errors.RATE_LIMITED',
  // The API's database is away for a moment: the same "try again shortly" as the API down.
  UNAVAILABLE: 'errors.unavailable',
} as const satisfies Record<DomainErrorCode, string>;

const messageKeyOf = (error: unknown) => {
  if (error instanceof ApiUnavailableError) return 'errors.unavailable';
  if (error instanceof ApiError && error.code !== 'UNKNOWN') return ERROR_MESSAGE_KEY[error.code];
  return 'errors.UNKNOWN';
};

/** Sends (or, in a menu, shows in place) the localized message for `error`; never throws. */
export const tellUser = async (ctx: BotContext, error: unknown) => {
  const text = ctx.t(messageKeyOf(error));
  try {
    if (ctx.callbackQuery && !ctx.callbackAnswered)
      await ctx.answerCallbackQuery({ text, show_alert: true });
    else if (ctx.chat) await ctx.reply(text);
  } catch {
    // Telegram itself may be what failed; the log already has the cause.
  }
};

/**
 * The error boundary of one feature: expected API failures become a message for the user; the
 * rest is logged as well. The bot goes on with the next update either way.
 */
export const featureErrorHandler =
  (feature: string): ErrorHandler<BotContext> =>
  async (err) => {
    const { error, ctx } = err;
    const logger = ctx.log;
    if (error instanceof ApiUnavailableError) {
      logger.warn({ feature, err: error.cause ?? error }, 'API unavailable');
    } else if (!(error instanceof ApiError)) {
      logger.error({ feature, err: error, updateId: ctx.update.update_id }, 'feature failed');
    }
    await tellUser(ctx, error);
  };

/** Last resort (bot.catch): something outside every feature failed. */
export const lastResortHandler =
  (logger: Logger): ErrorHandler<BotContext> =>
  (err: BotError<BotContext>) => {
    const { error } = err;
    const origin =
      error instanceof GrammyError ? 'telegram' : error instanceof HttpError ? 'network' : 'bot';
    logger.error({ err: error, origin, updateId: err.ctx.update.update_id }, 'update failed');
  };
