import { Api } from 'grammy';

/** A bot the worker sends through: `null` id is the deployment's default bot (BOT_TOKEN). */
export interface BotSender {
  botAccountId: number | null;
  api: Api;
  /** This bot's own send rate (its bot account's setting); undefined: the worker's default. */
  ratePerSecond?: number;
  /** Send with `allow_paid_broadcast` (Telegram charges Stars above the free limit). */
  allowPaidBroadcast?: boolean;
}

/** One grammY `Api` per bot token; `apiRoot` points at another Bot API server. */
export const createBotSender = (
  botAccountId: number | null,
  token: string,
  apiRoot: string,
  options: { ratePerSecond?: number | null; allowPaidBroadcast?: boolean } = {},
): BotSender => ({
  botAccountId,
  api: new Api(token, { apiRoot, timeoutSeconds: 30 }),
  ...(options.ratePerSecond ? { ratePerSecond: options.ratePerSecond } : {}),
  allowPaidBroadcast: options.allowPaidBroadcast ?? false,
});
