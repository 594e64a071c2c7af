import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, TEST_NOW, TG, type World } from '../../test/world.ts';
import { loadActor } from '../actor.ts';
import { emitEvent } from '../events.ts';
import { createDomain, type Domain } from '../index.ts';
import { notifyCallbackData, parseNotifyCallback } from './callback-data.ts';
import { endOfQuietHours } from './quiet-hours.ts';
import { decryptToken, encryptToken } from './token-crypto.ts';

let db: TestDb;
let world: World;
let domain: Domain;
let clock = TEST_NOW;
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
  domain = createDomain({ databaseUrl: db.url, maxConnections: 3, now: () => clock });
});
afterAll(async () => {
  await domain.close();
  await db.drop();
});

const teacher = () => loadActor(db.prisma, world.users.teacherOfClass.id);
const lastEventId = async () =>
  (await db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;

/** Fans out, moves the clock past the window and claims every message: what each chat gets. */
const deliverAll = async (eventIds: number[]) => {
  const scheduled = [];
  for (const id of eventIds) scheduled.push(...(await domain.notifications.fanOutEvent(id)));
  later(3 * 60_000);
  const out = new Map<bigint, { text: string; callbackData: string | null }>();
  for (const id of new Set(scheduled.map((s) => s.messageId))) {
    const claimed = await domain.notifications.claimMessage(id);
    if (claimed.kind !== 'send') continue;
    out.set(claimed.chatId, {
      text: claimed.message.text,
      callbackData: claimed.message.button?.callbackData ?? null,
    });
    await domain.notifications.recordMessageSent(id);
  }
  return out;
};

describe('notifications.fanOutEvent + claimMessage', () => {
  it('a new mark reaches the pupil and each linked guardian once, in their language, with a diary button', async () => {
    await domain.journal.recordMark(await teacher(), {
      lessonId: world.lessonA.id,
      pupilId: world.pupilA.id,
      value: 5,
    });
    const eventId = await lastEventId();
    const out = await deliverAll([eventId, eventId]);
    expect([...out.keys()].sort()).toEqual([TG.parentA, TG.pupilA]);
    expect(out.get(TG.parentA)?.text).toBe('Математика: 5 (14.10)');
    const data = out.get(TG.parentA)?.callbackData ?? '';
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseNotifyCallback(data)).toEqual({
      kind: 'diary',
      pupilId: world.pupilA.id,
      date: '2026-10-14',
    });
    const deliveries = await db.prisma.delivery.findMany({ where: { eventId } });
    expect(deliveries.map((d) => d.status)).toEqual(['SENT', 'SENT']);
  });

  it('a mark changed twice within the window is one message with old → final value', async () => {
    const mark = await db.prisma.mark.findFirstOrThrow({ where: { pupilId: world.pupilA.id } });
    const ids: number[] = [];
    for (const value of [3, 4]) {
      await domain.journal.changeMark(await teacher(), { markId: mark.id, value, reason: 'қате' });
      ids.push(await lastEventId());
    }
    const before = await db.prisma.notificationMessage.count();
    const out = await deliverAll(ids);
    expect(await db.prisma.notificationMessage.count()).toBe(before + 2); // one per chat
    expect(out.get(TG.parentA)?.text).toMatch(
      /^Математика, 14\.10: баа 5 → 4 өзгөртүлдү \(Бакыт Teacher, \d\d:\d\d\)$/,
    );
  });

  it('renders in Russian for a Russian-speaking parent', async () => {
    const lesson = world.lessonB;
    await domain.journal.recordMark(
      await loadActor(db.prisma, world.users.teacherOfOtherClass.id),
      {
        lessonId: lesson.id,
        pupilId: world.pupilB.id,
        value: 2,
      },
    );
    await db.prisma.attendance.create({
      data: { lessonId: lesson.id, pupilId: world.pupilB.id, date: lesson.date, status: 'ABSENT' },
    });
    const attendance = await db.prisma.attendance.findFirstOrThrow({
      where: { pupilId: world.pupilB.id },
    });
    const markEvent = await lastEventId();
    await db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'attendance.recorded',
        { attendanceId: attendance.id, pupilId: world.pupilB.id, lessonId: lesson.id },
        world.school.id,
      ),
    );
    const out = await deliverAll([markEvent, await lastEventId()]);
    expect(out.get(TG.parentB)?.text).toBe(
      'Математика: 2 (14.10)\nМатематика, 14.10: отсутствовал(а) на уроке',
    );
  });

  it('sends nothing to a chat linked after the event, nor to a user who switched marks off', async () => {
    await db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'mark.posted',
        { markId: 1, pupilId: world.pupilA.id, lessonId: world.lessonA.id },
        world.school.id,
      ),
    );
    const eventId = await lastEventId();
    await db.prisma.telegramLink.updateMany({
      where: { chatId: TG.pupilA },
      data: { linkedAt: new Date(Date.now() + 60_000) },
    });
    await db.prisma.notificationPreference.create({
      data: { userId: world.users.parentA.id, marks: false },
    });
    expect(await domain.notifications.fanOutEvent(eventId)).toEqual([]);
    expect(await db.prisma.delivery.count({ where: { eventId } })).toBe(0);
    await db.prisma.telegramLink.updateMany({
      where: { chatId: TG.pupilA },
      data: { linkedAt: new Date('2026-01-01') },
    });
    await db.prisma.notificationPreference.delete({ where: { userId: world.users.parentA.id } });
  });

  it('sends nothing into a chat whose user blocked the bot (reported by the bot)', async () => {
    await db.prisma.telegramLink.updateMany({
      where: { chatId: { in: [TG.pupilA, TG.parentA] } },
      data: { blockedAt: new Date() },
    });
    await db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: world.classA.id }, world.school.id),
    );
    const eventId = await lastEventId();
    await domain.notifications.fanOutEvent(eventId);
    const chats = (await db.prisma.delivery.findMany({ where: { eventId } })).map((d) => d.chatId);
    expect(chats).not.toContain(TG.pupilA);
    expect(chats).not.toContain(TG.parentA);
    await db.prisma.telegramLink.updateMany({
      where: { chatId: { in: [TG.pupilA, TG.parentA] } },
      data: { blockedAt: null },
    });
  });

  it('a rolled-back mark writes no event and so nothing to send', async () => {
    const before = await db.prisma.outboxEvent.count();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await emitEvent(
          tx,
          'mark.posted',
          { markId: 1, pupilId: world.pupilA.id, lessonId: world.lessonA.id },
          world.school.id,
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.prisma.outboxEvent.count()).toBe(before);
  });

  it('claims many messages at once: each in its own language, not-yet-due ones later, sent ones done', async () => {
    const admin = await loadActor(db.prisma, world.users.admin.id);
    await domain.messaging.createAnnouncement(admin, {
      audience: 'SCHOOL',
      title: 'Чогулуш',
      body: 'Жума күнү саат 18:00дө.',
    });
    const scheduled = await domain.notifications.fanOutEvent(await lastEventId());
    const ids = scheduled.map((m) => m.messageId);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // Not due yet (the window is 2 minutes): every one is "later", nothing claimed.
    const early = await domain.notifications.claimMessages(ids);
    expect([...early.values()].every((c) => c.kind === 'later')).toBe(true);
    later(3 * 60_000);
    const claimChats = async () => {
      const claimed = await domain.notifications.claimMessages([...ids, ...ids]);
      const byChat = new Map<bigint, string>();
      for (const c of claimed.values())
        if (c.kind === 'send') byChat.set(c.chatId, c.message.button?.text ?? '');
      return { claimed, byChat };
    };
    const first = await claimChats();
    expect(first.claimed.size).toBe(ids.length);
    expect(first.byChat.get(TG.parentA)).toBe('Кулактандырууну ачуу');
    expect(first.byChat.get(TG.parentB)).toBe('Открыть объявление');
    // Claimed but not recorded (a crash before Telegram answered): claimed again, same texts.
    const again = await claimChats();
    expect(again.byChat).toEqual(first.byChat);
    await domain.notifications.recordMessagesSent(ids.slice(1));
    const last = await domain.notifications.claimMessages(ids);
    expect(last.get(ids[0] ?? 0)?.kind).toBe('send');
    expect(ids.slice(1).map((id) => last.get(id)?.kind)).toEqual(ids.slice(1).map(() => 'done'));
    await domain.notifications.recordMessagesSent(ids);
  });

  it('holds a message in quiet hours until the morning (default 21:00–07:30 Asia/Bishkek)', async () => {
    const before = clock;
    clock = new Date('2026-10-15T16:30:00Z'); // 22:30 in Bishkek
    await db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: world.classA.id }, world.school.id),
    );
    const [first] = await domain.notifications.fanOutEvent(await lastEventId());
    expect(first?.dueAt.toISOString()).toBe('2026-10-16T01:30:00.000Z'); // 07:30 in Bishkek
    clock = before;
    // The held message stays open: later events of the evening join it (checked by the end of the file).
    const held = await db.prisma.notificationMessage.findUniqueOrThrow({
      where: { id: first?.messageId },
    });
    expect(held.status).toBe('PENDING');
    await db.prisma.notificationMessage.update({
      where: { id: held.id },
      data: { status: 'SKIPPED' },
    });
  });
});

describe('notifications.relayOutbox', () => {
  it('marks nothing published when publishing fails, and everything when it works', async () => {
    await db.prisma.outboxEvent.updateMany({ data: { publishedAt: new Date() } });
    await db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: world.classB.id }, world.school.id),
    );
    await expect(
      domain.notifications.relayOutbox(
        async () => {
          throw new Error('redis down');
        },
        { maxAgeMs: 1e12 },
      ),
    ).rejects.toThrow('redis down');
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(1);
    const published: number[] = [];
    expect(
      await domain.notifications.relayOutbox(async (ids) => void published.push(...ids), {
        maxAgeMs: 1e12,
      }),
    ).toBe(1);
    expect(published).toHaveLength(1);
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it('holds no lock while publishing, and marks stale events without publishing them', async () => {
    await db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: world.classB.id }, world.school.id),
    );
    const locked: unknown[] = [];
    expect(
      await domain.notifications.relayOutbox(
        async (ids) => {
          // Another session may lock the rows at once: the relay keeps no transaction open here.
          locked.push(
            ...(await db.prisma.$queryRaw<unknown[]>`
              SELECT id FROM outbox_event WHERE id = ANY(${ids}::int[]) FOR UPDATE NOWAIT`),
          );
        },
        { maxAgeMs: 1e12 },
      ),
    ).toBe(1);
    expect(locked).toHaveLength(1);
    await db.prisma.$transaction((tx) =>
      emitEvent(tx, 'timetable.changed', { classGroupId: world.classB.id }, world.school.id),
    );
    await db.prisma.outboxEvent.updateMany({
      where: { publishedAt: null },
      data: { createdAt: new Date('2020-01-01') },
    });
    const published: number[] = [];
    expect(await domain.notifications.relayOutbox(async (ids) => void published.push(...ids))).toBe(
      1,
    );
    expect(published).toEqual([]);
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});

describe('notifications.emitDailyDigests', () => {
  it('holds the events of a user in digest mode and of a chat over its hourly cap for one evening message', async () => {
    await db.prisma.notificationPreference.upsert({
      where: { userId: world.users.parentA.id },
      create: { userId: world.users.parentA.id, digestOnly: true, quietFrom: null, quietTo: null },
      update: { digestOnly: true, quietFrom: null, quietTo: null },
    });
    // Nothing open for these chats from earlier tests.
    await db.prisma.notificationMessage.updateMany({
      where: { chatId: { in: [TG.parentA, TG.pupilA] }, status: 'PENDING' },
      data: { status: 'SKIPPED' },
    });
    // The pupil's chat had its 12 messages within the hour.
    const pupilLink = await db.prisma.telegramLink.findFirstOrThrow({
      where: { chatId: TG.pupilA },
    });
    await db.prisma.notificationMessage.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        chatId: TG.pupilA,
        botAccountId: pupilLink.botAccountId,
        userId: pupilLink.userId,
        status: 'SENT' as const,
        dueAt: clock,
        sentAt: new Date(clock.getTime() - (i + 1) * 60_000),
      })),
    });
    const ids: number[] = [];
    for (const classGroupId of [world.classA.id, world.classA.id]) {
      await db.prisma.$transaction((tx) =>
        emitEvent(tx, 'timetable.changed', { classGroupId }, world.school.id),
      );
      ids.push(await lastEventId());
      const scheduled = await domain.notifications.fanOutEvent(ids.at(-1) ?? 0);
      const chats = await db.prisma.notificationMessage.findMany({
        where: { id: { in: scheduled.map((m) => m.messageId) } },
        select: { chatId: true },
      });
      expect(chats.map((c) => c.chatId)).not.toContain(TG.parentA);
      expect(chats.map((c) => c.chatId)).not.toContain(TG.pupilA);
    }
    expect(
      await db.prisma.delivery.count({
        where: { eventId: { in: ids }, chatId: { in: [TG.parentA, TG.pupilA] }, messageId: null },
      }),
    ).toBe(4);
    later(60_000);
    const digests = await domain.notifications.emitDailyDigests();
    expect(await domain.notifications.emitDailyDigests()).toEqual([]);
    const byChat = new Map<bigint, string>();
    for (const m of digests) {
      const claimed = await domain.notifications.claimMessage(m.messageId);
      if (claimed.kind === 'send') byChat.set(claimed.chatId, claimed.message.text);
      await domain.notifications.recordMessageSent(m.messageId);
    }
    expect([...byChat.keys()].sort()).toEqual([TG.parentA, TG.pupilA]);
    // Two events of one fact, one line.
    expect(byChat.get(TG.parentA)).toBe('5-А классынын сабактарынын жүгүртмөсү өзгөрдү');
    await db.prisma.notificationPreference.delete({ where: { userId: world.users.parentA.id } });
    await db.prisma.notificationMessage.updateMany({
      where: { chatId: TG.pupilA, dueAt: { lte: clock } },
      data: { sentAt: new Date('2026-01-01') },
    });
  });
});

describe('notifications.emitHomeworkReminders', () => {
  it('writes one reminder per class and day, however often it runs', async () => {
    await db.prisma.lesson.update({
      where: { id: world.lessonA.id },
      data: { homeworkDueOn: new Date('2026-10-16T00:00:00Z') },
    });
    expect(await domain.notifications.emitHomeworkReminders()).toBe(1);
    expect(await domain.notifications.emitHomeworkReminders()).toBe(0);
    const eventId = await lastEventId();
    const out = await deliverAll([eventId]);
    expect(out.get(TG.parentA)?.text).toBe('Эртеңки үй тапшырмалары (16.10): Математика');
  });
});

describe('helpers', () => {
  it('quiet hours wrap midnight and leave daytime alone', () => {
    const quiet = { from: '21:00', to: '07:30' };
    const noon = new Date('2026-10-15T06:00:00Z');
    expect(endOfQuietHours(noon, quiet, 'Asia/Bishkek')).toEqual(noon);
    expect(
      endOfQuietHours(new Date('2026-10-15T21:10:00Z'), quiet, 'Asia/Bishkek').toISOString(),
    ).toBe('2026-10-16T01:30:00.000Z');
    expect(endOfQuietHours(noon, { from: null, to: null }, 'Asia/Bishkek')).toEqual(noon);
  });

  it('encrypts bot tokens with AES-256-GCM and refuses a wrong key or an edited value', () => {
    const key = 'ab'.repeat(32);
    const stored = encryptToken('123456:secret-token', key);
    expect(stored).not.toContain('secret');
    expect(decryptToken(stored, key)).toBe('123456:secret-token');
    expect(() => decryptToken(stored, 'cd'.repeat(32))).toThrow();
    expect(() => decryptToken(`${stored.slice(0, -2)}AA`, key)).toThrow();
  });

  it('callback data stays within 64 bytes for the largest ids', () => {
    for (const target of [
      { kind: 'diary', pupilId: 2_147_483_647, date: '2026-12-31' },
      { kind: 'announcement', announcementId: 2_147_483_647 },
      { kind: 'thread', threadId: 2_147_483_647 },
    ] as const) {
      const data = notifyCallbackData(target);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(parseNotifyCallback(data)).toEqual(target);
    }
  });
});
