import { Api } from 'grammy';

/** A bot the worker sends through: `null` id is the deployment's default bot (BOT_TOKEN). */
export interface BotSender {
  botAccountId: number | null;
  api: Api;
}

/** One grammY `Api` per bot token; `apiRoot` points at another Bot API server. */
export const createBotSender = (
  botAccountId: number | null,
  token: string,
  apiRoot: string,
): BotSender => ({
  botAccountId,
  api: new Api(token, { apiRoot, timeoutSeconds: 30 }),
});
