/**
 * `npm run bench:notify`: the notification pipeline against the fake Bot API on loopback (real
 * PostgreSQL, real Redis). Prints one table: achieved msg/s beside the fake's limit, duplicates
 * and losses; two bots at once; capacity against an instant fake; coalescing.
 * BENCH_NOTIFY_CHATS (default 3000) sets the chats per announcement.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadActor } from '../domain/actor.ts';
import { applyMigrations } from '../prisma/scripts/schema-engine.ts';
import { createTemplate, newTemplateName } from '../test/db.ts';
import {
  addLinkedGuardians,
  createPipelineHarness,
  spawnWorkerProcess,
  TOKEN_A,
  TOKEN_B,
  waitFor,
  type PipelineHarness,
} from '../worker/test/harness.ts';
import { createBotSender } from '../worker/telegram/bots.ts';

/** The harness's two bots, sending to `apiRoot`. */
const botsOf = (h: PipelineHarness, apiRoot: string) => [
  createBotSender(null, TOKEN_A, apiRoot),
  createBotSender(h.botB, TOKEN_B, apiRoot),
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHATS = Number(process.env.BENCH_NOTIFY_CHATS ?? 3000);
const LIMIT = 30;
/** BENCH_NOTIFY_ONLY=capacity (comma-separated: limit, two-bots, capacity, coalescing) runs a subset. */
const ONLY = new Set((process.env.BENCH_NOTIFY_ONLY ?? '').split(',').filter(Boolean));
const runs = (name: string) => ONLY.size === 0 || ONLY.has(name);

/**
 * BENCH_NOTIFY_PROFILE=<file.cpuprofile>: a CPU profile of this process (worker, relay, fan-out)
 * over the capacity scenario's sending only, without the setup around it.
 */
const profiled = async <T>(run: () => Promise<T>): Promise<T> => {
  const file = process.env.BENCH_NOTIFY_PROFILE;
  if (!file) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
};
const rows: string[][] = [];

const announce = async (
  h: PipelineHarness,
  audience: 'CLASS' | 'SCHOOL',
  classGroupId = h.world.classA.id,
) => {
  const admin = await loadActor(h.db.prisma, h.world.users.admin.id);
  return h.domain.messaging.createAnnouncement(admin, {
    audience,
    ...(audience === 'CLASS' ? { classGroupId } : {}),
    title: 'Ата-энелер чогулушу',
    body: 'Жума күнү саат 18:00дө мектептин залында.',
  });
};

interface Stats {
  sent: { token: string; chatId: number; at: number }[];
  requests: Map<string, number>;
}

/** The fake Bot API in its own process (bench/fake-bot-api-child.ts). */
const startChildFake = async (rate?: number) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fake-bot-api-child.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...(rate ? { FAKE_RATE: String(rate) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen: Stats['sent'] = [];
  const apiRoot = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    child.once('exit', () => reject(new Error('the fake Bot API did not start')));
  });
  return {
    apiRoot,
    // Polled while the pipeline runs in this process: each poll fetches only what is new.
    stats: async (): Promise<Stats> => {
      const body = (await (await fetch(`${apiRoot}/__stats?from=${seen.length}`)).json()) as {
        sent: [string, number, number][];
        requests: Record<string, number>;
      };
      for (const [token, chatId, at] of body.sent) seen.push({ token, chatId, at });
      return { sent: seen, requests: new Map(Object.entries(body.requests)) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** Distinct chats of `chats` that got a message (the world's own chats keep quiet hours). */
const received = (stats: Stats, chats: number[]) => {
  const wanted = new Set(chats);
  return new Set(stats.sent.filter((m) => wanted.has(m.chatId)).map((m) => m.chatId)).size;
};

/** Waits until every chat of `chats` got its message; polls the fake's stats. */
const allReceived = async (fake: { stats: () => Promise<Stats> }, chats: number[]) => {
  let last: Stats = { sent: [], requests: new Map() };
  await waitFor(async () => {
    last = await fake.stats();
    return received(last, chats) >= chats.length;
  }, CHATS * 200);
  // Anything sent twice arrives right after; give it a moment to show.
  await new Promise((r) => setTimeout(r, 1_000));
  return fake.stats();
};

const measure = (stats: Stats, chats: number[], token = TOKEN_A) => {
  const wanted = new Set(chats);
  const sent = stats.sent.filter((m) => wanted.has(m.chatId) && m.token === token);
  const distinct = new Set(sent.map((m) => m.chatId));
  const times = sent.map((m) => m.at).sort((a, b) => a - b);
  const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  return {
    rate: seconds > 0 ? (sent.length - 1) / seconds : 0,
    duplicates: sent.length - distinct.size,
    losses: chats.length - distinct.size,
    // Every request of the token that was not accepted (the bench makes no other error).
    rejected: (stats.requests.get(token) ?? 0) - stats.sent.filter((m) => m.token === token).length,
  };
};

/** A table row from a measurement against a fake enforcing `limit` (null: the instant fake). */
const rowOf = (scenario: string, limit: number | null, m: ReturnType<typeof measure>) => [
  scenario,
  limit === null ? '∞' : `${limit}`,
  m.rate.toFixed(1),
  limit === null ? '—' : `${((m.rate / limit) * 100).toFixed(0)}%`,
  `${m.duplicates}`,
  `${m.losses}`,
  `${m.rejected}`,
];

const printTable = () => {
  const header = [
    'scenario',
    'limit msg/s',
    'achieved msg/s',
    'of limit',
    'duplicates',
    'losses',
    '429s',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
};

/**
 * BENCH_NOTIFY_WORKERS (default 1) worker processes for the capacity row, started as a deployment
 * starts them (worker/main.ts with its environment), so the bench's own polling does not share
 * their CPU; 0 runs the worker in this process (what BENCH_NOTIFY_PROFILE profiles). On this
 * 2-core machine a second process only adds contention: Postgres, Redis and the fake need the rest.
 */
const WORKERS = Number(process.env.BENCH_NOTIFY_WORKERS ?? 1);
/** Sends in flight per worker process in the capacity row (NOTIFY_CONCURRENCY). */
const CONCURRENCY = Number(process.env.BENCH_NOTIFY_CONCURRENCY ?? 200);

const startWorkerProcesses = async (h: PipelineHarness, apiRoot: string, count: number) => {
  const children = await Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawnWorkerProcess(h, {
        apiRoot,
        stdout: 'pipe',
        env: {
          NOTIFY_RATE_PER_BOT: '100000',
          NOTIFY_CONCURRENCY: String(CONCURRENCY),
          DB_POOL_SIZE: '12',
          LOG_LEVEL: 'info',
        },
      });
      const stdout = child.stdout;
      if (!stdout) throw new Error('the worker process has no stdout');
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const onData = (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('notification worker started')) {
            stdout.off('data', onData);
            stdout.resume();
            resolve();
          }
        };
        stdout.on('data', onData);
        child.once('exit', (code) => reject(new Error(`a worker process exited (${code})`)));
      });
      return child;
    }),
  );
  return {
    close: () =>
      Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      ),
  };
};

/** Runs `run` with the fake Bot API in its own process (at `rate` msg/s; undefined: instant). */
const withChildFake = async (
  rate: number | undefined,
  run: (fake: Awaited<ReturnType<typeof startChildFake>>) => Promise<void>,
) => {
  const fake = await startChildFake(rate);
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
};

const withHarness = async (
  options: { windowMs: number; fakeRate?: number },
  run: (h: PipelineHarness) => Promise<void>,
) => {
  const h = await createPipelineHarness({ pool: Number(process.env.BENCH_POOL ?? 24), ...options });
  try {
    await run(h);
  } catch (error) {
    console.error(`scenario failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await h.close();
  }
};

const main = async () => {
  const dropTemplate = await createTemplate(
    (process.env.SABAK_TEST_TEMPLATE = newTemplateName()),
    applyMigrations,
  );
  try {
    // 1. One bot, one announcement, the fake enforcing 30 msg/s.
    if (runs('limit'))
      await withHarness({ windowMs: 0 }, (h) =>
        withChildFake(LIMIT, async (fake) => {
          const chats = await addLinkedGuardians(h, h.world.pupilA2.id, CHATS, 1_000_000, null);
          await h.start({ ratePerBot: LIMIT, bots: botsOf(h, fake.apiRoot) });
          await announce(h, 'CLASS');
          const m = measure(await allReceived(fake, chats), chats);
          rows.push(rowOf(`announcement, ${CHATS} chats, 1 bot`, LIMIT, m));
        }),
      );
    // 2. Two bots, an announcement to the whole school reaching both at once.
    if (runs('two-bots'))
      await withHarness({ windowMs: 0 }, (h) =>
        withChildFake(LIMIT, async (fake) => {
          const a = await addLinkedGuardians(h, h.world.pupilA2.id, CHATS, 1_000_000, null);
          const b = await addLinkedGuardians(h, h.world.pupilB.id, CHATS, 2_000_000, h.botB);
          await h.start({ ratePerBot: LIMIT, bots: botsOf(h, fake.apiRoot) });
          await announce(h, 'SCHOOL');
          const stats = await allReceived(fake, [...a, ...b]);
          for (const [name, chats, token] of [
            ['A', a, TOKEN_A],
            ['B', b, TOKEN_B],
          ] as const) {
            const m = measure(stats, chats, token);
            rows.push(rowOf(`two bots at once, bot ${name}, ${CHATS} chats`, LIMIT, m));
          }
        }),
      );
    // 3. Instant fake: what the pipeline itself can do.
    if (runs('capacity'))
      await withHarness({ windowMs: 0 }, (h) =>
        withChildFake(undefined, async (fake) => {
          const chats = await addLinkedGuardians(h, h.world.pupilA2.id, CHATS, 1_000_000, null);
          // Capacity is a steady state: a first announcement to another class (1,000 chats) warms
          // the processes up (JIT, connection pools) before the measured one.
          const warmUp = await addLinkedGuardians(h, h.world.pupilB.id, 1_000, 5_000_000, null);
          const workers = WORKERS > 0 ? await startWorkerProcesses(h, fake.apiRoot, WORKERS) : null;
          let stats: Stats;
          try {
            if (!workers) {
              await h.start({
                ratePerBot: 100_000,
                concurrency: CONCURRENCY,
                bots: botsOf(h, fake.apiRoot),
              });
            }
            await announce(h, 'CLASS', h.world.classB.id);
            await allReceived(fake, warmUp);
            stats = await profiled(async () => {
              await announce(h, 'CLASS');
              return allReceived(fake, chats);
            });
          } finally {
            await workers?.close();
          }
          const m = measure(stats, chats);
          const processes =
            WORKERS === 0
              ? 'worker in the bench process'
              : `${WORKERS} worker process${WORKERS === 1 ? '' : 'es'}`;
          rows.push(rowOf(`instant fake, ${CHATS} chats (capacity, ${processes}, warm)`, null, m));
        }),
      );
    // 4. Coalescing: a class of 35 with both parents linked; 35 marks, then 3 more subjects for one pupil.
    if (runs('coalescing'))
      await withHarness({ windowMs: 3_000 }, async (h) => {
        const { world, db } = h;
        const pupils = await db.prisma.pupil.createManyAndReturn({
          data: Array.from({ length: 33 }, (_, i) => ({
            schoolId: world.school.id,
            classGroupId: world.classA.id,
            lastName: 'Окуучу',
            firstName: `№${i}`,
          })),
          select: { id: true },
        });
        const all = [world.pupilA.id, world.pupilA2.id, ...pupils.map((p) => p.id)];
        let chat = 3_000_000;
        const chats: number[] = [];
        for (const p of all) chats.push(...(await addLinkedGuardians(h, p, 2, (chat += 2), null)));
        await h.start({ ratePerBot: LIMIT });
        const teacher = await loadActor(db.prisma, world.users.teacherOfClass.id);
        const lessons = [world.lessonA.id];
        for (const n of [5, 6, 7]) {
          lessons.push(
            (
              await db.prisma.lesson.create({
                data: {
                  classGroupId: world.classA.id,
                  subjectId: world.math.id,
                  teacherId: world.users.teacherOfClass.id,
                  date: world.lessonA.date,
                  lessonNumber: n,
                },
              })
            ).id,
          );
        }
        let events = 0;
        for (const pupilId of all) {
          await h.domain.journal.recordMark(teacher, {
            lessonId: lessons[0] ?? 0,
            pupilId,
            value: 5,
            reason: 'bench',
          });
          events++;
        }
        for (const lessonId of lessons.slice(1)) {
          await h.domain.journal.recordMark(teacher, {
            lessonId,
            pupilId: world.pupilA2.id,
            value: 4,
            reason: 'bench',
          });
          events++;
        }
        await waitFor(
          () =>
            new Set(h.fake.sent.filter((m) => chats.includes(m.chatId)).map((m) => m.chatId))
              .size >= chats.length,
          60_000,
        );
        await new Promise((r) => setTimeout(r, 4_000));
        const sent = h.fake.sent.filter((m) => chats.includes(m.chatId)).length;
        rows.push([
          `coalescing: ${events} marks → ${chats.length} parent chats`,
          '—',
          `${sent} messages`,
          '—',
          `${sent - chats.length}`,
          `${chats.length - new Set(h.fake.sent.filter((m) => chats.includes(m.chatId)).map((m) => m.chatId)).size}`,
          '—',
        ]);
      });
  } finally {
    await dropTemplate();
  }
  printTable();
  process.exit(0);
};

void main();
