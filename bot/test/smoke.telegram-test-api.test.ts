/**
 * Conversation smoke tests on a third-party Bot API emulator (`telegram-test-api`), so the bot is
 * not only ever tested against our own fake: a stranger is greeted and asked the language, told how
 * to link when typing anything else, and a parent who types a code is linked and sees the marks.
 * The rest of the suite uses the in-repo fake (it also records answerCallbackQuery, can fail a
 * method on demand and knows my_chat_member — see DESIGN.md).
 */
import type { RunnerHandle } from '@grammyjs/runner';
import testApi from 'telegram-test-api';
import type { TelegramServer as Emulator } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { callbackData } from '../keyboards/callback-data.ts';
import { startPolling } from '../runtime.ts';
import { createBotHarness, issueLinkCode, type BotHarness } from './bot-harness.ts';
import { freePort } from '../../test/ports.ts';

// A CommonJS package with an `exports.default`: TypeScript and the runtime see it differently.
const TelegramServer = ((testApi as unknown as { default?: typeof Emulator }).default ??
  testApi) as unknown as typeof Emulator;

const TOKEN = '555001:SMOKE-token-abcdefghijklmnopqrstuvwxyz';

describe('bot on telegram-test-api', () => {
  let h: BotHarness;
  let server: Emulator;
  let runner: RunnerHandle;

  beforeAll(async () => {
    h = await createBotHarness({ poll: false });
    await h.api.db.prisma.mark.create({
      data: {
        lessonId: h.api.world.lessonA.id,
        pupilId: h.api.world.pupilA.id,
        subjectId: h.api.world.math.id,
        teacherId: h.api.world.users.teacherOfClass.id,
        date: dateOnly('2026-10-14'),
        value: 5,
      },
    });
    server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
    runner = startPolling(h.makeBot({ token: TOKEN, apiRoot: server.config.apiURL }));
  });
  afterAll(async () => {
    if (runner.isRunning()) await runner.stop();
    await server.stop();
    await h.close();
  });

  /** Waits (up to 5 s) until the bot has shown `chatId` a text containing `part`. */
  const until = async (chatId: number, part: string) => {
    for (let i = 0; i < 50 && !shown(chatId).some((t) => t.includes(part)); i++)
      await new Promise((r) => setTimeout(r, 100));
    return shown(chatId).join('\n');
  };

  /** The texts the bot has shown one chat so far (sent, or edited in place), oldest first. */
  const shown = (chatId: number) =>
    server.storage.botMessages
      .filter((m) => Number(m.message.chat_id) === chatId)
      .map((m) => String(m.message.text));

  it('greets a stranger and asks the language', async () => {
    const client = server.getClient(TOKEN, { userId: 9101, chatId: 9101, timeout: 8000 });
    await client.sendCommand(client.makeCommand('/start'));
    const texts = await until(9101, 'Тилди тандаңыз');
    expect(texts).toContain('Саламатсызбы!');
    expect(texts).toContain('Тилди тандаңыз / Выберите язык:');
  });

  it('tells a stranger how to link, whatever they write', async () => {
    const client = server.getClient(TOKEN, { userId: 9102, chatId: 9102, timeout: 8000 });
    await client.sendMessage(client.makeMessage('салам'));
    expect(await until(9102, 'шилтеме кодун')).toContain(
      'класс жетекчиңизден шилтеме кодун алыңыз',
    );
  });

  it('links a parent who types the code and shows the marks in place', async () => {
    const code = await issueLinkCode(h, h.api.world.pupilA.id);
    const client = server.getClient(TOKEN, { userId: 9103, chatId: 9103, timeout: 8000 });
    await client.sendMessage(client.makeMessage(code));
    expect(await until(9103, 'Эмнени көрөсүз?')).toContain('5-А класстын окуучусу Асанов Нурлан');
    const menu = server.storage.botMessages
      .filter((m) => Number(m.message.chat_id) === 9103)
      .at(-1);
    await client.sendCallback(
      client.makeCallbackQuery(callbackData.marks(h.api.world.pupilA.id), {
        message: { message_id: menu?.messageId },
      }),
    );
    expect(await until(9103, '📊 Баалар')).toContain('Математика: 5');
  });
});
