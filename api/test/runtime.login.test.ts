/**
 * Sign-in hardening: argon2id with bcrypt hashes upgraded on sign-in, one hash per attempt
 * whether or not the login exists, limits per account (per address and overall) that never lock
 * a school's shared address, and a limit on password changes.
 */
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { checkPassword, hashPassword } from '../../domain/accounts/passwords.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_PASSWORD } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

let seq = 0;
const newTeacher = async (passwordHash: string) => {
  const user = await h.db.prisma.user.create({
    data: {
      schoolId: h.world.school.id,
      login: `rt-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
      passwordHash,
      lastName: 'Жумабекова',
      firstName: 'Гүлнара',
    },
  });
  await h.db.prisma.staffRole.create({
    data: { userId: user.id, schoolId: h.world.school.id, role: 'TEACHER' },
  });
  return user as typeof user & { login: string };
};

/** An app with the production limits (the harness raises them for other tests). */
const limitedApp = () =>
  createApp({
    domain: h.domain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken: SERVICE_TOKEN,
  });

const signIn = (
  app: ReturnType<typeof createApp>,
  login: string,
  password: string,
  ip = '10.0.0.1',
) =>
  request(app)
    .post('/api/v1/auth/login')
    .set('x-forwarded-for', ip)
    .set('accept-language', 'ru')
    .send({ login, password });

describe('password hashes', () => {
  it('new hashes are argon2id; a wrong password or a malformed stored hash never matches', async () => {
    const stored = await hashPassword('сырсөз-2026');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await checkPassword('сырсөз-2026', stored)).ok).toBe(true);
    expect((await checkPassword('сырсөз-2027', stored)).ok).toBe(false);
    expect((await checkPassword('x', '$argon2id$garbage')).ok).toBe(false);
    expect((await checkPassword('x', null)).ok).toBe(false);
  });

  describe('when a teacher still has a bcrypt hash from before', () => {
    it('signs in with it and the hash is replaced by argon2id; the old password still works', async () => {
      const teacher = await newTeacher(bcrypt.hashSync(TEST_PASSWORD, 4));
      const res = await signIn(h.app, teacher.login, TEST_PASSWORD);
      expect(res.status).toBe(200);
      const after = await h.db.prisma.user.findUniqueOrThrow({ where: { id: teacher.id } });
      expect(after.passwordHash).toMatch(/^\$argon2id\$/);
      expect((await signIn(h.app, teacher.login, TEST_PASSWORD)).status).toBe(200);
      expect((await signIn(h.app, teacher.login, 'wrong-password')).status).toBe(401);
    });

    it('a wrong password leaves the bcrypt hash as it was', async () => {
      const old = bcrypt.hashSync(TEST_PASSWORD, 4);
      const teacher = await newTeacher(old);
      expect((await signIn(h.app, teacher.login, 'wrong-password')).status).toBe(401);
      const after = await h.db.prisma.user.findUniqueOrThrow({ where: { id: teacher.id } });
      expect(after.passwordHash).toBe(old);
    });
  });
});

describe('sign-in timing', () => {
  it('an unknown login takes a password hash too (as long as a wrong password for a real one)', async () => {
    const teacher = await newTeacher(await hashPassword(TEST_PASSWORD));
    const time = async (login: string) => {
      const started = performance.now();
      const res = await signIn(h.app, login, 'wrong-password', '10.9.9.9');
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    await time('warm-up-login');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await time(teacher.login));
      unknown.push(await time(`nobody-${i}-${Math.random()}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // Without the dummy hash an unknown login answered ~20× faster; allow noise, not that.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });
});

describe('sign-in limits', () => {
  it('after 10 failures one account is refused from that address only; the school and other addresses still sign in', async () => {
    const app = limitedApp();
    const victim = await newTeacher(await hashPassword(TEST_PASSWORD));
    const colleague = await newTeacher(await hashPassword(TEST_PASSWORD));
    const school = '10.1.1.1';
    for (let i = 0; i < 10; i++) {
      expect((await signIn(app, victim.login, `guess-${i}`, school)).status).toBe(401);
    }
    const limited = await signIn(app, victim.login, TEST_PASSWORD, school);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(limited.text).title).toBe('Слишком много попыток. Повторите немного позже.');
    // The same login with extra spaces is the same account.
    expect((await signIn(app, ` ${victim.login} `, TEST_PASSWORD, school)).status).toBe(429);

    // Colleagues behind the same school address are not locked out…
    expect((await signIn(app, colleague.login, TEST_PASSWORD, school)).status).toBe(200);
    // …and the victim signs in from home.
    expect((await signIn(app, victim.login, TEST_PASSWORD, '10.2.2.2')).status).toBe(200);
  });

  it('failures of one account from many addresses reach a slower overall limit', async () => {
    const app = limitedApp();
    const target = await newTeacher(await hashPassword(TEST_PASSWORD));
    for (let i = 0; i < 50; i++) {
      const ip = `10.3.${Math.floor(i / 5)}.${i % 5}`; // 5 tries per address, under the per-address limit
      expect((await signIn(app, target.login, `guess-${i}`, ip)).status).toBe(401);
    }
    expect((await signIn(app, target.login, TEST_PASSWORD, '10.4.0.1')).status).toBe(429);
    // Other accounts are untouched.
    const other = await newTeacher(await hashPassword(TEST_PASSWORD));
    expect((await signIn(app, other.login, TEST_PASSWORD, '10.4.0.1')).status).toBe(200);
  }, 60_000);

  it('good sign-ins from one address never count: a whole staff room signs in', async () => {
    const app = limitedApp();
    const teacher = await newTeacher(await hashPassword(TEST_PASSWORD));
    for (let i = 0; i < 12; i++) {
      expect((await signIn(app, teacher.login, TEST_PASSWORD, '10.5.5.5')).status).toBe(200);
    }
  });

  it('POST /me/password answers 429 after 10 wrong current passwords', async () => {
    const app = limitedApp();
    const teacher = await newTeacher(await hashPassword(TEST_PASSWORD));
    const cookie =
      String((await signIn(app, teacher.login, TEST_PASSWORD)).headers['set-cookie']?.[0]).split(
        ';',
      )[0] ?? '';
    const change = (currentPassword: string) =>
      request(app)
        .post('/api/v1/me/password')
        .set('cookie', cookie)
        .send({ currentPassword, newPassword: 'жаңы-сырсөз-2026' });
    for (let i = 0; i < 10; i++) expect((await change(`guess-${i}`)).status).toBe(400);
    expect((await change(TEST_PASSWORD)).status).toBe(429);
    const after = await h.db.prisma.user.findUniqueOrThrow({ where: { id: teacher.id } });
    expect((await checkPassword(TEST_PASSWORD, after.passwordHash)).ok).toBe(true);
  });
});
