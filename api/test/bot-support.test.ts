/**
 * The API routes the bot needs beyond the diary basics: the current term's summary, a pupil's mark
 * changes (who, when, old → new), the chat state the bot reports
 * (my_chat_member) and the bot accounts the bot process serves. Each one refuses a wrong user.
 */
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain, encryptToken } from '../../domain/index.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_NOW, TG } from '../../test/world.ts';
import { createApp } from '../app.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const get = async (role: Parameters<ApiHarness['headersFor']>[0], url: string) =>
  request(h.app)
    .get(`/api/v1${url}`)
    .set(await h.headersFor(role));

describe('GET /pupils/:pupilId/term-summary', () => {
  it('gives the quarter of today to the parent, and refuses another parent', async () => {
    const { world } = h;
    const res = await get('parentA', `/pupils/${world.pupilA.id}/term-summary`);
    expect(res.status).toBe(200);
    expect(res.body.term.kind).toBe('QUARTER');
    expect(res.body.term.startsOn <= '2026-10-15' && '2026-10-15' <= res.body.term.endsOn).toBe(
      true,
    );
    expect(res.body.subjects.length).toBeGreaterThan(0);
    const refused = await get('parentB', `/pupils/${world.pupilA.id}/term-summary`);
    expect([403, 404]).toContain(refused.status);
  });
});

describe('GET /pupils/:pupilId/mark-changes', () => {
  it('shows the parent who changed a mark, when, old → new; not the creation; refuses another parent', async () => {
    const { world } = h;
    const teacher = await h.headersFor('teacherOfClass');
    const created = await request(h.app)
      .post('/api/v1/marks')
      .set(teacher)
      .send({ lessonId: world.lessonA.id, pupilId: world.pupilA.id, value: 3 });
    expect(created.status).toBe(201);
    const changed = await request(h.app)
      .patch(`/api/v1/marks/${created.body.id}`)
      .set(teacher)
      .send({ value: 4, reason: 'Кайра тапшырды' });
    expect(changed.status).toBe(200);

    const res = await get('parentA', `/pupils/${world.pupilA.id}/mark-changes`);
    expect(res.status).toBe(200);
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.changes[0]).toMatchObject({
      markId: created.body.id,
      lessonDate: '2026-10-14',
      oldValue: 3,
      newValue: 4,
      isDeleted: false,
      reason: 'Кайра тапшырды',
      by: { lastName: world.users.teacherOfClass.lastName },
    });
    const refused = await get('parentB', `/pupils/${world.pupilA.id}/mark-changes`);
    expect([403, 404]).toContain(refused.status);
    expect(JSON.stringify(refused.body)).not.toContain('Кайра тапшырды');
  });
});

describe('PUT /me/telegram/chat-status', () => {
  it('marks the links of the Telegram user blocked and unblocked; only the bot may say so', async () => {
    const put = async (role: 'parentA' | 'admin', isBlocked: boolean) =>
      request(h.app)
        .put('/api/v1/me/telegram/chat-status')
        .set(await h.headersFor(role))
        .send({ isBlocked });
    const blockedOf = async () =>
      (
        await h.db.prisma.telegramLink.findFirstOrThrow({
          where: { telegramUserId: TG.parentA },
        })
      ).blockedAt;

    let res = await put('parentA', true);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ isBlocked: true, changed: 1 });
    expect(await blockedOf()).toEqual(TEST_NOW);
    // A repeated update changes nothing.
    expect((await put('parentA', true)).body.changed).toBe(0);
    // Parent B's chat is untouched.
    const other = await h.db.prisma.telegramLink.findFirstOrThrow({
      where: { telegramUserId: TG.parentB },
    });
    expect(other.blockedAt).toBeNull();

    res = await put('admin', true);
    expect(res.status).toBe(403);
    res = await put('parentA', false);
    expect(res.body).toEqual({ isBlocked: false, changed: 1 });
    expect(await blockedOf()).toBeNull();
  });
});

describe('GET /bot-accounts', () => {
  it('gives the bot process the decrypted tokens; refuses a person and the bot acting for one', async () => {
    const key = 'a'.repeat(64);
    await h.db.prisma.botAccount.create({
      data: {
        username: 'sabak_school12_bot',
        tokenEncrypted: encryptToken('123456:AAAA-school12-token-abcdefghij', key),
      },
    });
    await h.db.prisma.botAccount.create({
      data: {
        username: 'sabak_old_bot',
        tokenEncrypted: encryptToken('654321:BBBB-old-token-abcdefghijkl', key),
        isActive: false,
      },
    });
    const domain = createDomain({
      databaseUrl: h.db.url,
      maxConnections: 2,
      settings: { botTokenKey: key },
    });
    const app = createApp({
      domain,
      logger: pino({ level: 'silent' }),
      i18n: createI18n(),
      serviceToken: SERVICE_TOKEN,
    });
    try {
      const res = await request(app)
        .get('/api/v1/bot-accounts')
        .set('authorization', `Bearer ${SERVICE_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          id: expect.any(Number),
          username: 'sabak_school12_bot',
          token: '123456:AAAA-school12-token-abcdefghij',
        },
      ]);
      const asParent = await request(app)
        .get('/api/v1/bot-accounts')
        .set({
          authorization: `Bearer ${SERVICE_TOKEN}`,
          'x-telegram-user-id': String(TG.parentA),
        });
      expect(asParent.status).toBe(403);
      expect(JSON.stringify(asParent.body)).not.toContain('AAAA');
      const wrongToken = await request(app)
        .get('/api/v1/bot-accounts')
        .set('authorization', `Bearer ${'x'.repeat(32)}`);
      expect(wrongToken.status).toBe(401);
      const anonymous = await request(app).get('/api/v1/bot-accounts');
      expect(anonymous.status).toBe(401);
    } finally {
      await domain.close();
    }
  });
});

describe('POST /link-codes/redeem with a bot account', () => {
  it('refuses an unknown or switched-off bot account, localized, and links nothing', async () => {
    const { world } = h;
    const issued = await request(h.app)
      .post(`/api/v1/classes/${world.classA.id}/link-codes`)
      .set(await h.headersFor('classTeacher'))
      .send({ role: 'PARENT', pupilIds: [world.pupilA.id] });
    const code = issued.body.codes[0].code as string;
    const off = await h.db.prisma.botAccount.create({
      data: { username: 'sabak_off_bot', tokenEncrypted: 'v1.x.y.z', isActive: false },
    });
    for (const botAccountId of [999_999, off.id]) {
      const res = await request(h.app)
        .post('/api/v1/link-codes/redeem')
        .set({ authorization: `Bearer ${SERVICE_TOKEN}`, 'x-telegram-user-id': '8801' })
        .set('accept-language', 'ky')
        .send({ code, botAccountId });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('Мындай бот жок же ал өчүрүлгөн.');
    }
    expect(await h.db.prisma.telegramLink.count({ where: { telegramUserId: 8801n } })).toBe(0);
  });
});
