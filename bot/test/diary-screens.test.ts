/**
 * The diary's further screens end to end (fake Bot API → bot → real API → PostgreSQL, sessions in
 * Redis): homework, timetable with a substitution, the term's attendance, the quarter, the
 * announcements and the mark changes — each in Kyrgyz, editing the one menu message, every press
 * answered, and none of them opening pupil B for a parent of pupil A.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { multipart, pdfBytes } from '../../test/files.ts';
import { callbackData, CALLBACK_DATA_MAX_BYTES } from '../keyboards/callback-data.ts';
import {
  buttonsOf,
  createBotHarness,
  lastOutput,
  lastText,
  linkAs,
  type BotHarness,
} from './bot-harness.ts';
import type { FakeUser } from './fake-bot-api.ts';

describe('bot: the diary screens of a parent', () => {
  let h: BotHarness;
  let menuId = 0;
  let foreignFileId = 0;
  const parent: FakeUser = { id: 7101, firstName: 'Айгүл', languageCode: 'ky' };

  beforeAll(async () => {
    h = await createBotHarness();
    const { world, db, app } = h.api;
    const teacher = world.users.teacherOfClass;
    // Tomorrow (16 October) maths is due with homework and a worksheet; today lesson 1 is covered.
    const given = await db.prisma.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        teacherId: teacher.id,
        date: dateOnly('2026-10-15'),
        lessonNumber: 1,
        topic: 'Ондук бөлчөктөр',
        homework: '§14, 1–4-көнүгүүлөр',
        homeworkDueOn: dateOnly('2026-10-16'),
      },
    });
    // The worksheet is uploaded through the API as the teacher does; so is one of class 5-Б.
    const upload = async (lessonId: number, role: 'teacherOfClass' | 'teacherOfOtherClass') => {
      const body = multipart('көнүгүүлөр.pdf', pdfBytes('Иш барагы'));
      const res = await request(app)
        .post(`/api/v1/lessons/${lessonId}/attachments`)
        .set(await h.api.headersFor(role))
        .set('content-type', body.contentType)
        .send(body.data);
      expect(res.status, res.text).toBe(201);
      return res.body.id as number;
    };
    await upload(given.id, 'teacherOfClass');
    foreignFileId = await upload(world.lessonB.id, 'teacherOfOtherClass');
    await db.prisma.substitution.create({
      data: {
        classGroupId: world.classA.id,
        date: dateOnly('2026-10-15'),
        lessonNumber: 1,
        subjectId: world.math.id,
        absentTeacherId: teacher.id,
        substituteTeacherId: world.users.classTeacher.id,
        createdById: world.users.admin.id,
      },
    });
    await db.prisma.attendance.create({
      data: {
        lessonId: world.lessonA.id,
        pupilId: world.pupilA.id,
        date: dateOnly('2026-10-14'),
        status: 'ABSENT',
      },
    });
    // A mark given and changed through the API (the audit records who and why).
    const headers = await h.api.headersFor('teacherOfClass');
    const mark = await request(app)
      .post('/api/v1/marks')
      .set(headers)
      .send({ lessonId: world.lessonA.id, pupilId: world.pupilA.id, value: 3 });
    await request(app)
      .patch(`/api/v1/marks/${mark.body.id}`)
      .set(headers)
      .send({ value: 4, reason: 'Кайра жооп берди' });
    const announced = await request(app)
      .post('/api/v1/announcements')
      .set(await h.api.headersFor('classTeacher'))
      .send({
        audience: 'CLASS',
        classGroupId: world.classA.id,
        title: 'Ата-энелер чогулушу',
        body: 'Жума күнү саат 18:00до мектепте ата-энелер чогулушу болот.',
      });
    expect(announced.status).toBe(201);
    const calls = await linkAs(h, parent, world.pupilA.id);
    menuId = Number(lastOutput(calls, parent.id)?.params.message_id);
  });
  afterAll(() => h.close());

  const press = async (data: string) => {
    const calls = await h.press(parent, data, menuId);
    expect(calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    const shown = lastOutput(calls, parent.id);
    expect(shown?.method).toBe('editMessageText');
    expect(Number(shown?.params.message_id)).toBe(menuId);
    return { calls, text: lastText(calls, parent.id) };
  };

  it('has every screen in the menu, all callback data within 64 bytes', () => {
    const menu = [...h.fake.calls].reverse().find((c) => buttonsOf(c).length > 0);
    const labels = buttonsOf(menu).map((b) => b.text);
    expect(labels).toEqual(
      expect.arrayContaining([
        '🏠 Үй тапшырмасы',
        '🗓 Сабактардын жүгүртмөсү',
        '✅ Катышуу',
        '🔄 Баалардын өзгөрүшү',
        '📢 Кулактандыруулар',
        '✉️ Мугалимге жазуу',
        '📥 Каттар',
      ]),
    );
    for (const b of buttonsOf(menu))
      expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it("shows tomorrow's homework with the file's name, then the week's by day", async () => {
    const { world } = h.api;
    let { text } = await press(callbackData.homework(world.pupilA.id, 't'));
    expect(text).toContain('Эртеңки үй тапшырмасы');
    expect(text).toContain('Математика: §14, 1–4-көнүгүүлөр');
    expect(text).toContain('📎 көнүгүүлөр.pdf');
    ({ text } = await press(callbackData.homework(world.pupilA.id, 'w')));
    expect(text).toContain('Ушул аптанын үй тапшырмалары');
    expect(text).toContain('📌 16-октябрь, жума');
  });

  it('sends the attached file as a document when its button is pressed', async () => {
    const calls = await h.press(parent, callbackData.homework(h.api.world.pupilA.id, 't'), menuId);
    const button = buttonsOf(lastOutput(calls, parent.id)).find((b) => b.text.includes('📎'));
    expect(button?.text).toBe('📎 көнүгүүлөр.pdf');
    const sent = await h.press(parent, button?.callback_data ?? '', menuId);
    const document = sent.find((c) => c.method === 'sendDocument');
    expect(Number(document?.params.chat_id)).toBe(parent.id);
    expect(document?.params).toHaveProperty('document');
    expect(sent.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
  });

  it('shows the timetable of today with the substitution marked', async () => {
    const { text } = await press(callbackData.timetable(h.api.world.pupilA.id, 'd'));
    expect(text).toContain('Сабактардын жүгүртмөсү');
    expect(text).toContain('15-октябрь, бейшемби');
    expect(text).toContain('1. Математика');
    expect(text).toMatch(/🔁 .+ ордуна .+ сабак өтөт/);
  });

  it("shows the term's attendance with totals and the missed lesson", async () => {
    const { text } = await press(callbackData.attendance(h.api.world.pupilA.id));
    expect(text).toContain('✅ Катышуу, 1-чейрек');
    expect(text).toContain('Келген жок: 1 сабак');
    expect(text).toContain('14-октябрь, 2-сабак, Математика: келген жок');
  });

  it('shows the quarter: marks, the average and the suggested term mark', async () => {
    const { text } = await press(callbackData.term(h.api.world.pupilA.id));
    expect(text).toContain('📘 1-чейрек');
    expect(text).toContain('Математика: 4');
    expect(text).toContain('орточо баа 4 → чейректик баа болжол менен 4');
    expect(text).toMatch(/дагы \d+ «5» алса — 5 болот/);
  });

  it("shows the class teacher's announcement", async () => {
    const { text } = await press(callbackData.announcements(h.api.world.pupilA.id));
    expect(text).toContain('📢 Ата-энелер чогулушу');
    expect(text).toContain('Жума күнү саат 18:00до');
  });

  it('shows who changed a mark, when, old → new, and why', async () => {
    const { text } = await press(callbackData.markChanges(h.api.world.pupilA.id));
    expect(text).toContain('Математика, 14-октябрь күнкү сабак: 3 → 4');
    expect(text).toContain(`${h.api.world.users.teacherOfClass.lastName}`);
    expect(text).toContain('Себеби: Кайра жооп берди');
  });

  it("never shows pupil B through any screen's forged button", async () => {
    const { world } = h.api;
    const b = world.pupilB.id;
    const forged = [
      callbackData.homework(b, 't'),
      callbackData.homework(b, 'w'),
      callbackData.timetable(b, 'w'),
      callbackData.attendance(b),
      callbackData.term(b),
      callbackData.announcements(b),
      callbackData.markChanges(b),
      callbackData.contacts(b),
      callbackData.writeTo(b, world.users.teacherOfOtherClass.id),
      callbackData.classAttendance(world.classB.id),
      callbackData.thread(999_999),
      callbackData.file(foreignFileId),
      callbackData.reply(999_999),
    ];
    const pupilB = await h.api.db.prisma.pupil.findUniqueOrThrow({ where: { id: b } });
    for (const data of forged) {
      const calls = await h.press(parent, data, menuId);
      const answers = calls.filter((c) => c.method === 'answerCallbackQuery');
      expect(answers, data).toHaveLength(1);
      const shown = calls.map((c) => JSON.stringify(c.params)).join('\n');
      expect(shown, data).not.toContain(pupilB.lastName);
      expect(shown, data).not.toContain('5-Б');
      expect(
        calls.some((c) => c.method === 'sendDocument'),
        data,
      ).toBe(false);
    }
  });
});
