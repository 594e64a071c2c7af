/**
 * Messages and teachers in the bot, end to end through the fake Bot API and the real API: a parent
 * writes to a teacher of the child (picked from a list), the teacher — linked with a staff code —
 * reads it in the inbox and answers in the bot, the parent sees the answer; a teacher sees today's
 * lessons and announces to a class (text → preview → send); a class teacher sees the class's
 * attendance. No phone number or Telegram name crosses.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { TG } from '../../test/world.ts';
import { callbackData } from '../keyboards/callback-data.ts';
import {
  buttonsOf,
  buttonWith,
  createBotHarness,
  lastOutput,
  lastText,
  linkAs,
  messageIdOf,
  textsOf,
  type BotHarness,
} from './bot-harness.ts';
import type { FakeUser } from './fake-bot-api.ts';

describe('bot: messages between a parent and a teacher, and teachers in the bot', () => {
  let h: BotHarness;
  const parent: FakeUser = { id: 7201, firstName: 'Нургүл', languageCode: 'ky' };
  const teacher: FakeUser = { id: 7202, firstName: 'Бакыт', languageCode: 'ru' };
  const classTeacher: FakeUser = { id: 7203, firstName: 'Жамиля', languageCode: 'ky' };
  let threadId = 0;

  /** Links a staff member with a code they made for themselves on the web. */
  const linkStaff = async (
    user: FakeUser,
    role: 'teacherOfClass' | 'classTeacher',
    lang: 'ky' | 'ru',
  ) => {
    const res = await request(h.api.app)
      .post(`/api/v1/staff/${h.api.world.users[role].id}/link-code`)
      .set(await h.api.headersFor(role));
    expect(res.status).toBe(201);
    const calls = await h.say(user, `/start ${res.body.code}`);
    expect(textsOf(calls).join('\n')).toMatch(/кызматкери|сотрудник/);
    return h.press(user, callbackData.language(lang), messageIdOf(h, calls, user.id));
  };

  beforeAll(async () => {
    h = await createBotHarness();
    const { world, db } = h.api;
    // Thursday 15 October: the maths teacher has lesson 3 in 5-А, room 21.
    await db.prisma.timetableSlot.create({
      data: {
        classGroupId: world.classA.id,
        weekday: 4,
        lessonNumber: 3,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        room: '21',
        validFrom: dateOnly('2026-09-01'),
      },
    });
    await db.prisma.attendance.create({
      data: {
        lessonId: world.lessonA.id,
        pupilId: world.pupilA.id,
        date: dateOnly('2026-10-14'),
        status: 'LATE',
        lateMinutes: 15,
      },
    });
    await linkAs(h, parent, world.pupilA.id);
  });
  afterAll(() => h.close());

  it('a parent picks a teacher of the child, writes, sees a preview and sends', async () => {
    const { world } = h.api;
    const math = world.users.teacherOfClass;
    let calls = await h.say(parent, '/today');
    calls = await h.press(
      parent,
      callbackData.menu(world.pupilA.id),
      messageIdOf(h, calls, parent.id),
    );
    calls = await h.press(
      parent,
      buttonWith(calls, parent.id, 'Мугалимге жазуу'),
      messageIdOf(h, calls, parent.id),
    );
    expect(lastText(calls, parent.id)).toBe('Кимге жазасыз? Мугалимди тандаңыз:');
    const names = buttonsOf(lastOutput(calls, parent.id)).map((b) => b.text);
    expect(names.some((n) => n.includes(math.lastName) && n.includes('Математика'))).toBe(true);
    // Another class's teacher is not in the list.
    expect(names.some((n) => n.includes(world.users.teacherOfOtherClass.lastName))).toBe(false);

    calls = await h.press(
      parent,
      buttonWith(calls, parent.id, math.lastName),
      messageIdOf(h, calls, parent.id),
    );
    expect(lastText(calls, parent.id)).toContain('катыңызды жазыңыз');
    calls = await h.say(parent, 'Саламатсызбы! Нурлан эртең ооруканага барат, сабакка келбейт.');
    expect(lastText(calls, parent.id)).toContain('Ушундай жөнөтөлөт:');
    expect(await h.api.db.prisma.message.count()).toBe(0); // nothing sent before the confirmation
    calls = await h.press(parent, callbackData.send(), messageIdOf(h, calls, parent.id));
    expect(lastText(calls, parent.id)).toContain('Катыңыз жөнөтүлдү');
    // A second press of the old Send button sends nothing more.
    await h.press(parent, callbackData.send(), messageIdOf(h, calls, parent.id));

    const threads = await request(h.api.app)
      .get('/api/v1/threads')
      .set(await h.api.headersFor('teacherOfClass'));
    expect(threads.body).toHaveLength(1);
    threadId = threads.body[0].id;
    expect(threads.body[0].unread).toBe(1);
    expect(await h.api.db.prisma.message.count()).toBe(1);
  });

  it('the teacher, linked with a staff code, reads the inbox and answers in the bot', async () => {
    let calls = await linkStaff(teacher, 'teacherOfClass', 'ru');
    expect(lastText(calls, teacher.id)).toContain('учитель. Что сделаем?');
    calls = await h.press(teacher, callbackData.inbox(), messageIdOf(h, calls, teacher.id));
    const inbox = lastText(calls, teacher.id);
    expect(inbox).toContain('📥 Сообщения');
    expect(inbox).toContain('Асанов Нурлан, 5-А');
    calls = await h.press(
      teacher,
      callbackData.thread(threadId),
      messageIdOf(h, calls, teacher.id),
    );
    const thread = lastText(calls, teacher.id);
    expect(thread).toContain('Нурлан эртең ооруканага барат');
    // No phone number, Telegram name or Telegram id of the parent reaches the teacher.
    const seenByTeacher = h.fake.calls
      .filter((c) => Number(c.params.chat_id) === teacher.id)
      .map((c) => JSON.stringify(c.params))
      .join('\n');
    expect(seenByTeacher).not.toContain(parent.firstName);
    expect(seenByTeacher).not.toContain(String(parent.id));
    expect(seenByTeacher).not.toMatch(/\+996|\b0\d{9}\b/);

    calls = await h.press(teacher, callbackData.reply(threadId), messageIdOf(h, calls, teacher.id));
    calls = await h.say(teacher, 'Рахмат, маалымат алдым. Тапшырмаларды кийин берем.');
    calls = await h.press(teacher, callbackData.send(), messageIdOf(h, calls, teacher.id));
    expect(lastText(calls, teacher.id)).toContain('Сообщение отправлено');
  });

  it('the parent gets the answer: it is in the thread through the API and in the bot inbox', async () => {
    let calls = await h.say(parent, '/inbox');
    expect(lastText(calls, parent.id)).toContain('🔵 Асанов Нурлан, 5-А');
    calls = await h.press(parent, callbackData.thread(threadId), messageIdOf(h, calls, parent.id));
    const text = lastText(calls, parent.id);
    expect(text).toContain('Сиз,');
    expect(text).toContain('Рахмат, маалымат алдым.');
    const thread = await request(h.api.app)
      .get(`/api/v1/threads/${threadId}`)
      .set({ ...(await h.api.headersFor('parentA')), 'x-telegram-user-id': String(parent.id) });
    expect(thread.status).toBe(200);
    expect(thread.body.messages.map((m: { body: string }) => m.body)).toEqual([
      'Саламатсызбы! Нурлан эртең ооруканага барат, сабакка келбейт.',
      'Рахмат, маалымат алдым. Тапшырмаларды кийин берем.',
    ]);
  });

  it("the teacher sees today's lessons and announces to a class: text → preview → send", async () => {
    let calls = await h.say(teacher, '/lessons');
    const lessons = lastText(calls, teacher.id);
    expect(lessons).toContain('четверг, 15 октября');
    expect(lessons).toContain('3. Математика — 5-А');
    expect(lessons).toContain('кабинет 21');

    calls = await h.say(teacher, '/teacher');
    expect(lastText(calls, teacher.id)).toContain('учитель. Что сделаем?');
    calls = await h.press(
      teacher,
      callbackData.announceClasses(),
      messageIdOf(h, calls, teacher.id),
    );
    const classes = buttonsOf(lastOutput(calls, teacher.id)).map((b) => b.text);
    expect(classes).toContain('5-А');
    expect(classes).not.toContain('5-Б');
    calls = await h.press(
      teacher,
      buttonWith(calls, teacher.id, '5-А'),
      messageIdOf(h, calls, teacher.id),
    );
    calls = await h.say(teacher, 'Контрольная работа\nВ пятницу контрольная по дробям.');
    expect(lastText(calls, teacher.id)).toContain('Будет отправлено так:');
    calls = await h.press(teacher, callbackData.send(), messageIdOf(h, calls, teacher.id));
    expect(lastText(calls, teacher.id)).toContain('Объявление поставлено в рассылку');

    const seen = await request(h.api.app)
      .get('/api/v1/announcements')
      .query({ pupilId: h.api.world.pupilA.id })
      .set(await h.api.headersFor('parentA'));
    expect(seen.body[0]).toMatchObject({
      title: 'Контрольная работа',
      body: 'Контрольная работа\nВ пятницу контрольная по дробям.',
    });
    // It went into the outbox for the worker to deliver.
    expect(
      await h.api.db.prisma.outboxEvent.count({ where: { type: 'announcement.posted' } }),
    ).toBe(1);
  });

  it('a forged class in an announcement button is refused; nothing is announced', async () => {
    let calls = await h.press(teacher, callbackData.announceTo(h.api.world.classB.id), 1);
    expect(lastText(calls, teacher.id)).toContain('Какому классу');
    calls = await h.say(teacher, 'Чужому классу');
    // No step was waiting: the text is not taken for an announcement.
    expect(textsOf(calls).join('\n')).not.toContain('Будет отправлено так:');
    expect(
      await h.api.db.prisma.announcement.count({ where: { classGroupId: h.api.world.classB.id } }),
    ).toBe(0);
  });

  it("a class teacher sees today's attendance of the class", async () => {
    let calls = await linkStaff(classTeacher, 'classTeacher', 'ky');
    const menu = lastOutput(calls, classTeacher.id);
    expect(buttonsOf(menu).map((b) => b.text)).toContain('✅ 5-А класстын катышуусу');
    // Today: lesson 1 with attendance taken (pupil A absent), lesson 2 not taken yet.
    const { world, db } = h.api;
    for (const lessonNumber of [1, 2]) {
      const lesson = await db.prisma.lesson.create({
        data: {
          classGroupId: world.classA.id,
          subjectId: lessonNumber === 1 ? world.math.id : world.kyrgyz.id,
          teacherId: world.users.teacherOfClass.id,
          date: dateOnly('2026-10-15'),
          lessonNumber,
        },
      });
      if (lessonNumber === 1)
        await request(h.api.app)
          .put(`/api/v1/lessons/${lesson.id}/attendance`)
          .set(await h.api.headersFor('teacherOfClass'))
          .send({
            entries: [
              { pupilId: world.pupilA.id, status: 'ABSENT' },
              { pupilId: world.pupilA2.id, status: 'PRESENT' },
            ],
          })
          .expect(200);
    }
    calls = await h.press(
      classTeacher,
      callbackData.classAttendance(world.classA.id),
      messageIdOf(h, calls, classTeacher.id),
    );
    const text = lastText(calls, classTeacher.id);
    expect(text).toContain('✅ 5-А класстын катышуусу, 15-октябрь, бейшемби');
    expect(text).toContain('1. Математика\n• Асанов Нурлан — келген жок');
    expect(text).toContain('2. Кыргыз тили\n   катышуу белгилене элек');
    // The maths teacher leads no class: a forged press shows nothing of it.
    const forged = await h.press(teacher, callbackData.classAttendance(world.classA.id), 1);
    expect(textsOf(forged).join('\n')).not.toContain('Асанов Нурлан');
  });

  it('marks the chat blocked and unblocked through the API when the parent blocks the bot', async () => {
    const link = () =>
      h.api.db.prisma.telegramLink.findFirstOrThrow({
        where: { telegramUserId: BigInt(parent.id), isActive: true },
      });
    let calls = await h.turn(parent, () => h.fake.chatMember(parent, 'kicked'));
    expect(calls.filter((c) => c.method === 'sendMessage')).toHaveLength(0);
    expect((await link()).blockedAt).not.toBeNull();
    calls = await h.turn(parent, () => h.fake.chatMember(parent, 'member'));
    expect((await link()).blockedAt).toBeNull();
    // Another family's link is untouched.
    const other = await h.api.db.prisma.telegramLink.findFirstOrThrow({
      where: { telegramUserId: TG.parentB },
    });
    expect(other.blockedAt).toBeNull();
  });
});
