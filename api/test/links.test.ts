import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { hashLinkCode, LINK_CODE_ALPHABET } from '../../domain/accounts/link-code-format.ts';
import { hashPassword } from '../../domain/accounts/passwords.ts';
import { dateOnly } from '../../domain/dates.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_NOW, TEST_PASSWORD, TG } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

/** Headers of the bot acting for a Telegram user (linked or not). */
const bot = (telegramUserId: bigint) => ({
  authorization: `Bearer ${SERVICE_TOKEN}`,
  'x-telegram-user-id': telegramUserId.toString(),
});
let nextTelegramId = 5000n;
const newTelegramUser = () => ++nextTelegramId;

const CODE = new RegExp(`^[${LINK_CODE_ALPHABET}]{8}$`);
const KY_INVALID =
  'Код туура эмес, мурда колдонулган же мөөнөтү өтүп кеткен. Класс жетекчиден жаңы код сураңыз.';

const createCodes = async (
  body: { role: 'PARENT' | 'PUPIL'; pupilIds?: number[] },
  classGroupId = h.world.classA.id,
) => {
  const res = await request(h.app)
    .post(`/api/v1/classes/${classGroupId}/link-codes`)
    .set(await h.headersFor('classTeacher'))
    .send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as {
    expiresAt: string;
    className: string;
    codes: {
      pupilId: number;
      code: string;
      className: string;
      pupil: { id: number; lastName: string; firstName: string };
      guardian: {
        userId: number;
        lastName: string;
        firstName: string;
        relation: string | null;
        staffAccount: boolean;
      } | null;
    }[];
    withoutGuardian: { id: number; lastName: string }[];
  };
};

const codeFor = async (pupilId: number, role: 'PARENT' | 'PUPIL' = 'PARENT') => {
  const { codes } = await createCodes({ role, pupilIds: [pupilId] });
  return codes[0]!.code;
};

const redeem = (telegramUserId: bigint, code: string) =>
  request(h.app)
    .post('/api/v1/link-codes/redeem')
    .set(bot(telegramUserId))
    .set('accept-language', 'ky')
    .send({ code });

const counts = async () => ({
  users: await h.db.prisma.user.count(),
  guardians: await h.db.prisma.guardian.count(),
  grants: await h.db.prisma.guardian.count({ where: { grantedAt: { not: null } } }),
  links: await h.db.prisma.telegramLink.count(),
  codes: await h.db.prisma.linkCode.count(),
  usedCodes: await h.db.prisma.linkCode.count({ where: { usedAt: { not: null } } }),
});

/** A pupil of 5-А (or another class) with no account and no guardians yet. */
const newPupil = async (
  lastName = 'Сыдыкова',
  firstName = 'Айпери',
  classGroupId = h.world.classA.id,
) =>
  h.db.prisma.pupil.create({
    data: {
      schoolId: h.world.school.id,
      classGroupId,
      lastName,
      firstName,
      patronymic: 'Марат кызы',
    },
  });

/** An adult attached by an import: a guardian of the pupils, granted none of them yet. */
const importedGuardian = async (
  pupilIds: number[],
  name = { lastName: 'Сыдыкова', firstName: 'Назира' },
  relation = 'mother',
) => {
  const user = await h.db.prisma.user.create({ data: { schoolId: h.world.school.id, ...name } });
  for (const pupilId of pupilIds)
    await h.db.prisma.guardian.create({
      data: { userId: user.id, pupilId, relation, grantedAt: null },
    });
  return user;
};

/** A pupil of 5-А with one imported (not yet granted) mother. */
const newFamily = async (lastName = 'Сыдыкова', firstName = 'Айпери') => {
  const pupil = await newPupil(lastName, firstName);
  const mother = await importedGuardian([pupil.id], { lastName, firstName: 'Назира' });
  return { pupil, mother };
};

/** A second school with one class and one pupil. */
const otherSchool = async () => {
  const db = h.db.prisma;
  const school = await db.school.create({
    data: {
      districtId: h.world.district.id,
      code: `other-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Ош шаарындагы №5 мектеп',
    },
  });
  const year = await db.academicYear.create({
    data: {
      schoolId: school.id,
      name: '2026-2027',
      startsOn: dateOnly('2026-09-01'),
      endsOn: dateOnly('2027-05-25'),
      isCurrent: true,
    },
  });
  const grade = await db.gradeLevel.create({ data: { schoolId: school.id, grade: 5 } });
  const cls = await db.classGroup.create({
    data: { schoolId: school.id, yearId: year.id, gradeLevelId: grade.id, letter: 'В' },
  });
  const pupil = await db.pupil.create({
    data: { schoolId: school.id, classGroupId: cls.id, lastName: 'Токтогулов', firstName: 'Эрлан' },
  });
  const teacher = await db.user.create({
    data: { schoolId: school.id, lastName: 'Жумабаева', firstName: 'Салтанат' },
  });
  return { school, cls, pupil, teacher };
};

describe('accounts.createLinkCodes', () => {
  describe('when the class teacher asks for parent codes of the whole class', () => {
    it('returns one readable code per guardian, naming guardian, relation, child and class', async () => {
      const before = await counts();
      const guardiansInClass = await h.db.prisma.guardian.count({
        where: { pupil: { classGroupId: h.world.classA.id } },
      });
      const result = await createCodes({ role: 'PARENT' });
      expect(result.codes).toHaveLength(guardiansInClass);
      for (const { code } of result.codes) expect(code).toMatch(CODE);
      expect(new Set(result.codes.map((c) => c.code)).size).toBe(result.codes.length);
      expect(new Date(result.expiresAt).getTime()).toBe(TEST_NOW.getTime() + 72 * 3_600_000);
      expect(result.codes).toContainEqual(
        expect.objectContaining({
          pupilId: h.world.pupilA.id,
          className: '5-А',
          pupil: expect.objectContaining({ lastName: 'Асанов', firstName: 'Нурлан' }),
          guardian: expect.objectContaining({
            userId: h.world.users.parentA.id,
            lastName: 'Асанова',
            firstName: 'Гүлзат',
            relation: 'mother',
            staffAccount: false,
          }),
        }),
      );
      // A pupil with no guardian on record gets no code: nobody would know whom it binds.
      expect(result.withoutGuardian.map((p) => p.lastName)).toContain('Өмүрбекова');
      expect(result.codes.map((c) => c.pupilId)).not.toContain(h.world.pupilA2.id);
      const stored = await h.db.prisma.linkCode.findUniqueOrThrow({
        where: {
          codeHash: hashLinkCode(
            result.codes.find((c) => c.pupilId === h.world.pupilA.id)?.code ?? '',
          ),
        },
      });
      expect(stored).toMatchObject({ forUserId: h.world.users.parentA.id, role: 'PARENT' });
      expect((await counts()).codes).toBe(before.codes + guardiansInClass);
    });

    it('gives both parents of a pupil a code each', async () => {
      const { pupil, mother } = await newFamily('Бекова', 'Нуриза');
      const father = await importedGuardian(
        [pupil.id],
        { lastName: 'Беков', firstName: 'Азамат' },
        'father',
      );
      const { codes } = await createCodes({ role: 'PARENT', pupilIds: [pupil.id] });
      expect(codes.map((c) => [c.guardian?.userId, c.guardian?.relation]).sort()).toEqual(
        [
          [father.id, 'father'],
          [mother.id, 'mother'],
        ].sort(),
      );
      expect(codes[0]?.code).not.toBe(codes[1]?.code);
    });

    it('stores only hashes: no row anywhere contains a plaintext code', async () => {
      const { codes } = await createCodes({ role: 'PUPIL' });
      const tables = await h.db.prisma.$queryRaw<{ name: string }[]>`
        SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
      const rowsContaining = async (table: string, needle: string) =>
        (
          await h.db.prisma.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ILIKE $1`,
            `%${needle}%`,
          )
        )[0]?.n;
      for (const { code } of codes) {
        // The search itself works: it finds the stored hash.
        expect(await rowsContaining('link_code', hashLinkCode(code))).toBe(1);
        for (const { name } of tables) {
          expect(await rowsContaining(name, code), `${name} contains ${code}`).toBe(0);
        }
      }
    });
  });

  describe('when new codes are made for the same pupil and role', () => {
    it('makes the older unused code stop working', async () => {
      const { pupil } = await newFamily();
      const older = await codeFor(pupil.id);
      const newer = await codeFor(pupil.id);
      expect((await redeem(newTelegramUser(), older)).status).toBe(400);
      expect((await redeem(newTelegramUser(), newer)).status).toBe(200);
    });
  });

  describe('when a subject teacher who does not lead the class asks', () => {
    it('answers 403 and creates nothing', async () => {
      const before = await counts();
      const res = await request(h.app)
        .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
        .set(await h.headersFor('teacherOfClass'))
        .send({ role: 'PARENT' });
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a pupil of another class is named', () => {
    it('answers 400 naming the pupil and creates nothing', async () => {
      const before = await counts();
      const res = await request(h.app)
        .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
        .set(await h.headersFor('classTeacher'))
        .set('accept-language', 'ru')
        .send({ role: 'PARENT', pupilIds: [h.world.pupilA.id, h.world.pupilB.id] });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors[0]).toMatchObject({
        path: 'pupilIds.1',
        code: 'pupilNotInClass',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe("when the administration of one school asks for another school's class", () => {
    it('answers 404, as for a class that does not exist', async () => {
      const other = await otherSchool();
      const res = await request(h.app)
        .post(`/api/v1/classes/${other.cls.id}/link-codes`)
        .set(await h.headersFor('admin'))
        .send({ role: 'PARENT' });
      expect(res.status).toBe(404);
    });
  });
});

describe('accounts.redeemLinkCode', () => {
  describe('when a parent types a fresh code (in lower case, with a dash)', () => {
    it('links Telegram to that imported guardian, who then sees the child', async () => {
      const { pupil, mother } = await newFamily('Бекова', 'Нуриза');
      const code = await codeFor(pupil.id);
      const tg = newTelegramUser();
      const before = await counts();
      const res = await request(h.app)
        .post('/api/v1/link-codes/redeem')
        .set(bot(tg))
        .send({ code: ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} ` });
      expect(res.status, res.text).toBe(200);
      expect(res.body.role).toBe('PARENT');
      expect(res.body.pupil).toMatchObject({ id: pupil.id, className: '5-А' });
      expect(res.body.user).toMatchObject({
        id: mother.id,
        lastName: 'Бекова',
        firstName: 'Назира',
      });
      expect(await counts()).toMatchObject({
        users: before.users,
        guardians: before.guardians,
        grants: before.grants + 1,
        links: before.links + 1,
        usedCodes: before.usedCodes + 1,
      });
      const link = await h.db.prisma.telegramLink.findFirstOrThrow({
        where: { telegramUserId: tg },
      });
      expect(link).toMatchObject({ userId: res.body.user.id, chatId: tg, isActive: true });
      const used = await h.db.prisma.linkCode.findUniqueOrThrow({
        where: { codeHash: hashLinkCode(code) },
      });
      expect(used.usedByUserId).toBe(res.body.user.id);
      const audit = await h.db.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'telegram.link', entityId: String(link.id) },
      });
      expect(audit.actorId).toBe(res.body.user.id);

      const me = await request(h.app).get('/api/v1/me').set(bot(tg));
      expect(me.status).toBe(200);
      expect(me.body.childIds).toEqual([pupil.id]);
    });
  });

  describe("when the father redeems the father's code and the mother the mother's", () => {
    it('binds each Telegram account to its own imported guardian, never a new one', async () => {
      const { pupil, mother } = await newFamily('Жусупова', 'Элиза');
      const father = await importedGuardian(
        [pupil.id],
        { lastName: 'Жусупов', firstName: 'Бакыт' },
        'father',
      );
      const { codes } = await createCodes({ role: 'PARENT', pupilIds: [pupil.id] });
      const codeOf = (userId: number) => codes.find((c) => c.guardian?.userId === userId)!.code;
      const before = await counts();
      const fatherRes = await redeem(newTelegramUser(), codeOf(father.id));
      const motherRes = await redeem(newTelegramUser(), codeOf(mother.id));
      expect(fatherRes.body.user).toMatchObject({ id: father.id, firstName: 'Бакыт' });
      expect(motherRes.body.user).toMatchObject({ id: mother.id, firstName: 'Назира' });
      expect(await counts()).toMatchObject({
        users: before.users,
        guardians: before.guardians,
        grants: before.grants + 2,
      });
    });
  });

  describe('when a pupil has no guardian on record', () => {
    it('no parent code exists for them, and no nameless parent is ever created', async () => {
      const pupil = await newPupil('Жапарова', 'Адина');
      const before = await counts();
      const result = await createCodes({ role: 'PARENT', pupilIds: [pupil.id] });
      expect(result.codes).toEqual([]);
      expect(result.withoutGuardian).toEqual([expect.objectContaining({ id: pupil.id })]);
      expect(await counts()).toEqual(before);
      // A pupil code binds the pupil's own account, never a parent.
      const res = await redeem(newTelegramUser(), await codeFor(pupil.id, 'PUPIL'));
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ lastName: 'Жапарова', firstName: 'Адина' });
      expect(await h.db.prisma.guardian.count({ where: { pupilId: pupil.id } })).toBe(0);
      expect(await h.db.prisma.user.count({ where: { firstName: 'ата-энеси' } })).toBe(0);
    });
  });

  describe('when a linked parent redeems a code for a second child', () => {
    it('adds the child to the same account', async () => {
      const pupil = await newPupil('Асанова', 'Айжан');
      await h.db.prisma.guardian.create({
        data: { userId: h.world.users.parentA.id, pupilId: pupil.id, grantedAt: null },
      });
      const before = await request(h.app).get('/api/v1/me').set(bot(TG.parentA));
      expect(before.body.childIds).toEqual([h.world.pupilA.id]);
      const res = await request(h.app)
        .post('/api/v1/link-codes/redeem')
        .set(bot(TG.parentA))
        .send({ code: await codeFor(pupil.id) });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(h.world.users.parentA.id);
      const me = await request(h.app).get('/api/v1/me').set(bot(TG.parentA));
      expect(me.body.childIds.sort()).toEqual([h.world.pupilA.id, pupil.id].sort());
    });
  });

  describe('when a pupil redeems a pupil code', () => {
    it("creates the pupil's own account and links it", async () => {
      const pupil = await newPupil('Мамытов', 'Тилек');
      const tg = newTelegramUser();
      const res = await redeem(tg, await codeFor(pupil.id, 'PUPIL'));
      expect(res.status).toBe(200);
      const updated = await h.db.prisma.pupil.findUniqueOrThrow({ where: { id: pupil.id } });
      expect(updated.userId).toBe(res.body.user.id);
      const me = await request(h.app).get('/api/v1/me').set(bot(tg));
      expect(me.body).toMatchObject({ pupilId: pupil.id, childIds: [] });
    });
  });

  describe('when a code is used a second time', () => {
    it('answers 400 linkCodeInvalid in Kyrgyz and links nothing', async () => {
      const code = await codeFor((await newFamily()).pupil.id);
      expect((await redeem(newTelegramUser(), code)).status).toBe(200);
      const before = await counts();
      const tg = newTelegramUser();
      const res = await redeem(tg, code);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.text).errors[0]).toMatchObject({
        path: 'code',
        code: 'linkCodeInvalid',
        message: KY_INVALID,
      });
      expect(await counts()).toEqual(before);
      expect((await request(h.app).get('/api/v1/me').set(bot(tg))).status).toBe(401);
    });
  });

  describe('when a code has expired', () => {
    it('answers with the same message and links nothing', async () => {
      const code = await codeFor((await newFamily()).pupil.id);
      await h.db.prisma.linkCode.update({
        where: { codeHash: hashLinkCode(code) },
        data: { expiresAt: new Date(TEST_NOW.getTime() - 1000) },
      });
      const before = await counts();
      const res = await redeem(newTelegramUser(), code);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors[0].message).toBe(KY_INVALID);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the code never existed or is malformed', () => {
    it('answers with the same message', async () => {
      for (const code of ['ABCDEFGH', 'x', "'; DROP TABLE link_code; --"]) {
        const res = await redeem(newTelegramUser(), code);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text).errors[0].message).toBe(KY_INVALID);
      }
    });
  });

  describe("when the code belongs to another school's pupil", () => {
    it('links that pupil only, within that school', async () => {
      const other = await otherSchool();
      const code = 'K7P3M9QX';
      const parent = await h.db.prisma.user.create({
        data: { schoolId: other.school.id, lastName: 'Токтогулова', firstName: 'Айнура' },
      });
      await h.db.prisma.guardian.create({
        data: { userId: parent.id, pupilId: other.pupil.id, grantedAt: null },
      });
      await h.db.prisma.linkCode.create({
        data: {
          schoolId: other.school.id,
          codeHash: hashLinkCode(code),
          pupilId: other.pupil.id,
          forUserId: parent.id,
          role: 'PARENT',
          createdById: other.teacher.id,
          expiresAt: new Date(TEST_NOW.getTime() + 3_600_000),
        },
      });
      const guardiansOfFirstSchool = () =>
        h.db.prisma.guardian.count({ where: { pupil: { schoolId: h.world.school.id } } });
      const before = await guardiansOfFirstSchool();
      const tg = newTelegramUser();
      const res = await redeem(tg, code);
      expect(res.status).toBe(200);
      const user = await h.db.prisma.user.findUniqueOrThrow({
        where: { id: res.body.user.id },
        include: { children: true },
      });
      expect(user.schoolId).toBe(other.school.id);
      expect(user.children.map((c) => c.pupilId)).toEqual([other.pupil.id]);
      expect(await guardiansOfFirstSchool()).toBe(before);
      const me = await request(h.app).get('/api/v1/me').set(bot(tg));
      expect(me.body.childIds).toEqual([other.pupil.id]);
      const diaryOfA = await request(h.app)
        .get('/api/v1/announcements')
        .query({ pupilId: h.world.pupilA.id })
        .set(bot(tg));
      // a pupil of the first school is invisible to a parent of the other: as if missing
      expect(diaryOfA.status).toBe(404);
    });
  });

  describe('when two bot requests redeem one code at the same instant', () => {
    it('links exactly one of them', async () => {
      const { pupil } = await newFamily('Токтосунова', 'Бермет');
      const code = await codeFor(pupil.id);
      const before = await counts();
      const [first, second] = await Promise.all([
        redeem(newTelegramUser(), code),
        redeem(newTelegramUser(), code),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 400]);
      expect(await counts()).toMatchObject({
        guardians: before.guardians,
        grants: before.grants + 1,
        links: before.links + 1,
        usedCodes: before.usedCodes + 1,
      });
      expect(await h.db.prisma.guardian.count({ where: { pupilId: pupil.id } })).toBe(1);
    });
  });

  describe('when the request does not come from the bot with a Telegram user', () => {
    it('answers 400 for the bot without X-Telegram-User-Id, 403 for staff, 401 for anonymous', async () => {
      const code = await codeFor((await newFamily()).pupil.id);
      const before = await counts();
      const noUser = await request(h.app)
        .post('/api/v1/link-codes/redeem')
        .set('authorization', `Bearer ${SERVICE_TOKEN}`)
        .send({ code });
      expect(noUser.status).toBe(400);
      expect(JSON.parse(noUser.text).errors[0].code).toBe('telegramUserRequired');
      const staff = await request(h.app)
        .post('/api/v1/link-codes/redeem')
        .set(await h.headersFor('classTeacher'))
        .set('accept-language', 'ru')
        .send({ code });
      expect(staff.status).toBe(403);
      expect(JSON.parse(staff.text).detail).toBe('Код привязки вводится только в Telegram-боте.');
      expect((await request(h.app).post('/api/v1/link-codes/redeem').send({ code })).status).toBe(
        401,
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('when one Telegram user keeps guessing codes', () => {
    it('answers 429 with a localized problem once the limit is reached', async () => {
      const app = createApp({
        domain: h.domain,
        logger: pino({ level: 'silent' }),
        i18n: createI18n(),
        serviceToken: SERVICE_TOKEN,
        linkCodeLimit: 3,
      });
      const guesser = newTelegramUser();
      const guess = (tg: bigint) =>
        request(app)
          .post('/api/v1/link-codes/redeem')
          .set(bot(tg))
          .set('accept-language', 'ru')
          .send({ code: 'ABCDEFGH' });
      for (let i = 0; i < 3; i++) expect((await guess(guesser)).status).toBe(400);
      const limited = await guess(guesser);
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(limited.text)).toMatchObject({
        code: 'RATE_LIMITED',
        title: 'Слишком много попыток. Повторите немного позже.',
      });
      // A real code does not get through either once the guesser is limited.
      const code = await codeFor((await newFamily()).pupil.id);
      expect(
        (await request(app).post('/api/v1/link-codes/redeem').set(bot(guesser)).send({ code }))
          .status,
      ).toBe(429);
      // Another parent is not punished for the guesser.
      expect((await guess(newTelegramUser())).status).toBe(400);
    });
  });
});

describe('accounts.unlinkTelegram', () => {
  describe('when a parent unlinks in the bot', () => {
    it('deactivates the link and the bot no longer acts for the parent', async () => {
      const { pupil } = await newFamily();
      const tg = newTelegramUser();
      expect((await redeem(tg, await codeFor(pupil.id))).status).toBe(200);
      const res = await request(h.app).delete('/api/v1/me/telegram').set(bot(tg));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ unlinked: 1 });
      const link = await h.db.prisma.telegramLink.findFirstOrThrow({
        where: { telegramUserId: tg },
      });
      expect(link.isActive).toBe(false);
      expect(
        await h.db.prisma.auditEntry.count({
          where: { action: 'telegram.unlink', actorId: link.userId },
        }),
      ).toBe(1);
      expect((await request(h.app).get('/api/v1/me').set(bot(tg))).status).toBe(401);
    });
  });

  describe('when nobody is signed in', () => {
    it('answers 401', async () => {
      expect((await request(h.app).delete('/api/v1/me/telegram')).status).toBe(401);
    });
  });
});

describe('accounts.changePassword', () => {
  const login = (userLogin: string, password: string) =>
    request(h.app).post('/api/v1/auth/login').send({ login: userLogin, password });
  const cookieOf = (res: request.Response) =>
    String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';

  describe('when a teacher gives the right current password', () => {
    it('changes it, keeps this session and ends the others', async () => {
      const user = await h.db.prisma.user.create({
        data: {
          schoolId: h.world.school.id,
          login: `pw-${Date.now()}`,
          passwordHash: await hashPassword(TEST_PASSWORD),
          lastName: 'Каримова',
          firstName: 'Айнура',
        },
      });
      await h.db.prisma.staffRole.create({
        data: { userId: user.id, schoolId: h.world.school.id, role: 'TEACHER' },
      });
      const here = cookieOf(await login(user.login!, TEST_PASSWORD));
      const elsewhere = cookieOf(await login(user.login!, TEST_PASSWORD));
      const res = await request(h.app)
        .post('/api/v1/me/password')
        .set('cookie', here)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'жаңы-сырсөз-2026' });
      expect(res.status).toBe(204);
      expect((await login(user.login!, TEST_PASSWORD)).status).toBe(401);
      expect((await login(user.login!, 'жаңы-сырсөз-2026')).status).toBe(200);
      expect((await request(h.app).get('/api/v1/me').set('cookie', here)).status).toBe(200);
      expect((await request(h.app).get('/api/v1/me').set('cookie', elsewhere)).status).toBe(401);
      expect(
        await h.db.prisma.auditEntry.count({
          where: { action: 'user.passwordChange', actorId: user.id },
        }),
      ).toBe(1);
    });
  });

  describe('when the current password is wrong or the new one too short', () => {
    it('answers 400 and keeps the password', async () => {
      const headers = await h.headersFor('psychologist');
      const before = await h.db.prisma.user.findUniqueOrThrow({
        where: { id: h.world.users.psychologist.id },
      });
      const wrong = await request(h.app)
        .post('/api/v1/me/password')
        .set(headers)
        .set('accept-language', 'en')
        .send({ currentPassword: 'not-it-at-all', newPassword: 'long-enough-1' });
      expect(wrong.status).toBe(400);
      expect(JSON.parse(wrong.text).errors[0]).toMatchObject({
        path: 'currentPassword',
        message: 'The current password is wrong.',
      });
      const short = await request(h.app)
        .post('/api/v1/me/password')
        .set(headers)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(JSON.parse(short.text).errors[0]).toMatchObject({
        path: 'newPassword',
        code: 'tooShort',
      });
      const after = await h.db.prisma.user.findUniqueOrThrow({
        where: { id: h.world.users.psychologist.id },
      });
      expect(after.passwordHash).toBe(before.passwordHash);
    });
  });

  describe('when a parent without a password asks', () => {
    it('answers 403 explaining the account signs in through Telegram', async () => {
      const res = await request(h.app)
        .post('/api/v1/me/password')
        .set(await h.headersFor('parentB'))
        .set('accept-language', 'ru')
        .send({ currentPassword: 'whatever1', newPassword: 'whatever-2026' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).detail).toBe(
        'Эта учётная запись входит через Telegram, у неё нет пароля.',
      );
    });
  });
});

describe('accounts.getPreferences / updatePreferences', () => {
  it('starts from the defaults, changes only the fields given, and keeps them', async () => {
    const headers = await h.headersFor('parentB');
    const initial = await request(h.app).get('/api/v1/me/notification-preferences').set(headers);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({
      marks: true,
      quietFrom: '21:00',
      quietTo: '07:30',
      digestOnly: false,
    });
    const res = await request(h.app)
      .put('/api/v1/me/notification-preferences')
      .set(headers)
      .send({ marks: false, quietFrom: '22:30', quietTo: '06:45' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      marks: false,
      attendance: true,
      quietFrom: '22:30',
      quietTo: '06:45',
    });
    const stored = await h.db.prisma.notificationPreference.findUniqueOrThrow({
      where: { userId: h.world.users.parentB.id },
    });
    expect(stored).toMatchObject({ marks: false, homework: true, quietFrom: '22:30' });
    const off = await request(h.app)
      .put('/api/v1/me/notification-preferences')
      .set(headers)
      .send({ quietFrom: null, quietTo: null });
    expect(off.body).toMatchObject({ quietFrom: null, quietTo: null, marks: false });
  });

  describe('when quiet hours are half set or malformed', () => {
    it('answers 400 and changes nothing', async () => {
      const headers = await h.headersFor('parentA');
      const before = await request(h.app).get('/api/v1/me/notification-preferences').set(headers);
      const half = await request(h.app)
        .put('/api/v1/me/notification-preferences')
        .set(headers)
        .set('accept-language', 'ky')
        .send({ quietFrom: null });
      expect(half.status).toBe(400);
      expect(JSON.parse(half.text).errors[0]).toMatchObject({
        path: 'quietFrom',
        code: 'quietHoursIncomplete',
      });
      expect(JSON.parse(half.text).errors[0].message).toMatch(/Тынч убакыттын/);
      for (const body of [
        { quietFrom: '25:00' },
        { quietTo: '7:00' },
        { marks: 'yes' },
        { sms: true },
      ]) {
        expect(
          (await request(h.app).put('/api/v1/me/notification-preferences').set(headers).send(body))
            .status,
        ).toBe(400);
      }
      const after = await request(h.app).get('/api/v1/me/notification-preferences').set(headers);
      expect(after.body).toEqual(before.body);
    });
  });
});

describe('accounts.setLanguage', () => {
  it('stores the language the bot and notifications use', async () => {
    const res = await request(h.app)
      .put('/api/v1/me/language')
      .set(await h.headersFor('pupilA'))
      .send({ language: 'ru' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ language: 'ru' });
    const user = await h.db.prisma.user.findUniqueOrThrow({
      where: { id: h.world.users.pupilA.id },
    });
    expect(user.language).toBe('ru');
  });

  it('refuses a language Sabak does not speak', async () => {
    const res = await request(h.app)
      .put('/api/v1/me/language')
      .set(await h.headersFor('parentA'))
      .send({ language: 'de' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0]).toMatchObject({
      path: 'language',
      code: 'invalidValue',
    });
    const user = await h.db.prisma.user.findUniqueOrThrow({
      where: { id: h.world.users.parentA.id },
    });
    expect(user.language).toBe('ky');
  });
});
