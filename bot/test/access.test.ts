import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TG } from '../../test/world.ts';
import { callbackData } from '../keyboards/callback-data.ts';
import {
  buttonsOf,
  createBotHarness,
  isOutput,
  issueLinkCode,
  type BotHarness,
} from './bot-harness.ts';
import type { FakeUser, RecordedCall } from './fake-bot-api.ts';

const shown = (calls: RecordedCall[]) =>
  calls.map((c) => [c.params.text, JSON.stringify(buttonsOf(c))].join(' ')).join('\n');

describe('bot: access', () => {
  let h: BotHarness;
  // The world's parent of pupil A, linked; pupil B (Иванов Сергей) is someone else's child.
  const parentA: FakeUser = { id: Number(TG.parentA), firstName: 'Гүлзат', languageCode: 'ky' };
  const stranger: FakeUser = { id: Number(TG.stranger), firstName: 'Stranger', languageCode: 'ru' };
  let pupilB = 0;

  beforeAll(async () => {
    h = await createBotHarness();
    pupilB = h.api.world.pupilB.id;
  });
  afterAll(() => h.close());

  describe('when a parent of pupil A forges buttons for pupil B', () => {
    it('never shows pupil B, and answers each press with a refusal or the own child', async () => {
      const menu = await h.say(parentA, '/menu');
      const messageId = [...h.fake.messages.keys()].at(-1) ?? 0;
      expect(shown(menu)).toContain('Асанов Нурлан');
      const forged = [
        callbackData.day(pupilB),
        callbackData.day(pupilB, '2026-10-14'),
        callbackData.marks(pupilB),
        callbackData.marks(pupilB, 1),
        callbackData.pickChild(pupilB),
        callbackData.menu(pupilB),
        `D:${pupilB}:T:0:extra`,
        'D:0:T:0',
      ];
      for (const data of forged) {
        const calls = await h.press(parentA, data, messageId);
        expect(shown(calls), data).not.toMatch(/Иванов|Сергей/);
        expect(
          calls.filter((c) => c.method === 'answerCallbackQuery'),
          data,
        ).toHaveLength(1);
      }
      const refused = await h.press(parentA, callbackData.day(pupilB), messageId);
      const answer = refused.find((c) => c.method === 'answerCallbackQuery');
      expect([
        'Бул маалыматты көрүүгө уруксатыңыз жок.',
        'Мындай маалымат табылган жок.',
      ]).toContain(answer?.params.text);
      expect(answer?.params.show_alert).toBe(true);
    });

    it('never shows pupil B for a typed id either', async () => {
      for (const text of [String(pupilB), `/today ${pupilB}`, `/marks ${pupilB}`]) {
        const calls = await h.say(parentA, text);
        expect(shown(calls), text).not.toMatch(/Иванов|Сергей/);
        expect(calls.length, text).toBeGreaterThan(0);
      }
    });
  });

  describe('when a stranger writes', () => {
    it('shows only how to link, for text, commands and buttons', async () => {
      const howTo =
        'Чтобы видеть дневник, получите код привязки у классного руководителя. Отправьте код сюда (например: ABCD-EFGH) или откройте ссылку с бумажки.';
      for (const text of ['Здравствуйте', '/today', '/marks', '/children']) {
        const calls = await h.say(stranger, text);
        expect(calls.map((c) => c.params.text).filter(Boolean), text).toEqual([howTo]);
        expect(buttonsOf(calls.at(-1))).toEqual([]);
      }
      const calls = await h.press(stranger, callbackData.day(h.api.world.pupilA.id), 1);
      expect(shown(calls)).not.toMatch(/Асанов|Нурлан/);
    });
  });

  describe('when a pupil links with a pupil code', () => {
    it('says who they are, in the language of their Telegram', async () => {
      const pupil: FakeUser = { id: 7301, firstName: 'Айзада', languageCode: 'ru' };
      const code = await issueLinkCode(h, h.api.world.pupilA2.id, 'PUPIL');
      const calls = await h.say(pupil, `/start ${code}`);
      expect(calls.map((c) => c.params.text).filter(Boolean)).toEqual([
        'Готово! Вы вошли как ученик Өмүрбекова Айзада, 5-А класс.',
        'Тилди тандаңыз / Выберите язык:',
      ]);
      const pupilRow = await h.api.db.prisma.pupil.findUniqueOrThrow({
        where: { id: h.api.world.pupilA2.id },
        select: { user: { select: { language: true, telegramLinks: true } } },
      });
      expect(pupilRow.user?.language).toBe('ru');
      expect(pupilRow.user?.telegramLinks.map((l) => Number(l.telegramUserId))).toEqual([pupil.id]);
    });
  });

  describe('when a code is sent in a group', () => {
    it('says linking is for private chats and links nothing', async () => {
      const code = await issueLinkCode(h, h.api.world.pupilA2.id);
      const group = -100500;
      const { after } = h.fake.sendText(stranger, `/start ${code}`, group);
      const reply = await h.fake.waitForCall(isOutput(group), after);
      expect(reply.params.text).toBe('Отправьте код в личный чат с ботом, а не в группу.');
      expect(
        await h.api.db.prisma.telegramLink.count({
          where: { telegramUserId: BigInt(stranger.id) },
        }),
      ).toBe(0);
    });
  });

  describe('when a user blocks and unblocks the bot', () => {
    it('writes nothing to the chat and keeps serving', async () => {
      const before = h.fake.calls.length;
      h.fake.chatMember(parentA, 'kicked');
      h.fake.chatMember(parentA, 'member');
      const calls = await h.say(parentA, '/today');
      expect(h.fake.since(before).filter((c) => c.method === 'sendMessage')).toHaveLength(
        calls.filter((c) => c.method === 'sendMessage').length,
      );
      expect(String(calls.at(-1)?.params.text)).toContain('Асанов Нурлан');
    });
  });
});
