/**
 * One process, every bot of the deployment: the default bot (BOT_TOKEN) and the bot accounts
 * (one per school or district, `bot_account`), each with its own sessions, flood limits and
 * update stream, all sharing one API client and one Redis connection.
 */
import type { Server } from 'node:http';
import type { RunnerHandle } from '@grammyjs/runner';
import type { ApiClient } from './api-client.ts';
import { createBot, type BotDeps } from './bot.ts';
import { createWebhookServer, startPolling } from './runtime.ts';

export interface FleetMember {
  /** Null: the deployment's default bot (BOT_TOKEN). */
  botAccountId: number | null;
  token: string;
}

/** Each bot keeps its own keys: one user's sessions with two bots never mix. */
export const prefixOf = (base: string, botAccountId: number | null) =>
  botAccountId === null ? base : `${base}a${botAccountId}:`;

/** Webhook path of a bot: the base path for the default bot, `<base>/a<id>` for an account. */
export const webhookPathOf = (basePath: string, botAccountId: number | null) =>
  botAccountId === null ? basePath : `${basePath.replace(/\/$/, '')}/a${botAccountId}`;

/**
 * The bots to serve: the default one if a token is given, and the accounts the API lists. The
 * API may still be starting: it is asked a few times; if it never answers, the default bot runs
 * alone (the log says so) — or, without one, the process cannot serve anything.
 */
export const loadFleet = async (
  api: ApiClient,
  defaultToken: string | undefined,
  log: { warn: (obj: object, msg: string) => void },
  attempts = 5,
): Promise<FleetMember[]> => {
  const members: FleetMember[] = defaultToken ? [{ botAccountId: null, token: defaultToken }] : [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const accounts = await api.botAccounts();
      return [...members, ...accounts.map((a) => ({ botAccountId: a.id, token: a.token }))];
    } catch (error) {
      if (attempt === attempts) {
        log.warn({ err: error }, 'bot accounts: the API did not list them; serving BOT_TOKEN only');
        return members;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
  return members;
};

export type FleetBot = ReturnType<typeof createBot>;

/** Builds one bot per member on the shared dependencies. */
export const createFleet = (
  members: readonly FleetMember[],
  deps: Omit<BotDeps, 'token' | 'botAccountId'> & { redisPrefix: string },
) =>
  members.map((m) => ({
    ...m,
    bot: createBot({
      ...deps,
      token: m.token,
      botAccountId: m.botAccountId,
      redisPrefix: prefixOf(deps.redisPrefix, m.botAccountId),
    }),
  }));

/** Long polling of every bot; `stop()` finishes the updates in flight of all of them. */
export const pollFleet = (fleet: readonly { bot: FleetBot }[]) => {
  const runners: RunnerHandle[] = fleet.map(({ bot }) => startPolling(bot));
  return { stop: async () => void (await Promise.all(runners.map((r) => r.stop()))) };
};

/** One webhook server for every bot, each on its own path and with the same secret. */
export const webhookFleetServer = (
  fleet: readonly { bot: FleetBot; botAccountId: number | null }[],
  options: { secretToken: string; basePath: string },
): Server =>
  createWebhookServer(
    fleet.map(({ bot, botAccountId }) => ({
      bot,
      path: webhookPathOf(options.basePath, botAccountId),
    })),
    { secretToken: options.secretToken },
  );
