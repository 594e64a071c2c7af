/**
 * `npm run bench:bot`: simulated Telegram users pressing diary buttons (today, marks, homework,
 * timetable) through the emulated Bot API; the bot (grammY runner, sessions in Redis) answers from
 * the real API (its own process) on the benchmark district in PostgreSQL. Printed beside the
 * emulator's own round trip, measured in the same run with an echo bot on the same emulator: what
 * Telegram delivery plus grammY cost without any diary work.
 *
 * Two loads: closed loops (each of BENCH_USERS users presses a button, waits for the edited
 * message, presses the next one: the bot's capacity) and an open loop offering 300 updates/s from
 * BENCH_OPEN_USERS families (the latency a family meets at the target load). Latency is update→reply: from the moment the update is offered to the bot's getUpdates until the
 * emulator receives the editMessageText (or sendMessage) of that chat.
 *
 * Environment: BENCH_SCHOOLS (2), BENCH_BOT_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/
 * sabak_bench_bot_<n>s; made once, then reused), BENCH_USERS (64 concurrent users), BENCH_OPEN_USERS (600),
 * BENCH_DURATION_S (10), BENCH_WARMUP_S (2), BENCH_SCREENS (day,marks,homework,timetable), BENCH_POOL (10 API database connections), REDIS_URL.
 * Targets (issue 6): at least 300 updates/s, and p95 at most 50 ms at that rate.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Bot } from 'grammy';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { createI18n } from '../locales/i18n.ts';
import { createApiClient } from '../bot/api-client.ts';
import { createBot } from '../bot/bot.ts';
import { callbackData } from '../bot/keyboards/callback-data.ts';
import { startPolling } from '../bot/runtime.ts';
import { FAKE_BOT, FakeBotApi, type FakeUser } from '../bot/test/fake-bot-api.ts';
import { ensureDistrict, TG_BASE } from './district.ts';
import { freePort } from '../test/ports.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const SCHOOLS = env('BENCH_SCHOOLS', 2);
const DB_URL =
  process.env.BENCH_BOT_DATABASE_URL ??
  `postgresql://postgres@127.0.0.1:5432/sabak_bench_bot_${SCHOOLS}s`;
const USERS = env('BENCH_USERS', 64);
/** Families the open-loop row draws from (each presses now and then, as at the evening peak). */
const OPEN_USERS = env('BENCH_OPEN_USERS', 600);
const DURATION_MS = env('BENCH_DURATION_S', 10) * 1000;
const WARMUP_MS = env('BENCH_WARMUP_S', 2) * 1000;
const POOL = env('BENCH_POOL', 10);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_RATE = 300;
const TARGET_P95_MS = 50;

const log = (message: string) => console.log(`[bench:bot] ${message}`);

/** The API as in production: its own process on a free port, ready when /readyz answers. */
const startApiProcess = async (serviceToken: string) => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      SERVICE_TOKEN: serviceToken,
      PORT: String(port),
      HOST: '127.0.0.1',
      DB_POOL_SIZE: String(POOL),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const origin = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(`${origin}/readyz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    if (i > 300) throw new Error('the API did not become ready in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    origin,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};

interface Result {
  name: string;
  users: number;
  updates: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);

/** The bot's answer (a message sent or edited) in `user`'s chat after call number `after`. */
const replyIn = (fake: FakeBotApi, user: FakeUser, after: number) =>
  fake.waitForCall(
    (c) =>
      (c.method === 'editMessageText' || c.method === 'sendMessage') &&
      Number(c.params.chat_id) === user.id,
    after,
    10_000,
  );

/**
 * Runs `users` closed loops for warm-up + duration: each offers an update (`send`) and waits for
 * the emulator to receive the reply in that user's chat. Counts only what finishes in the window.
 */
const runLoad = async (
  name: string,
  fake: FakeBotApi,
  users: { user: FakeUser; pupilId: number }[],
  send: (u: { user: FakeUser; pupilId: number }, i: number) => { after: number },
): Promise<Result> => {
  const latencies: number[] = [];
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + DURATION_MS;
  let failures = 0;
  await Promise.all(
    users.map(async (u) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        const { after } = send(u, i);
        try {
          await replyIn(fake, u.user, after);
        } catch {
          failures++;
          continue;
        }
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
      }
    }),
  );
  if (failures > 0) log(`${name}: ${failures} updates got no reply within 10 s`);
  return summarize(name, users.length, latencies);
};

/**
 * Offers updates at a fixed `rate` (open loop, as real families press buttons: nobody waits for
 * somebody else's answer) for warm-up + duration, each from the next user with no update in
 * flight, and measures update → reply. The closed loops above measure capacity; this row is the
 * latency at the target load.
 */
const runOpenLoop = async (
  name: string,
  fake: FakeBotApi,
  users: { user: FakeUser; pupilId: number }[],
  rate: number,
  send: (u: { user: FakeUser; pupilId: number }, i: number) => { after: number },
): Promise<Result> => {
  const latencies: number[] = [];
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + DURATION_MS;
  const busy = new Set<number>();
  const inFlight: Promise<void>[] = [];
  let offered = 0;
  let skipped = 0;
  let failures = 0;
  let next = 0;
  const offer = (i: number) => {
    let u: { user: FakeUser; pupilId: number } | undefined;
    for (let tries = 0; tries < users.length && !u; tries++) {
      const candidate = users[next++ % users.length];
      if (candidate && !busy.has(candidate.user.id)) u = candidate;
    }
    if (!u) {
      skipped++;
      return;
    }
    const who = u;
    busy.add(who.user.id);
    const t0 = performance.now();
    const { after } = send(who, i);
    inFlight.push(
      replyIn(fake, who.user, after)
        .then(
          () => {
            const t1 = performance.now();
            if (t0 >= measureFrom && t0 < end) latencies.push(t1 - t0);
          },
          () => {
            failures++;
          },
        )
        .finally(() => busy.delete(who.user.id)),
    );
  };
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (offered < due) offer(offered++);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  if (failures > 0) log(`${name}: ${failures} updates got no reply within 10 s`);
  if (skipped > 0) log(`${name}: ${skipped} offers skipped, every user had an update in flight`);
  return summarize(name, users.length, latencies);
};

const summarize = (name: string, users: number, latencies: number[]): Result => {
  latencies.sort((a, b) => a - b);
  return {
    name,
    users,
    updates: latencies.length,
    perSecond: latencies.length / (DURATION_MS / 1000),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
  };
};

/** The diary rows' API reads, each user a closed loop straight against the API. */
const runDirect = async (
  origin: string,
  serviceToken: string,
  users: { user: FakeUser; pupilId: number }[],
  screenCount: number,
): Promise<Result> => {
  const client = createApiClient({ baseUrl: origin, serviceToken });
  const reads = [
    (s: ReturnType<typeof client.forUser>, p: number) => s.diaryDay(p),
    (s: ReturnType<typeof client.forUser>, p: number) => s.marks(p),
    (s: ReturnType<typeof client.forUser>, p: number) => s.homework(p),
    (s: ReturnType<typeof client.forUser>, p: number) => s.diaryDay(p),
  ].slice(0, screenCount);
  const latencies: number[] = [];
  const measureFrom = performance.now() + WARMUP_MS;
  const end = measureFrom + DURATION_MS;
  await Promise.all(
    users.map(async (u) => {
      const sabak = client.forUser(u.user.id, 'ky');
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        await reads[i % reads.length]?.(sabak, u.pupilId);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
      }
    }),
  );
  return summarize('API alone (the same reads, no bot)', users.length, latencies);
};

const printTable = (rows: Result[], baseline: Result | undefined) => {
  const head = [
    'scenario',
    'users',
    'updates',
    'updates/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'rate × base',
    'p95 × base',
  ];
  const lines = rows.map((r) => [
    r.name,
    String(r.users),
    String(r.updates),
    r.perSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    baseline ? (r.perSecond / baseline.perSecond).toFixed(2) : '—',
    baseline ? (r.p95 / baseline.p95).toFixed(2) : '—',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log('');
  console.log(row(head));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const l of lines) console.log(row(l));
  const capacity = rows.find((r) => r.name.startsWith('diary via the bot'));
  const atTarget = rows.find((r) => r.name.startsWith('diary at'));
  // Throughput is met when the bot keeps up with the offered rate AND has that much capacity: an
  // open loop answers every update at 300/s even while its queue (and p95) grows.
  if (capacity && atTarget)
    console.log(
      `\nTargets: ≥ ${TARGET_RATE} updates/s → ${capacity.perSecond >= TARGET_RATE && atTarget.perSecond >= TARGET_RATE * 0.98 ? 'met' : 'MISSED'} ` +
        `(capacity ${capacity.perSecond.toFixed(0)}/s with ${USERS} users pressing back to back); ` +
        `p95 ≤ ${TARGET_P95_MS} ms at ${TARGET_RATE} updates/s offered → ${atTarget.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'} ` +
        `(${DURATION_MS / 1000} s measured after ${WARMUP_MS / 1000} s warm-up, ${SCHOOLS} schools)`,
    );
};

const loadUsers = async (): Promise<{ user: FakeUser; pupilId: number }[]> => {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  try {
    const rows = await client.query<{ tg: string; pupil_id: number }>(
      `SELECT tl.telegram_user_id::text AS tg, g.pupil_id
         FROM telegram_link tl JOIN guardian g ON g.user_id = tl.user_id
        WHERE tl.is_active AND tl.telegram_user_id >= $1::bigint
        ORDER BY tl.telegram_user_id LIMIT $2`,
      [TG_BASE.toString(), Math.max(USERS, OPEN_USERS)],
    );
    return rows.rows.map((r) => ({
      user: { id: Number(r.tg), firstName: 'Ата-эне', languageCode: 'ky' },
      pupilId: r.pupil_id,
    }));
  } finally {
    await client.end();
  }
};

const main = async () => {
  await ensureDistrict(DB_URL, SCHOOLS);
  const everyone = await loadUsers();
  const users = everyone.slice(0, USERS);
  if (users.length < USERS) throw new Error(`only ${users.length} linked parents in the district`);
  const results: Result[] = [];

  // 1. The emulator's own round trip: an echo bot, no sessions, no API.
  {
    const fake = await FakeBotApi.start();
    const echo = new Bot(fake.token, { botInfo: FAKE_BOT, client: { apiRoot: fake.apiRoot } });
    echo.on('callback_query:data', (ctx) => ctx.editMessageText('ok'));
    const runner = startPolling(echo as never);
    results.push(
      await runLoad('emulator round trip (echo bot)', fake, users, (u) =>
        fake.pressButton(u.user, 'x', 1),
      ),
    );
    await runner.stop();
    await fake.close();
    printTable(results, results[0]);
  }

  // 2. The diary: the bot with Redis sessions asking the API, in turn today, marks, homework, timetable.
  const serviceToken = randomBytes(24).toString('base64url');
  const api = await startApiProcess(serviceToken);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const prefix = `sabak:bench:bot:${randomBytes(4).toString('hex')}:`;
  const fake = await FakeBotApi.start();
  try {
    const bot = createBot({
      token: fake.token,
      apiRoot: fake.apiRoot,
      api: createApiClient({ baseUrl: api.origin, serviceToken }),
      redis,
      i18n: createI18n(),
      logger: pino({ level: 'warn' }),
      redisPrefix: prefix,
      // Simulated users press as fast as the bot answers: the per-user flood limit is lifted.
      flood: { limit: 100_000, windowMs: 1000 },
      botInfo: FAKE_BOT,
    });
    const runner = startPolling(bot);
    const all = {
      day: (p: number) => callbackData.day(p),
      marks: (p: number) => callbackData.marks(p),
      homework: (p: number) => callbackData.homework(p, 'w'),
      timetable: (p: number) => callbackData.timetable(p, 'd'),
    };
    const names = (process.env.BENCH_SCREENS ?? 'day,marks,homework,timetable')
      .split(',')
      .filter((name) => name in all);
    const screens = names.map((name) => all[name as keyof typeof all]);
    results.push(
      await runLoad(`diary via the bot (${names.join(', ')})`, fake, users, (u, i) =>
        fake.pressButton(u.user, screens[i % screens.length]?.(u.pupilId) ?? '', 1),
      ),
    );
    // The latency a family meets at the target load: updates offered at the target rate.
    results.push(
      await runOpenLoop(
        `diary at ${TARGET_RATE} updates/s offered (open loop)`,
        fake,
        everyone,
        TARGET_RATE,
        (u, i) => fake.pressButton(u.user, screens[i % screens.length]?.(u.pupilId) ?? '', 1),
      ),
    );
    await runner.stop();
    // Where the time goes: the same API reads issued directly (no Telegram, no bot, no Redis).
    results.push(await runDirect(api.origin, serviceToken, users, screens.length));
    printTable(results, results[0]);
  } finally {
    await fake.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await api.stop();
  }
};

await main();
