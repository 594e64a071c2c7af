/* eslint-disable @typescript-eslint/no-explicit-any -- Bot API payloads are loose JSON here; the tests assert on their fields. */
/**
 * A small Bot API server on loopback for tests: the bot under test talks to it as to Telegram
 * (TELEGRAM_API_ROOT). Tests inject updates as users and await the bot's replies; every call is
 * recorded. It can answer a method with an error (429 with retry_after, 403, 400) once.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** The bot token the call came with (several bots may share one fake). */
  token?: string;
  /** JSON (or form) parameters; a multipart upload records its field names only. */
  params: Record<string, any>;
  at: number;
}

export interface FakeUser {
  id: number;
  firstName: string;
  languageCode?: string;
}

interface Waiter {
  predicate: (call: RecordedCall) => boolean;
  after: number;
  resolve: (call: RecordedCall) => void;
}

export const FAKE_BOT = {
  id: 424242,
  is_bot: true as const,
  first_name: 'Sabak',
  username: 'sabak_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const parseParams = (contentType: string, body: string, url: URL): Record<string, any> => {
  const params: Record<string, any> = Object.fromEntries(url.searchParams);
  if (!body) return params;
  if (contentType.includes('application/json')) return { ...params, ...JSON.parse(body) };
  if (contentType.includes('multipart/form-data')) {
    for (const match of body.matchAll(
      /name="([^"]+)"(?:; filename="[^"]*")?\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]*)/g,
    )) {
      const [, name = '', value = ''] = match;
      params[name] = value;
    }
    return params;
  }
  return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
};

export class FakeBotApi {
  readonly token = `${FAKE_BOT.id}:TEST-token-abcdefghijklmnopqrstuvwxyz`;
  /** Tokens of further bots this fake answers (one process serving several bot accounts). */
  readonly extraTokens = new Set<string>();
  readonly calls: RecordedCall[] = [];
  private server: Server;
  private updates: Record<string, any>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private pollers: (() => void)[] = [];
  private waiters: Waiter[] = [];
  private failures = new Map<
    string,
    { error_code: number; description: string; parameters?: object }[]
  >();
  /** The texts of messages in each chat by message id (edits replace them). */
  readonly messages = new Map<number, { chatId: number; text: string; replyMarkup?: any }>();
  private closed = false;

  private constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (body) => {
          res.writeHead(body.ok ? 200 : (body.error_code as number), {
            'content-type': 'application/json',
          });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500).end(String(error));
        },
      );
    });
  }

  static async start() {
    const fake = new FakeBotApi();
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get apiRoot() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next call of `method` gets this error instead of a result. */
  failNext(
    method: string,
    error: { error_code: number; description: string; parameters?: object },
  ) {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  private record(call: RecordedCall) {
    this.calls.push(call);
    const index = this.calls.length - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.after && waiter.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  private async handle(req: IncomingMessage): Promise<Record<string, any>> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const body = await readBody(req);
    const token = match?.[1] ?? '';
    if (!match || (token !== this.token && !this.extraTokens.has(token)))
      return { ok: false, error_code: 401, description: 'Unauthorized' };
    const method = match[2] ?? '';
    const params = parseParams(req.headers['content-type'] ?? '', body, url);
    if (method !== 'getUpdates') this.record({ method, token, params, at: Date.now() });
    const failure = this.failures.get(method)?.shift();
    if (failure) return { ok: false, ...failure };
    return { ok: true, result: await this.result(method, params, req) };
  }

  private message(chatId: number, text: string | undefined, extra: Record<string, any>) {
    const message_id = this.nextMessageId++;
    this.messages.set(message_id, { chatId, text: text ?? '', replyMarkup: extra.reply_markup });
    return {
      message_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId > 0 ? 'private' : 'group' },
      from: FAKE_BOT,
      ...(text !== undefined ? { text } : {}),
      ...(extra.reply_markup ? { reply_markup: extra.reply_markup } : {}),
    };
  }

  private async result(method: string, params: Record<string, any>, req: IncomingMessage) {
    switch (method) {
      case 'getMe':
        return FAKE_BOT;
      case 'getUpdates':
        return this.getUpdates(params, req);
      case 'sendMessage':
        return this.message(Number(params.chat_id), String(params.text), params);
      case 'sendDocument':
        return {
          ...this.message(Number(params.chat_id), undefined, params),
          document: { file_id: 'f1', file_unique_id: 'u1' },
        };
      case 'editMessageText': {
        const id = Number(params.message_id);
        const existing = this.messages.get(id);
        if (!existing)
          return { ...this.message(Number(params.chat_id), String(params.text), params) };
        this.messages.set(id, {
          ...existing,
          text: String(params.text),
          replyMarkup: params.reply_markup,
        });
        return {
          message_id: id,
          date: Math.floor(Date.now() / 1000),
          chat: { id: existing.chatId, type: 'private' },
          from: FAKE_BOT,
          text: params.text,
          ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
        };
      }
      default:
        // answerCallbackQuery, setMyCommands, deleteWebhook, setWebhook, …
        return true;
    }
  }

  /** Honours `offset` (confirms earlier updates) and `timeout` (long poll), as Telegram does. */
  private async getUpdates(params: Record<string, any>, req: IncomingMessage) {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(Number(params.limit ?? 100), 100);
    const timeoutS = Number(params.timeout ?? 0);
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    const ready = () => this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
    if (ready().length === 0 && timeoutS > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutS * 1000);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.pollers.push(done);
        req.once('close', done);
      });
    }
    return ready();
  }

  private push(update: Record<string, any>) {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(full);
    const pollers = this.pollers;
    this.pollers = [];
    for (const wake of pollers) wake();
    return { update: full, after: this.calls.length };
  }

  private static from(user: FakeUser) {
    return {
      id: user.id,
      is_bot: false,
      first_name: user.firstName,
      ...(user.languageCode ? { language_code: user.languageCode } : {}),
    };
  }

  /** A text message from `user` in their private chat (or in `chatId`, e.g. a group). */
  sendText(user: FakeUser, text: string, chatId = user.id) {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }]
      : undefined;
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat:
          chatId === user.id
            ? { id: user.id, type: 'private', first_name: user.firstName }
            : { id: chatId, type: 'group', title: 'Класс 5-А' },
        from: FakeBotApi.from(user),
        text,
        ...(entities ? { entities } : {}),
      },
    });
  }

  /** `user` presses a button with `data` under the bot's message `messageId`. */
  pressButton(user: FakeUser, data: string, messageId: number) {
    const message = this.messages.get(messageId);
    return this.push({
      callback_query: {
        id: `cq${this.nextUpdateId}`,
        from: FakeBotApi.from(user),
        chat_instance: `ci${user.id}`,
        data,
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: user.id, type: 'private', first_name: user.firstName },
          from: FAKE_BOT,
          text: message?.text ?? '',
        },
      },
    });
  }

  /** `user` blocks (`kicked`) or unblocks (`member`) the bot. */
  chatMember(user: FakeUser, status: 'kicked' | 'member') {
    const before = status === 'kicked' ? 'member' : 'kicked';
    return this.push({
      my_chat_member: {
        chat: { id: user.id, type: 'private', first_name: user.firstName },
        from: FakeBotApi.from(user),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: before, user: FAKE_BOT },
        new_chat_member: {
          status,
          user: FAKE_BOT,
          ...(status === 'kicked' ? { until_date: 0 } : {}),
        },
      },
    });
  }

  /** Resolves with the first call (from index `after` on) that matches; rejects after `timeoutMs`. */
  waitForCall(predicate: (call: RecordedCall) => boolean, after = 0, timeoutMs = 10_000) {
    const existing = this.calls.slice(after).find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = { predicate, after, resolve };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching Bot API call within ${timeoutMs} ms; calls since: ${JSON.stringify(this.calls.slice(after).map((c) => c.method))}`,
          ),
        );
      }, timeoutMs);
      waiter.resolve = (call) => {
        clearTimeout(timer);
        resolve(call);
      };
      this.waiters.push(waiter);
    });
  }

  /** Calls made since index `after`. */
  since(after: number) {
    return this.calls.slice(after);
  }

  /** The pending (unconfirmed) updates: a bot that polls confirms them with the next offset. */
  get pendingUpdates() {
    return this.updates.length;
  }

  async close() {
    this.closed = true;
    for (const wake of this.pollers) wake();
    this.pollers = [];
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close').catch(() => undefined);
  }
}
