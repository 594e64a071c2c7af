/**
 * What the API knows about a request from the bot, beyond the actor: the Telegram user the bot
 * acts for (header `X-Telegram-User-Id`) and whether the bot's service token was presented.
 */
export interface BotCaller {
  telegramUserId?: bigint;
  viaBot?: boolean;
}
