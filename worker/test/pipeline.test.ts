import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../domain/actor.ts';
import { emitEvent } from '../../domain/events.ts';
import { TG } from '../../test/world.ts';
import { pino } from 'pino';
import type { NotifyWorker } from '../app.ts';
import { openQueues } from '../queues.ts';
import { startRelay } from '../relay.ts';
import {
  addLinkedGuardians,
  createPipelineHarness,
  TOKEN_A,
  TOKEN_B,
  waitFor,
  type PipelineHarness,
} from './harness.ts';

let h: PipelineHarness;
let worker: NotifyWorker;
beforeAll(async () => {
  h = await createPipelineHarness({ windowMs: 300 });
  const { users } = h.world;
  await h.db.prisma.notificationPreference.createMany({
    data: [users.parentA.id, users.parentB.id, users.pupilA.id].map((userId) => ({
      userId,
      quietFrom: null,
      quietTo: null,
    })),
  });
  worker = await h.start();
});
afterAll(() => h.close());

const teacher = () => loadActor(h.db.prisma, h.world.users.teacherOfClass.id);
const chatStatus = async (chatId: bigint) =>
  (await h.db.prisma.delivery.findMany({ where: { chatId }, orderBy: { id: 'asc' } })).map(
    (d) => d.status,
  );

describe('worker: outbox → Telegram', () => {
  it('a mark entered by the teacher reaches the pupil and the parent once each', async () => {
    await h.domain.journal.recordMark(await teacher(), {
      lessonId: h.world.lessonA.id,
      pupilId: h.world.pupilA.id,
      value: 5,
      kind: 'ORAL',
      reason: 'кечигип коюлду',
    });
    await waitFor(
      () =>
        h.fake.sentTo(Number(TG.parentA)).length === 1 &&
        h.fake.sentTo(Number(TG.pupilA)).length === 1,
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(h.fake.sentTo(Number(TG.parentA))).toHaveLength(1);
    expect(h.fake.sentTo(Number(TG.parentA))[0]).toMatchObject({
      token: TOKEN_A,
      text: 'Математика: 5 (14.10)',
    });
    expect(h.fake.sentTo(Number(TG.parentA))[0]?.callbackData).toMatch(/^n:d:\d+:20261014$/);
    expect(await chatStatus(TG.parentA)).toEqual(['SENT']);
  });

  it('a chat that blocked the bot is asked once, marked BLOCKED, and its link turns inactive', async () => {
    h.fake.blockChat(Number(TG.pupilA), 403);
    const mark = await h.db.prisma.mark.findFirstOrThrow({ where: { pupilId: h.world.pupilA.id } });
    await h.domain.journal.changeMark(await teacher(), {
      markId: mark.id,
      value: 4,
      reason: 'ката',
    });
    await waitFor(async () => (await chatStatus(TG.pupilA)).at(-1) === 'BLOCKED');
    await waitFor(() => h.fake.sentTo(Number(TG.parentA)).length === 2);
    await new Promise((r) => setTimeout(r, 1_500));
    const link = await h.db.prisma.telegramLink.findFirstOrThrow({ where: { chatId: TG.pupilA } });
    expect(link.isActive).toBe(false);
    expect(h.fake.answers.get('403')).toBe(1);
    expect(h.fake.sentTo(Number(TG.parentA)).at(-1)?.text).toMatch(
      /^Математика, 14\.10: баа 5 → 4 өзгөртүлдү/,
    );
  });

  it('a 5xx answer is retried with backoff and delivered once', async () => {
    h.fake.failChat(Number(TG.parentB), 2);
    await h.db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: h.world.classB.id }, h.world.school.id),
    );
    await waitFor(() => h.fake.sentTo(Number(TG.parentB)).length === 1, 25_000);
    expect(h.fake.sentTo(Number(TG.parentB))[0]?.text).toBe('Изменилось расписание 6-Б класса');
    expect(h.fake.answers.get('502')).toBe(2);
  }, 30_000);

  it('a 429 storm on one bot pauses that bot only and loses nothing', async () => {
    const chatsA = await addLinkedGuardians(h, h.world.pupilA2.id, 120, 500_000, null);
    const chatsB = await addLinkedGuardians(h, h.world.pupilB.id, 60, 600_000, h.botB);
    const admin = await loadActor(h.db.prisma, h.world.users.admin.id);
    const stormUntil = Date.now() + 9_000;
    h.fake.storm(TOKEN_A, 3, stormUntil);
    const requestsA = h.fake.requests.get(TOKEN_A) ?? 0;
    await h.domain.messaging.createAnnouncement(admin, {
      audience: 'SCHOOL',
      title: 'Ата-энелер чогулушу',
      body: 'Жума күнү саат 18:00дө мектептин залында.',
    });
    const got = (chats: number[]) => chats.filter((c) => h.fake.sentTo(c).length > 0).length;
    await waitFor(() => got(chatsB) === chatsB.length, 15_000);
    // Bot B finished while bot A was still told to wait.
    expect(Date.now()).toBeLessThan(stormUntil);
    await waitFor(() => got(chatsA) === chatsA.length, 25_000);
    for (const chat of [...chatsA, ...chatsB]) expect(h.fake.sentTo(chat)).toHaveLength(1);
    expect(h.fake.sentTo(chatsB[0] ?? 0)[0]?.token).toBe(TOKEN_B);
    // The paused bot did not hammer Telegram: at most the sends in flight (32) are answered 429
    // per retry_after round (3 rounds in 9 s), not every message every second.
    const extraRequests = (h.fake.requests.get(TOKEN_A) ?? 0) - requestsA - chatsA.length;
    expect(extraRequests).toBeGreaterThan(0);
    expect(extraRequests).toBeLessThanOrEqual(3 * 32 + 32);
  }, 45_000);

  it('events committed while the worker is away (Redis unreachable) all arrive afterwards', async () => {
    await worker.close();
    // The relay alone, pointed at a port where nothing listens: Redis is "down".
    const deadRedis = openQueues(
      {
        url: 'redis://127.0.0.1:1',
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        retryStrategy: () => 1_000,
      },
      h.prefix,
    );
    const relay = startRelay(h.domain, deadRedis, pino({ level: 'silent' }), 50);
    const before = h.fake.sentTo(Number(TG.parentA)).length;
    await h.db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: h.world.classA.id }, h.world.school.id),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await h.db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(1);
    await relay.stop();
    await Promise.race([
      Promise.all(deadRedis.all().map((q) => q.close())),
      new Promise((r) => setTimeout(r, 1_000)),
    ]);
    worker = await h.start();
    await waitFor(() => h.fake.sentTo(Number(TG.parentA)).length === before + 1);
    expect(h.fake.sentTo(Number(TG.parentA)).at(-1)?.text).toBe(
      '5-А классынын сабактарынын жүгүртмөсү өзгөрдү',
    );
  }, 30_000);
});
