/** How the bot receives updates: long polling (default) or a webhook server. */
import { createServer, type Server } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from './context.ts';

/** The updates the features handle; others are not even fetched. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/**
 * Long polling through @grammyjs/runner: updates are handled concurrently, one user's in order
 * (createBot sequentializes per user). `stop()` finishes updates in flight, then resolves.
 */
export const startPolling = (bot: Bot<BotContext>): RunnerHandle =>
  run(bot, {
    runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } },
  });

export interface WebhookServerOptions {
  /** Telegram sends it as X-Telegram-Bot-Api-Secret-Token; other requests get 401. */
  secretToken: string;
  /** Only this path takes updates (default `/`); everything else is 404. */
  path?: string;
}

/**
 * An HTTP server that takes webhook updates, for one bot or several (each on its own path).
 * grammY compares the secret header; repeated update_ids are dropped by the bot's dedupe
 * middleware (createBot `dedupeUpdates`).
 */
export const createWebhookServer = (
  bots: Bot<BotContext> | readonly { bot: Bot<BotContext>; path: string }[],
  { secretToken, path = '/' }: WebhookServerOptions,
): Server => {
  const list: readonly { bot: Bot<BotContext>; path: string }[] =
    'handleUpdate' in bots ? [{ bot: bots, path }] : bots;
  const routes = new Map(
    list.map((r) => [r.path, webhookCallback(r.bot, 'http', { secretToken, onTimeout: 'return' })]),
  );
  return createServer((req, res) => {
    const handle = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'POST' || !handle) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
};
