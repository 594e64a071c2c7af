/**
 * `npm run bench:notify`: the notification pipeline against the fake Bot API on loopback (real
 * PostgreSQL, real Redis). Prints one table: achieved msg/s beside the fake's limit, duplicates
 * and losses; two bots at once; capacity against an instant fake; coalescing.
 * BENCH_NOTIFY_CHATS (default 3000) sets the chats per announcement.
 */
import { loadActor } from '../domain/actor.ts';
import { applyMigrations } from '../prisma/scripts/schema-engine.ts';
import { createTemplate, newTemplateName } from '../test/db.ts';
import {
  addLinkedGuardians,
  createPipelineHarness,
  waitFor,
  type PipelineHarness,
} from '../worker/test/harness.ts';

const CHATS = Number(process.env.BENCH_NOTIFY_CHATS ?? 3000);
const LIMIT = 30;
const rows: string[][] = [];

const announce = async (h: PipelineHarness, audience: 'CLASS' | 'SCHOOL') => {
  const admin = await loadActor(h.db.prisma, h.world.users.admin.id);
  return h.domain.messaging.createAnnouncement(admin, {
    audience,
    ...(audience === 'CLASS' ? { classGroupId: h.world.classA.id } : {}),
    title: 'Ата-энелер чогулушу',
    body: 'Жума күнү саат 18:00дө мектептин залында.',
  });
};

/** Distinct chats of `chats` that got a message (the world's own chats keep quiet hours). */
const received = (h: PipelineHarness, chats: number[]) => {
  const wanted = new Set(chats);
  return new Set(h.fake.sent.filter((m) => wanted.has(m.chatId)).map((m) => m.chatId)).size;
};

const measure = (h: PipelineHarness, chats: number[], token?: string) => {
  const sent = h.fake.sent.filter((m) => chats.includes(m.chatId) && (!token || m.token === token));
  const distinct = new Set(sent.map((m) => m.chatId));
  const times = sent.map((m) => m.at).sort((a, b) => a - b);
  const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  return {
    rate: seconds > 0 ? (sent.length - 1) / seconds : 0,
    duplicates: sent.length - distinct.size,
    losses: chats.length - distinct.size,
  };
};

const printTable = () => {
  const header = ['scenario', 'limit msg/s', 'achieved msg/s', 'of limit', 'duplicates', 'losses'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
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
    await withHarness({ windowMs: 0, fakeRate: LIMIT }, async (h) => {
      const chats = await addLinkedGuardians(h, h.world.pupilA2.id, CHATS, 1_000_000, null);
      await h.start({ ratePerBot: LIMIT - 1 });
      await announce(h, 'CLASS');
      await waitFor(() => received(h, chats) >= chats.length, CHATS * 200);
      const m = measure(h, chats);
      rows.push([
        `announcement, ${CHATS} chats, 1 bot`,
        `${LIMIT}`,
        m.rate.toFixed(1),
        `${((m.rate / LIMIT) * 100).toFixed(0)}%`,
        `${m.duplicates}`,
        `${m.losses}`,
      ]);
    });
    // 2. Two bots, an announcement to the whole school reaching both at once.
    await withHarness({ windowMs: 0, fakeRate: LIMIT }, async (h) => {
      const a = await addLinkedGuardians(h, h.world.pupilA2.id, CHATS, 1_000_000, null);
      const b = await addLinkedGuardians(h, h.world.pupilB.id, CHATS, 2_000_000, h.botB);
      await h.start({ ratePerBot: LIMIT - 1 });
      await announce(h, 'SCHOOL');
      await waitFor(() => received(h, [...a, ...b]) >= a.length + b.length, CHATS * 200);
      for (const [name, chats] of [
        ['A', a],
        ['B', b],
      ] as const) {
        const m = measure(h, chats);
        rows.push([
          `two bots at once, bot ${name}, ${CHATS} chats`,
          `${LIMIT}`,
          m.rate.toFixed(1),
          `${((m.rate / LIMIT) * 100).toFixed(0)}%`,
          `${m.duplicates}`,
          `${m.losses}`,
        ]);
      }
    });
    // 3. Instant fake: what the pipeline itself can do.
    await withHarness({ windowMs: 0 }, async (h) => {
      const chats = await addLinkedGuardians(h, h.world.pupilA2.id, CHATS, 1_000_000, null);
      await h.start({ ratePerBot: 100_000, concurrency: 100 });
      await announce(h, 'CLASS');
      await waitFor(() => received(h, chats) >= chats.length, CHATS * 100);
      const m = measure(h, chats);
      rows.push([
        `instant fake, ${CHATS} chats (capacity)`,
        '∞',
        m.rate.toFixed(1),
        '—',
        `${m.duplicates}`,
        `${m.losses}`,
      ]);
    });
    // 4. Coalescing: a class of 35 with both parents linked; 35 marks, then 3 more subjects for one pupil.
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
          new Set(h.fake.sent.filter((m) => chats.includes(m.chatId)).map((m) => m.chatId)).size >=
          chats.length,
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
        `${chats.length - new Set(h.fake.sent.map((m) => m.chatId)).size + (new Set(h.fake.sent.map((m) => m.chatId)).size - new Set(h.fake.sent.filter((m) => chats.includes(m.chatId)).map((m) => m.chatId)).size)}`,
      ]);
    });
  } finally {
    await dropTemplate();
  }
  printTable();
  process.exit(0);
};

void main();
