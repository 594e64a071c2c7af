import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { callbackData, CALLBACK_DATA_MAX_BYTES } from '../keyboards/callback-data.ts';
import {
  buttonsOf,
  buttonWith,
  createBotHarness,
  issueLinkCode,
  lastOutput,
  messageIdOf,
  textsOf,
  type BotHarness,
} from './bot-harness.ts';
import type { FakeUser } from './fake-bot-api.ts';

describe('bot: a parent in Kyrgyz', () => {
  let h: BotHarness;
  const parent: FakeUser = { id: 7001, firstName: 'Гүлзат', languageCode: 'ky' };

  beforeAll(async () => {
    h = await createBotHarness();
    const { world, db } = h.api;
    // Today (15 October in the tests) pupil A had maths, got a 4 and came late; homework is set.
    const lesson = await db.prisma.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly('2026-10-15'),
        lessonNumber: 1,
        topic: 'Ондук бөлчөктөр',
        homework: '§13, 5-көнүгүү',
      },
    });
    await db.prisma.mark.create({
      data: {
        lessonId: lesson.id,
        pupilId: world.pupilA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly('2026-10-15'),
        value: 4,
      },
    });
    await db.prisma.mark.create({
      data: {
        lessonId: world.lessonA.id,
        pupilId: world.pupilA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly('2026-10-14'),
        value: 5,
      },
    });
    await db.prisma.attendance.create({
      data: {
        lessonId: lesson.id,
        pupilId: world.pupilA.id,
        date: dateOnly('2026-10-15'),
        status: 'LATE',
        lateMinutes: 10,
      },
    });
  });
  afterAll(() => h.close());

  let menuMessageId = 0;

  it('links by deep link, says who was linked and asks the language at first start', async () => {
    const code = await issueLinkCode(h, h.api.world.pupilA.id);
    const calls = await h.say(parent, `/start ${code}`);
    const texts = textsOf(calls);
    expect(texts.join('\n')).toContain('Асанов Нурлан');
    expect(texts.join('\n')).toContain('5-А класстын окуучусу');
    expect(texts.at(-1)).toBe('Тилди тандаңыз / Выберите язык:');
    expect(buttonsOf(lastOutput(calls, parent.id)).map((b) => b.text)).toEqual([
      'Кыргызча',
      'Русский',
      'English',
    ]);
    const link = await h.api.db.prisma.telegramLink.findFirst({
      where: { telegramUserId: BigInt(parent.id), isActive: true },
    });
    expect(link).not.toBeNull();
  });

  it('takes Kyrgyz, stores it through the API and shows the menu in place', async () => {
    const calls = await h.press(
      parent,
      callbackData.language('ky'),
      messageIdOf(h, h.fake.calls, parent.id),
    );
    expect(calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
    const menu = lastOutput(calls, parent.id);
    expect(menu?.method).toBe('editMessageText');
    expect(menu?.params.text).toBe('Асанов Нурлан, 5-А класс. Эмнени көрөсүз?');
    menuMessageId = Number(menu?.params.message_id);
    const user = await h.api.db.prisma.telegramLink.findFirstOrThrow({
      where: { telegramUserId: BigInt(parent.id) },
      select: { user: { select: { language: true } } },
    });
    expect(user.user.language).toBe('ky');
  });

  it("shows today's lessons, marks, attendance and homework in Kyrgyz, editing the one message", async () => {
    const calls = await h.press(
      parent,
      buttonWith(h.fake.calls, parent.id, 'Бүгүн'),
      menuMessageId,
    );
    const day = lastOutput(calls, parent.id);
    expect(day?.method).toBe('editMessageText');
    expect(Number(day?.params.message_id)).toBe(menuMessageId);
    const text = String(day?.params.text);
    expect(text).toContain('15-октябрь, бейшемби');
    expect(text).toContain('1. Математика');
    expect(text).toContain('Баа: 4');
    expect(text).toContain('кечикти (10 мүнөт)');
    expect(text).toContain('Үй тапшырмасы: §13, 5-көнүгүү');
    expect(calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
  });

  it('goes a day back and shows the marks by subject with the average', async () => {
    let calls = await h.press(
      parent,
      buttonWith(h.fake.calls, parent.id, 'Мурунку'),
      menuMessageId,
    );
    expect(String(lastOutput(calls, parent.id)?.params.text)).toContain('14-октябрь, шаршемби');
    calls = await h.press(parent, buttonWith(h.fake.calls, parent.id, 'Баалар'), menuMessageId);
    const text = String(lastOutput(calls, parent.id)?.params.text);
    expect(text).toContain('Математика: 5 4');
    expect(text).toContain('орточо баа 4,5, бардыгы 2 баа');
  });

  it('switches to a second child linked with its own code', async () => {
    const code = await issueLinkCode(h, h.api.world.pupilA2.id);
    let calls = await h.say(parent, code.slice(0, 4) + '-' + code.slice(4));
    expect(textsOf(calls).join('\n')).toContain('Өмүрбекова Айзада');
    calls = await h.press(parent, callbackData.children(), messageIdOf(h, calls, parent.id));
    const names = buttonsOf(lastOutput(calls, parent.id)).map((b) => b.text);
    expect(names).toEqual(['Асанов Нурлан, 5-А', 'Өмүрбекова Айзада, 5-А']);
    calls = await h.press(
      parent,
      callbackData.pickChild(h.api.world.pupilA2.id),
      messageIdOf(h, calls, parent.id),
    );
    expect(lastOutput(calls, parent.id)?.params.text).toBe(
      'Өмүрбекова Айзада, 5-А класс. Эмнени көрөсүз?',
    );
  });

  it('changes the language to Russian: stored in the API, and the bot speaks Russian', async () => {
    let calls = await h.say(parent, '/language');
    calls = await h.press(parent, callbackData.language('ru'), messageIdOf(h, calls, parent.id));
    expect(lastOutput(calls, parent.id)?.params.text).toBe(
      'Өмүрбекова Айзада, 5-А класс. Что показать?',
    );
    const user = await h.api.db.prisma.telegramLink.findFirstOrThrow({
      where: { telegramUserId: BigInt(parent.id) },
      select: { user: { select: { language: true } } },
    });
    expect(user.user.language).toBe('ru');
    calls = await h.say(parent, '/today');
    expect(String(lastOutput(calls, parent.id)?.params.text)).toContain('четверг, 15 октября');
  });

  it('answers unknown input with a hint and the menu', async () => {
    const calls = await h.say(parent, 'салам, кандайсыз?');
    const texts = textsOf(calls);
    expect(texts[0]).toBe('Извините, я не понял. Выберите кнопку ниже или напишите /help.');
    expect(texts[1]).toContain('Что показать?');
  });

  it('keeps every callback_data within 64 bytes and answers every callback query', () => {
    const data = h.fake.calls.flatMap((c) => buttonsOf(c).map((b) => b.callback_data));
    expect(data.length).toBeGreaterThan(10);
    for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    const presses = h.fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    const ids = new Set(presses.map((c) => c.params.callback_query_id));
    expect(ids.size).toBe(presses.length);
  });

  it('refuses a used code and an expired code', async () => {
    const other: FakeUser = { id: 7002, firstName: 'Other', languageCode: 'ky' };
    const used = await issueLinkCode(h, h.api.world.pupilA.id);
    await h.say(parent, used);
    let calls = await h.say(other, used);
    const invalid =
      'Бул код туура эмес, мурда колдонулган же мөөнөтү бүткөн. Класс жетекчиңизден жаңы код сураңыз.';
    expect(textsOf(calls)).toContain(invalid);
    const expired = await issueLinkCode(h, h.api.world.pupilA2.id);
    await h.api.db.prisma.linkCode.updateMany({
      where: { usedAt: null },
      data: { expiresAt: new Date('2026-10-01T00:00:00Z') },
    });
    calls = await h.say(other, `/start ${expired}`);
    expect(textsOf(calls)).toContain(invalid);
    expect(
      await h.api.db.prisma.telegramLink.count({ where: { telegramUserId: BigInt(other.id) } }),
    ).toBe(0);
  });

  it('unlinks on /logout; then only how to link is shown', async () => {
    let calls = await h.say(parent, '/logout');
    expect(textsOf(calls)).toEqual([
      'Ваш Telegram отвязан от дневника. Чтобы привязать снова, понадобится новый код от классного руководителя.',
    ]);
    calls = await h.say(parent, '/today');
    expect(textsOf(calls)).toEqual([
      'Чтобы видеть дневник, получите код привязки у классного руководителя. Отправьте код сюда (например: ABCD-EFGH) или откройте ссылку с бумажки.',
    ]);
  });
});
