/**
 * A fake Telegram Bot API on loopback for the worker's tests and benchmark. It answers
 * `sendMessage` like Telegram, records what it accepted, and can misbehave on request: a per-bot
 * rate limit answered with 429 + retry_after (as Telegram does), 429 storms, 403 for blocked
 * chats, 400 "chat not found", 5xx a number of times.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  token: string;
  chatId: number;
  text: string;
  callbackData: string | null;
  /** Sent with allow_paid_broadcast (not held to the free rate). */
  paidBroadcast: boolean;
  at: number;
}

export interface FakeBotApiOptions {
  /** Messages per second accepted per token before answering 429 (default: unlimited). */
  ratePerSecond?: number;
  /** retry_after (seconds) of a rate-limit 429 (default 1). */
  retryAfter?: number;
}

export interface FakeBotApi {
  apiRoot: string;
  sent: SentMessage[];
  /** Answers of each kind given (`429`, `403`, …, `200`). */
  answers: Map<string, number>;
  /** Requests per token, whatever the answer. */
  requests: Map<string, number>;
  blockChat: (chatId: number, answer?: 403 | 400) => void;
  /** The next `times` sends to this chat answer 502. */
  failChat: (chatId: number, times: number) => void;
  /** Every send of this token answers 429 with `retryAfter` until `untilMs` (epoch ms). */
  storm: (token: string, retryAfter: number, untilMs: number) => void;
  setRate: (ratePerSecond: number | undefined) => void;
  sentTo: (chatId: number) => SentMessage[];
  close: () => Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const startFakeBotApi = async (options: FakeBotApiOptions = {}): Promise<FakeBotApi> => {
  let rate = options.ratePerSecond;
  const retryAfter = options.retryAfter ?? 1;
  const sent: SentMessage[] = [];
  const answers = new Map<string, number>();
  const requests = new Map<string, number>();
  const blocked = new Map<number, 403 | 400>();
  const failing = new Map<number, number>();
  const storms = new Map<string, { retryAfter: number; until: number }>();
  const windows = new Map<string, number[]>();
  let messageId = 0;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    answers.set(String(status), (answers.get(String(status)) ?? 0) + 1);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, code: number, description: string, extra = {}) =>
    answer(res, code, { ok: false, error_code: code, description, ...extra });

  const server = createServer(async (req, res) => {
    // What it accepted, for a benchmark that runs the fake in another process; `?from=N` gives
    // the messages from the N-th on (a poll need not copy what it has already seen).
    const stats = /^\/__stats(?:\?from=(\d+))?$/.exec(req.url ?? '');
    if (stats) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          sent: sent.slice(Number(stats[1] ?? 0)).map((m) => [m.token, m.chatId, m.at]),
          requests: Object.fromEntries(requests),
        }),
      );
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match) return error(res, 404, 'Not Found');
    const [, token = '', method] = match;
    const raw = await readBody(req);
    requests.set(token, (requests.get(token) ?? 0) + 1);
    if (method === 'getMe') {
      return answer(res, 200, {
        ok: true,
        result: { id: 1, is_bot: true, first_name: 'Sabak', username: 'sabak_test_bot' },
      });
    }
    if (method !== 'sendMessage') return error(res, 404, 'Not Found: method not found');
    const body = JSON.parse(raw || '{}') as {
      chat_id: number | string;
      text: string;
      reply_markup?: { inline_keyboard?: { callback_data?: string }[][] };
      allow_paid_broadcast?: boolean;
    };
    const paidBroadcast = body.allow_paid_broadcast === true;
    const chatId = Number(body.chat_id);
    const now = Date.now();
    const storm = storms.get(token);
    if (storm && now < storm.until) {
      return error(res, 429, `Too Many Requests: retry after ${storm.retryAfter}`, {
        parameters: { retry_after: storm.retryAfter },
      });
    }
    // Paid broadcast: Telegram takes up to 1000/s (and Stars); the free limit does not apply.
    if (rate !== undefined && !paidBroadcast) {
      const recent = (windows.get(token) ?? []).filter((t) => now - t < 1_000);
      if (recent.length >= rate) {
        windows.set(token, recent);
        return error(res, 429, `Too Many Requests: retry after ${retryAfter}`, {
          parameters: { retry_after: retryAfter },
        });
      }
      recent.push(now);
      windows.set(token, recent);
    }
    const block = blocked.get(chatId);
    if (block === 403) return error(res, 403, 'Forbidden: bot was blocked by the user');
    if (block === 400) return error(res, 400, 'Bad Request: chat not found');
    const failures = failing.get(chatId) ?? 0;
    if (failures > 0) {
      failing.set(chatId, failures - 1);
      return error(res, 502, 'Bad Gateway');
    }
    if (typeof body.text !== 'string' || body.text.length === 0 || body.text.length > 4096) {
      return error(res, 400, 'Bad Request: message text is empty or too long');
    }
    const callbackData = body.reply_markup?.inline_keyboard?.[0]?.[0]?.callback_data ?? null;
    if (callbackData !== null && Buffer.byteLength(callbackData) > 64) {
      return error(res, 400, 'Bad Request: BUTTON_DATA_INVALID');
    }
    sent.push({ token, chatId, text: body.text, callbackData, paidBroadcast, at: now });
    return answer(res, 200, {
      ok: true,
      result: {
        message_id: ++messageId,
        date: Math.floor(now / 1000),
        chat: { id: chatId, type: 'private' },
        text: body.text,
      },
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    sent,
    answers,
    requests,
    blockChat: (chatId, code = 403) => blocked.set(chatId, code),
    failChat: (chatId, times) => failing.set(chatId, times),
    storm: (token, seconds, until) => storms.set(token, { retryAfter: seconds, until }),
    setRate: (r) => {
      rate = r;
    },
    sentTo: (chatId) => sent.filter((m) => m.chatId === chatId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
