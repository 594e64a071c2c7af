/**
 * Staff accounts (ISSUE 5 §1): password-setup codes issued in bulk, setting a password with one,
 * the password rules, resetting access and deactivating an account.
 */
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { hashLinkCode, normalizeLinkCode } from '../../domain/accounts/link-code-format.ts';
import { hashPassword } from '../../domain/accounts/passwords.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_NOW, TEST_PASSWORD } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const NEW_PASSWORD = 'тоо-суу-жылдыз-77';
let seq = 0;
const newStaff = async (options: { password?: string; schoolId?: number } = {}) => {
  const schoolId = options.schoolId ?? h.world.school.id;
  const user = await h.db.prisma.user.create({
    data: {
      schoolId,
      login: `kasymov${++seq}`,
      passwordHash: options.password ? await hashPassword(options.password) : null,
      lastName: 'Касымов',
      firstName: 'Эрмек',
    },
  });
  await h.db.prisma.staffRole.create({ data: { userId: user.id, schoolId, role: 'TEACHER' } });
  return user;
};

const issue = async (role: 'admin' | 'deputy' = 'admin', body: object = {}) =>
  request(h.app)
    .post(`/api/v1/schools/${h.world.school.id}/setup-codes`)
    .set(await h.headersFor(role))
    .send(body);

const setup = (code: string, newPassword = NEW_PASSWORD, lang = 'ky') =>
  request(h.app)
    .post('/api/v1/auth/setup-password')
    .set('accept-language', lang)
    .send({ code, newPassword });

const login = (login: string, password: string) =>
  request(h.app).post('/api/v1/auth/login').send({ login, password });

const cookieOf = (res: request.Response) =>
  String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';

type Issued = { userId: number; login: string; code: string; expiresAt: string };
const codeOf = (res: request.Response, userId: number) => {
  const found = (res.body as { codes: Issued[] }).codes.find((c) => c.userId === userId);
  if (!found) throw new Error(`no code for ${userId}: ${res.text}`);
  return found.code;
};

describe('accounts.issueSetupCodes (POST /schools/:schoolId/setup-codes)', () => {
  it('issues one printable code per staff member without a password; only its hash is stored', async () => {
    const a = await newStaff();
    const b = await newStaff();
    const withPassword = await newStaff({ password: TEST_PASSWORD });
    const res = await issue('admin');
    expect(res.status, res.text).toBe(201);
    const codes = (res.body as { codes: Issued[] }).codes;
    const ids = codes.map((c) => c.userId);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids).not.toContain(withPassword.id);
    expect(ids).not.toContain(h.world.users.teacherOfClass.id);
    for (const c of codes) expect(c.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const stored = await h.db.prisma.setupCode.findMany({ where: { userId: a.id } });
    expect(stored).toHaveLength(1);
    const code = codeOf(res, a.id);
    expect(stored[0]?.codeHash).toBe(hashLinkCode(normalizeLinkCode(code)));
    expect(JSON.stringify(stored)).not.toContain(code.replace('-', ''));
    expect(stored[0]?.expiresAt.getTime()).toBeGreaterThan(TEST_NOW.getTime() + 7 * 86_400_000);
  });

  it('replaces an earlier unused code: only the latest slip works', async () => {
    const a = await newStaff();
    const first = codeOf(await issue('admin', { userIds: [a.id] }), a.id);
    const second = codeOf(await issue('admin', { userIds: [a.id] }), a.id);
    expect((await setup(first)).status).toBe(400);
    expect((await setup(second)).status).toBe(200);
  });

  it('refuses the deputy director (403) and writes nothing', async () => {
    const a = await newStaff();
    const res = await issue('deputy');
    expect(res.status).toBe(403);
    expect(await h.db.prisma.setupCode.count({ where: { userId: a.id } })).toBe(0);
  });
});

describe('accounts.setupPassword (POST /auth/setup-password)', () => {
  it('sets the password, signs in, and the code cannot be used twice', async () => {
    const a = await newStaff();
    const code = codeOf(await issue('admin', { userIds: [a.id] }), a.id);
    // Typed from the slip in lower case on a Cyrillic keyboard, with a space instead of the dash.
    const res = await setup(` ${code.toLowerCase().replace('-', ' ')} `);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ userId: a.id });
    const me = await request(h.app).get('/api/v1/me').set('cookie', cookieOf(res));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: a.id, login: a.login });
    expect((await login(a.login!, NEW_PASSWORD)).status).toBe(200);
    const again = await setup(code, 'башка-сырсөз-2026');
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({ path: 'code', code: 'setupCodeInvalid' });
    expect((await login(a.login!, 'башка-сырсөз-2026')).status).toBe(401);
    expect(
      await h.db.prisma.auditEntry.count({
        where: { action: 'user.passwordSetup', actorId: a.id },
      }),
    ).toBe(1);
  });

  it('refuses an expired or unknown code with a localized message', async () => {
    const a = await newStaff();
    const code = codeOf(await issue('admin', { userIds: [a.id] }), a.id);
    await h.db.prisma.setupCode.updateMany({
      where: { userId: a.id },
      data: { expiresAt: new Date(TEST_NOW.getTime() - 1000) },
    });
    const expired = await setup(code, NEW_PASSWORD, 'ru');
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].message).toBe(
      'Код неверен, уже использован или просрочен. Попросите новый код у директора школы.',
    );
    expect((await setup('ZZZZ-ZZZZ')).status).toBe(400);
    expect((await setup('not a code at all')).status).toBe(400);
    const row = await h.db.prisma.user.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.passwordHash).toBeNull();
  });

  it.each([
    ['short', 'tooShort'],
    ['qwerty123456', 'passwordTooCommon'],
    ['Password2026!', 'passwordTooCommon'],
    ['1111111111', 'passwordTooCommon'],
    ['йцукенгшщз', 'passwordTooCommon'],
    ['LOGIN-and-more', 'passwordContainsLogin'],
  ])('refuses the password %j (%s) and keeps the code usable', async (password, key) => {
    const a = await newStaff();
    const code = codeOf(await issue('admin', { userIds: [a.id] }), a.id);
    const candidate = password.replace('LOGIN', a.login!.toUpperCase());
    const res = await setup(code, candidate);
    expect(res.status, res.text).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'newPassword', code: key });
    expect((await setup(code)).status).toBe(200);
  });

  it('is rate-limited per address', async () => {
    const app = createApp({
      domain: h.domain,
      logger: pino({ level: 'silent' }),
      i18n: createI18n(),
      serviceToken: 'x'.repeat(32),
      setupCodeLimit: 3,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(app)
        .post('/api/v1/auth/setup-password')
        .send({ code: 'ZZZZ-ZZZZ', newPassword: NEW_PASSWORD });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
  });
});

describe('accounts.changePassword follows the same password rules', () => {
  it('refuses a common password and one containing the login', async () => {
    const a = await newStaff({ password: TEST_PASSWORD });
    const cookie = cookieOf(await login(a.login!, TEST_PASSWORD));
    for (const [newPassword, key] of [
      ['qwerty12345', 'passwordTooCommon'],
      [`my-${a.login}-2026`, 'passwordContainsLogin'],
      ['short-1', 'tooShort'],
    ] as const) {
      const res = await request(h.app)
        .post('/api/v1/me/password')
        .set('cookie', cookie)
        .send({ currentPassword: TEST_PASSWORD, newPassword });
      expect(res.status, newPassword).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ path: 'newPassword', code: key });
    }
    expect((await login(a.login!, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('accounts.resetStaffAccess (POST /schools/:schoolId/staff/:userId/reset-access)', () => {
  it('ends every session, removes the password and returns a new code that works', async () => {
    const a = await newStaff({ password: TEST_PASSWORD });
    const session = cookieOf(await login(a.login!, TEST_PASSWORD));
    expect((await request(h.app).get('/api/v1/me').set('cookie', session)).status).toBe(200);
    const res = await request(h.app)
      .post(`/api/v1/schools/${h.world.school.id}/staff/${a.id}/reset-access`)
      .set(await h.headersFor('admin'));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ userId: a.id, login: a.login });
    expect((await request(h.app).get('/api/v1/me').set('cookie', session)).status).toBe(401);
    expect((await login(a.login!, TEST_PASSWORD)).status).toBe(401);
    expect((await setup(res.body.code as string)).status).toBe(200);
    expect((await login(a.login!, NEW_PASSWORD)).status).toBe(200);
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'user.accessReset', entityId: String(a.id) },
    });
    expect(audit.actorId).toBe(h.world.users.admin.id);
  });

  it('answers 404 for a user who is not staff of the school, and 403 for the deputy', async () => {
    const res = await request(h.app)
      .post(`/api/v1/schools/${h.world.school.id}/staff/${h.world.users.parentA.id}/reset-access`)
      .set(await h.headersFor('admin'));
    expect(res.status).toBe(404);
    const a = await newStaff({ password: TEST_PASSWORD });
    const deputy = await request(h.app)
      .post(`/api/v1/schools/${h.world.school.id}/staff/${a.id}/reset-access`)
      .set(await h.headersFor('deputy'));
    expect(deputy.status).toBe(403);
    expect((await login(a.login!, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('accounts.setStaffActive (PUT /schools/:schoolId/staff/:userId/active)', () => {
  const setActive = async (userId: number, active: boolean) =>
    request(h.app)
      .put(`/api/v1/schools/${h.world.school.id}/staff/${userId}/active`)
      .set(await h.headersFor('admin'))
      .send({ active });

  it('deactivating refuses sign-in and ends sessions; reactivating lets the old password in again', async () => {
    const a = await newStaff({ password: TEST_PASSWORD });
    const session = cookieOf(await login(a.login!, TEST_PASSWORD));
    const off = await setActive(a.id, false);
    expect(off.status, off.text).toBe(200);
    expect(off.body).toEqual({ userId: a.id, active: false });
    expect((await request(h.app).get('/api/v1/me').set('cookie', session)).status).toBe(401);
    const refused = await login(a.login!, TEST_PASSWORD);
    expect(refused.status).toBe(401);
    // A deactivated account gets no setup code in bulk and cannot be reset.
    const bulk = await issue('admin', { userIds: [a.id] });
    expect(bulk.body.codes).toEqual([]);
    expect((await setActive(a.id, true)).status).toBe(200);
    expect((await login(a.login!, TEST_PASSWORD)).status).toBe(200);
    expect(
      await h.db.prisma.auditEntry.count({
        where: { entityId: String(a.id), action: { in: ['user.deactivate', 'user.reactivate'] } },
      }),
    ).toBe(2);
  });

  it('makes an unused setup code of the account stop working', async () => {
    const a = await newStaff();
    const code = codeOf(await issue('admin', { userIds: [a.id] }), a.id);
    await setActive(a.id, false);
    await setActive(a.id, true);
    expect((await setup(code)).status).toBe(400);
  });

  it('does not let the director deactivate their own account', async () => {
    const res = await setActive(h.world.users.admin.id, false);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'cannotDeactivateSelf' });
    const admin = await h.db.prisma.user.findUniqueOrThrow({
      where: { id: h.world.users.admin.id },
    });
    expect(admin.deactivatedAt).toBeNull();
  });
});
