import { describe, expect, it } from 'vitest';
import { useWorldDomain } from '../../test/domain-world.ts';
import { TEST_NOW, TG } from '../../test/world.ts';
import { loadActor } from '../actor.ts';
import { emitEvent } from '../events.ts';
import { notifyCallbackData, parseNotifyCallback } from './callback-data.ts';
import { endOfQuietHours } from './quiet-hours.ts';
import { decryptToken, encryptToken } from './token-crypto.ts';

let clock = TEST_NOW;
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

const ctx = useWorldDomain({ maxConnections: 3, now: () => clock });

const teacher = () => loadActor(ctx.db.prisma, ctx.world.users.teacherOfClass.id);
const lastEventId = async () =>
  (await ctx.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;

/** Fans out, moves the clock past the window and claims every message: what each chat gets. */
const deliverAll = async (eventIds: number[]) => {
  const scheduled = [];
  for (const id of eventIds) scheduled.push(...(await ctx.domain.notifications.fanOutEvent(id)));
  later(3 * 60_000);
  const out = new Map<bigint, { text: string; callbackData: string | null }>();
  for (const id of new Set(scheduled.map((s) => s.messageId))) {
    const claimed = await ctx.domain.notifications.claimMessage(id);
    if (claimed.kind !== 'send') continue;
    out.set(claimed.chatId, {
      text: claimed.message.text,
      callbackData: claimed.message.button?.callbackData ?? null,
    });
    await ctx.domain.notifications.recordMessageSent(id);
  }
  return out;
};

describe('notifications.fanOutEvent + claimMessage', () => {
  it('a new mark reaches the pupil and each linked guardian once, in their language, with a diary button', async () => {
    await ctx.domain.journal.recordMark(await teacher(), {
      lessonId: ctx.world.lessonA.id,
      pupilId: ctx.world.pupilA.id,
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
      pupilId: ctx.world.pupilA.id,
      date: '2026-10-14',
    });
    const deliveries = await ctx.db.prisma.delivery.findMany({ where: { eventId } });
    expect(deliveries.map((d) => d.status)).toEqual(['SENT', 'SENT']);
  });

  it('a mark changed twice within the window is one message with old → final value', async () => {
    const mark = await ctx.db.prisma.mark.findFirstOrThrow({
      where: { pupilId: ctx.world.pupilA.id },
    });
    const ids: number[] = [];
    for (const value of [3, 4]) {
      await ctx.domain.journal.changeMark(await teacher(), {
        markId: mark.id,
        value,
        reason: 'қате',
      });
      ids.push(await lastEventId());
    }
    const before = await ctx.db.prisma.notificationMessage.count();
    const out = await deliverAll(ids);
    expect(await ctx.db.prisma.notificationMessage.count()).toBe(before + 2); // one per chat
    expect(out.get(TG.parentA)?.text).toMatch(
      /^Математика, 14\.10: баа 5 → 4 өзгөртүлдү \(Бакыт Teacher, \d\d:\d\d\)$/,
    );
  });

  it('renders in Russian for a Russian-speaking parent', async () => {
    const lesson = ctx.world.lessonB;
    await ctx.domain.journal.recordMark(
      await loadActor(ctx.db.prisma, ctx.world.users.teacherOfOtherClass.id),
      {
        lessonId: lesson.id,
        pupilId: ctx.world.pupilB.id,
        value: 2,
      },
    );
    await ctx.db.prisma.attendance.create({
      data: {
        lessonId: lesson.id,
        pupilId: ctx.world.pupilB.id,
        date: lesson.date,
        status: 'ABSENT',
      },
    });
    const attendance = await ctx.db.prisma.attendance.findFirstOrThrow({
      where: { pupilId: ctx.world.pupilB.id },
    });
    const markEvent = await lastEventId();
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'attendance.recorded',
        { attendanceId: attendance.id, pupilId: ctx.world.pupilB.id, lessonId: lesson.id },
        ctx.world.school.id,
      ),
    );
    const out = await deliverAll([markEvent, await lastEventId()]);
    expect(out.get(TG.parentB)?.text).toBe(
      'Математика: 2 (14.10)\nМатематика, 14.10: отсутствовал(а) на уроке',
    );
  });

  it('sends nothing to a chat linked after the event, nor to a user who switched marks off', async () => {
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'mark.posted',
        { markId: 1, pupilId: ctx.world.pupilA.id, lessonId: ctx.world.lessonA.id },
        ctx.world.school.id,
      ),
    );
    const eventId = await lastEventId();
    await ctx.db.prisma.telegramLink.updateMany({
      where: { chatId: TG.pupilA },
      data: { linkedAt: new Date(Date.now() + 60_000) },
    });
    await ctx.db.prisma.notificationPreference.create({
      data: { userId: ctx.world.users.parentA.id, marks: false },
    });
    expect(await ctx.domain.notifications.fanOutEvent(eventId)).toEqual([]);
    expect(await ctx.db.prisma.delivery.count({ where: { eventId } })).toBe(0);
    await ctx.db.prisma.telegramLink.updateMany({
      where: { chatId: TG.pupilA },
      data: { linkedAt: new Date('2026-01-01') },
    });
    await ctx.db.prisma.notificationPreference.delete({
      where: { userId: ctx.world.users.parentA.id },
    });
  });

  it('sends nothing into a chat whose user blocked the bot (reported by the bot)', async () => {
    await ctx.db.prisma.telegramLink.updateMany({
      where: { chatId: { in: [TG.pupilA, TG.parentA] } },
      data: { blockedAt: new Date() },
    });
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'timetable.changed',
        { classGroupId: ctx.world.classA.id },
        ctx.world.school.id,
      ),
    );
    const eventId = await lastEventId();
    await ctx.domain.notifications.fanOutEvent(eventId);
    const chats = (await ctx.db.prisma.delivery.findMany({ where: { eventId } })).map(
      (d) => d.chatId,
    );
    expect(chats).not.toContain(TG.pupilA);
    expect(chats).not.toContain(TG.parentA);
    await ctx.db.prisma.telegramLink.updateMany({
      where: { chatId: { in: [TG.pupilA, TG.parentA] } },
      data: { blockedAt: null },
    });
  });

  it('a rolled-back mark writes no event and so nothing to send', async () => {
    const before = await ctx.db.prisma.outboxEvent.count();
    await expect(
      ctx.db.prisma.$transaction(async (tx) => {
        await emitEvent(
          tx,
          'mark.posted',
          { markId: 1, pupilId: ctx.world.pupilA.id, lessonId: ctx.world.lessonA.id },
          ctx.world.school.id,
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await ctx.db.prisma.outboxEvent.count()).toBe(before);
  });

  it('claims many messages at once: each in its own language, not-yet-due ones later, sent ones done', async () => {
    const admin = await loadActor(ctx.db.prisma, ctx.world.users.admin.id);
    await ctx.domain.messaging.createAnnouncement(admin, {
      audience: 'SCHOOL',
      title: 'Чогулуш',
      body: 'Жума күнү саат 18:00дө.',
    });
    const scheduled = await ctx.domain.notifications.fanOutEvent(await lastEventId());
    const ids = scheduled.map((m) => m.messageId);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // Not due yet (the window is 2 minutes): every one is "later", nothing claimed.
    const early = await ctx.domain.notifications.claimMessages(ids);
    expect([...early.values()].every((c) => c.kind === 'later')).toBe(true);
    later(3 * 60_000);
    const claimChats = async () => {
      const claimed = await ctx.domain.notifications.claimMessages([...ids, ...ids]);
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
    await ctx.domain.notifications.recordMessagesSent(ids.slice(1));
    const last = await ctx.domain.notifications.claimMessages(ids);
    expect(last.get(ids[0] ?? 0)?.kind).toBe('send');
    expect(ids.slice(1).map((id) => last.get(id)?.kind)).toEqual(ids.slice(1).map(() => 'done'));
    await ctx.domain.notifications.recordMessagesSent(ids);
  });

  it('holds a message in quiet hours until the morning (default 21:00–07:30 Asia/Bishkek)', async () => {
    const before = clock;
    clock = new Date('2026-10-15T16:30:00Z'); // 22:30 in Bishkek
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'timetable.changed',
        { classGroupId: ctx.world.classA.id },
        ctx.world.school.id,
      ),
    );
    const [first] = await ctx.domain.notifications.fanOutEvent(await lastEventId());
    expect(first?.dueAt.toISOString()).toBe('2026-10-16T01:30:00.000Z'); // 07:30 in Bishkek
    clock = before;
    // The held message stays open: later events of the evening join it (checked by the end of the file).
    const held = await ctx.db.prisma.notificationMessage.findUniqueOrThrow({
      where: { id: first?.messageId },
    });
    expect(held.status).toBe('PENDING');
    await ctx.db.prisma.notificationMessage.update({
      where: { id: held.id },
      data: { status: 'SKIPPED' },
    });
  });
});

describe('notifications.relayOutbox', () => {
  it('marks nothing published when publishing fails, and everything when it works', async () => {
    await ctx.db.prisma.outboxEvent.updateMany({ data: { publishedAt: new Date() } });
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'timetable.changed',
        { classGroupId: ctx.world.classB.id },
        ctx.world.school.id,
      ),
    );
    await expect(
      ctx.domain.notifications.relayOutbox(
        async () => {
          throw new Error('redis down');
        },
        { maxAgeMs: 1e12 },
      ),
    ).rejects.toThrow('redis down');
    expect(await ctx.db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(1);
    const published: number[] = [];
    expect(
      await ctx.domain.notifications.relayOutbox(async (ids) => void published.push(...ids), {
        maxAgeMs: 1e12,
      }),
    ).toBe(1);
    expect(published).toHaveLength(1);
    expect(await ctx.db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it('holds no lock while publishing, and marks stale events without publishing them', async () => {
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'timetable.changed',
        { classGroupId: ctx.world.classB.id },
        ctx.world.school.id,
      ),
    );
    const locked: unknown[] = [];
    expect(
      await ctx.domain.notifications.relayOutbox(
        async (ids) => {
          // Another session may lock the rows at once: the relay keeps no transaction open here.
          locked.push(
            ...(await ctx.db.prisma.$queryRaw<unknown[]>`
              SELECT id FROM outbox_event WHERE id = ANY(${ids}::int[]) FOR UPDATE NOWAIT`),
          );
        },
        { maxAgeMs: 1e12 },
      ),
    ).toBe(1);
    expect(locked).toHaveLength(1);
    await ctx.db.prisma.$transaction((tx) =>
      emitEvent(
        tx,
        'timetable.changed',
        { classGroupId: ctx.world.classB.id },
        ctx.world.school.id,
      ),
    );
    await ctx.db.prisma.outboxEvent.updateMany({
      where: { publishedAt: null },
      data: { createdAt: new Date('2020-01-01') },
    });
    const published: number[] = [];
    expect(
      await ctx.domain.notifications.relayOutbox(async (ids) => void published.push(...ids)),
    ).toBe(1);
    expect(published).toEqual([]);
    expect(await ctx.db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});

describe('notifications.emitDailyDigests', () => {
  it('holds the events of a user in digest mode and of a chat over its hourly cap for one evening message', async () => {
    await ctx.db.prisma.notificationPreference.upsert({
      where: { userId: ctx.world.users.parentA.id },
      create: {
        userId: ctx.world.users.parentA.id,
        digestOnly: true,
        quietFrom: null,
        quietTo: null,
      },
      update: { digestOnly: true, quietFrom: null, quietTo: null },
    });
    // Nothing open for these chats from earlier tests.
    await ctx.db.prisma.notificationMessage.updateMany({
      where: { chatId: { in: [TG.parentA, TG.pupilA] }, status: 'PENDING' },
      data: { status: 'SKIPPED' },
    });
    // The pupil's chat had its 12 messages within the hour.
    const pupilLink = await ctx.db.prisma.telegramLink.findFirstOrThrow({
      where: { chatId: TG.pupilA },
    });
    await ctx.db.prisma.notificationMessage.createMany({
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
    for (const classGroupId of [ctx.world.classA.id, ctx.world.classA.id]) {
      await ctx.db.prisma.$transaction((tx) =>
        emitEvent(tx, 'timetable.changed', { classGroupId }, ctx.world.school.id),
      );
      ids.push(await lastEventId());
      const scheduled = await ctx.domain.notifications.fanOutEvent(ids.at(-1) ?? 0);
      const chats = await ctx.db.prisma.notificationMessage.findMany({
        where: { id: { in: scheduled.map((m) => m.messageId) } },
        select: { chatId: true },
      });
      expect(chats.map((c) => c.chatId)).not.toContain(TG.parentA);
      expect(chats.map((c) => c.chatId)).not.toContain(TG.pupilA);
    }
    expect(
      await ctx.db.prisma.delivery.count({
        where: { eventId: { in: ids }, chatId: { in: [TG.parentA, TG.pupilA] }, messageId: null },
      }),
    ).toBe(4);
    later(60_000);
    const digests = await ctx.domain.notifications.emitDailyDigests();
    expect(await ctx.domain.notifications.emitDailyDigests()).toEqual([]);
    const byChat = new Map<bigint, string>();
    for (const m of digests) {
      const claimed = await ctx.domain.notifications.claimMessage(m.messageId);
      if (claimed.kind === 'send') byChat.set(claimed.chatId, claimed.message.text);
      await ctx.domain.notifications.recordMessageSent(m.messageId);
    }
    expect([...byChat.keys()].sort()).toEqual([TG.parentA, TG.pupilA]);
    // Two events of one fact, one line.
    expect(byChat.get(TG.parentA)).toBe('5-А классынын сабактарынын жүгүртмөсү өзгөрдү');
    await ctx.db.prisma.notificationPreference.delete({
      where: { userId: ctx.world.users.parentA.id },
    });
    await ctx.db.prisma.notificationMessage.updateMany({
      where: { chatId: TG.pupilA, dueAt: { lte: clock } },
      data: { sentAt: new Date('2026-01-01') },
    });
  });
});

describe('notifications.emitHomeworkReminders', () => {
  it('writes one reminder per class and day, however often it runs', async () => {
    await ctx.db.prisma.lesson.update({
      where: { id: ctx.world.lessonA.id },
      data: { homeworkDueOn: new Date('2026-10-16T00:00:00Z') },
    });
    expect(await ctx.domain.notifications.emitHomeworkReminders()).toBe(1);
    expect(await ctx.domain.notifications.emitHomeworkReminders()).toBe(0);
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
