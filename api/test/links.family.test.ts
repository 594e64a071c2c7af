/**
 * Family identity (ISSUE 5 §2): a code binds exactly the person it was issued for; a code of one
 * class teacher grants that class's child only (the sibling rule); staff link Telegram with a
 * staff code, and the bot then acts as that teacher.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLinkCode } from '../../domain/accounts/link-code-format.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TG } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const bot = (telegramUserId: bigint) => ({
  authorization: `Bearer ${SERVICE_TOKEN}`,
  'x-telegram-user-id': telegramUserId.toString(),
});
let nextTelegramId = 7000n;
const newTelegramUser = () => ++nextTelegramId;

const redeem = (tg: bigint, code: string, lang = 'ky') =>
  request(h.app)
    .post('/api/v1/link-codes/redeem')
    .set(bot(tg))
    .set('accept-language', lang)
    .send({ code });

interface IssuedCode {
  code: string;
  pupilId: number;
  className: string;
  guardian: { userId: number; relation: string | null; staffAccount: boolean } | null;
}

const parentCodes = async (
  headers: Record<string, string>,
  classGroupId: number,
  pupilIds: number[],
) => {
  const res = await request(h.app)
    .post(`/api/v1/classes/${classGroupId}/link-codes`)
    .set(headers)
    .send({ role: 'PARENT', pupilIds });
  expect(res.status, res.text).toBe(201);
  return (res.body as { codes: IssuedCode[] }).codes;
};

/** A class 7-Б with its own class teacher, who signs in on the web (made once per file). */
let seventh: Promise<Awaited<ReturnType<typeof makeSeventhGrade>>> | undefined;
const seventhGrade = () => (seventh ??= makeSeventhGrade());
const makeSeventhGrade = async () => {
  const db = h.db.prisma;
  const leader = await db.user.create({
    data: {
      schoolId: h.world.school.id,
      login: `leader7b-${Date.now()}`,
      passwordHash: (await db.user.findUniqueOrThrow({ where: { id: h.world.users.admin.id } }))
        .passwordHash,
      lastName: 'Садыкова',
      firstName: 'Бүбүсара',
    },
  });
  for (const role of ['TEACHER', 'CLASS_TEACHER'] as const)
    await db.staffRole.create({ data: { userId: leader.id, schoolId: h.world.school.id, role } });
  const grade7 = await db.gradeLevel.create({ data: { schoolId: h.world.school.id, grade: 7 } });
  const cls = await db.classGroup.create({
    data: {
      schoolId: h.world.school.id,
      yearId: h.world.year.id,
      gradeLevelId: grade7.id,
      letter: 'Б',
      classTeacherId: leader.id,
    },
  });
  const login = await request(h.app)
    .post('/api/v1/auth/login')
    .send({ login: leader.login, password: 'correct-horse-42' });
  expect(login.status).toBe(200);
  const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  return { leader, cls, headers: { cookie } };
};

/** Two siblings (5-А and 7-Б) whose mother an import attached to both, granted neither. */
const siblings = async (classB: number) => {
  const db = h.db.prisma;
  const pupil = (classGroupId: number, firstName: string) =>
    db.pupil.create({
      data: { schoolId: h.world.school.id, classGroupId, lastName: 'Осмонова', firstName },
    });
  const younger = await pupil(h.world.classA.id, 'Айбийке');
  const older = await pupil(classB, 'Мээрим');
  const mother = await db.user.create({
    data: { schoolId: h.world.school.id, lastName: 'Осмонова', firstName: 'Чолпон' },
  });
  for (const p of [younger, older])
    await db.guardian.create({
      data: { userId: mother.id, pupilId: p.id, relation: 'mother', grantedAt: null },
    });
  return { younger, older, mother };
};

const canRead = async (tg: bigint, pupilId: number) =>
  (
    await request(h.app)
      .get(`/api/v1/pupils/${pupilId}/diary/day`)
      .query({ date: '2026-10-14' })
      .set(bot(tg))
  ).status;

describe('the sibling rule: a class teacher’s code grants that class’s child only', () => {
  it('a parent of A in 5-А cannot read sibling B in 7-Б until B’s own code is redeemed', async () => {
    const seventh = await seventhGrade();
    const { younger, older, mother } = await siblings(seventh.cls.id);
    const tg = newTelegramUser();

    // The 5-А class teacher prints the mother's code for the younger child.
    const [codeA] = await parentCodes(await h.headersFor('classTeacher'), h.world.classA.id, [
      younger.id,
    ]);
    expect(codeA?.guardian).toMatchObject({ userId: mother.id, relation: 'mother' });
    const linked = await redeem(tg, codeA!.code);
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body.user.id).toBe(mother.id);

    // The guardian account reaches the younger child only.
    const me = await request(h.app).get('/api/v1/me').set(bot(tg));
    expect(me.body.childIds).toEqual([younger.id]);
    const children = await request(h.app).get('/api/v1/me/children').set(bot(tg));
    expect(children.body.map((c: { pupilId: number }) => c.pupilId)).toEqual([younger.id]);
    expect(await canRead(tg, younger.id)).toBe(200);
    expect(await canRead(tg, older.id)).toBe(403);
    const marks = await request(h.app).get(`/api/v1/pupils/${older.id}/marks`).set(bot(tg));
    expect(marks.status).toBe(403);
    const announcements = await request(h.app)
      .get('/api/v1/announcements')
      .query({ pupilId: older.id })
      .set(bot(tg));
    expect(announcements.status).toBe(403);

    // 5-А's class teacher cannot hand out the 7-Б child's code.
    const wrongClass = await request(h.app)
      .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
      .set(await h.headersFor('classTeacher'))
      .send({ role: 'PARENT', pupilIds: [older.id] });
    expect(wrongClass.status).toBe(400);
    const otherClass = await request(h.app)
      .post(`/api/v1/classes/${seventh.cls.id}/link-codes`)
      .set(await h.headersFor('classTeacher'))
      .send({ role: 'PARENT', pupilIds: [older.id] });
    expect(otherClass.status).toBe(403);

    // 7-Б's class teacher prints the mother's code for the older child; she redeems it.
    const [codeB] = await parentCodes(seventh.headers, seventh.cls.id, [older.id]);
    expect(codeB).toMatchObject({ className: '7-Б', guardian: { userId: mother.id } });
    const second = await redeem(tg, codeB!.code);
    expect(second.status, second.text).toBe(200);
    expect(second.body.user.id).toBe(mother.id);
    expect(await canRead(tg, older.id)).toBe(200);
    const after = await request(h.app).get('/api/v1/me/children').set(bot(tg));
    expect(after.body.map((c: { pupilId: number }) => c.pupilId).sort()).toEqual(
      [younger.id, older.id].sort(),
    );
    const grants = await h.db.prisma.guardian.findMany({
      where: { userId: mother.id },
      select: { pupilId: true, grantedAt: true },
    });
    expect(grants.every((g) => g.grantedAt !== null)).toBe(true);
  });

  it('the sibling’s teachers reach the mother as family only once she was granted the sibling', async () => {
    const seventh = await seventhGrade();
    const { younger, older, mother } = await siblings(seventh.cls.id);
    const tg = newTelegramUser();
    const [codeA] = await parentCodes(await h.headersFor('classTeacher'), h.world.classA.id, [
      younger.id,
    ]);
    expect((await redeem(tg, codeA!.code)).status).toBe(200);
    const contacts = async () =>
      (
        await request(h.app)
          .get('/api/v1/contacts')
          .query({ pupilId: older.id })
          .set(seventh.headers)
      ).body.map((c: { id: number }) => c.id) as number[];
    expect(await contacts()).not.toContain(mother.id);
    const [codeB] = await parentCodes(seventh.headers, seventh.cls.id, [older.id]);
    expect((await redeem(tg, codeB!.code)).status).toBe(200);
    expect(await contacts()).toContain(mother.id);
  });

  it('the school administration confirms a sibling by issuing that class’s code', async () => {
    const seventh = await seventhGrade();
    const { younger, older } = await siblings(seventh.cls.id);
    const tg = newTelegramUser();
    const [codeA] = await parentCodes(await h.headersFor('classTeacher'), h.world.classA.id, [
      younger.id,
    ]);
    expect((await redeem(tg, codeA!.code)).status).toBe(200);
    expect(await canRead(tg, older.id)).toBe(403);
    const [codeB] = await parentCodes(await h.headersFor('deputy'), seventh.cls.id, [older.id]);
    expect((await redeem(tg, codeB!.code)).status).toBe(200);
    expect(await canRead(tg, older.id)).toBe(200);
  });

  it('a code for the father never reaches the mother’s account, nor a child of hers alone', async () => {
    const seventh = await seventhGrade();
    const { younger, older, mother } = await siblings(seventh.cls.id);
    const father = await h.db.prisma.user.create({
      data: { schoolId: h.world.school.id, lastName: 'Осмонов', firstName: 'Нурбек' },
    });
    await h.db.prisma.guardian.create({
      data: { userId: father.id, pupilId: younger.id, relation: 'father', grantedAt: null },
    });
    const codes = await parentCodes(await h.headersFor('classTeacher'), h.world.classA.id, [
      younger.id,
    ]);
    const fathers = codes.find((c) => c.guardian?.userId === father.id)!;
    const tg = newTelegramUser();
    const res = await redeem(tg, fathers.code);
    expect(res.body.user.id).toBe(father.id);
    expect(res.body.user.id).not.toBe(mother.id);
    expect(await canRead(tg, younger.id)).toBe(200);
    expect(await canRead(tg, older.id)).toBe(403);
  });
});

describe('accounts.createStaffLinkCode / redeeming a staff code', () => {
  const issue = async (headers: Record<string, string>, userId: number, lang = 'ky') =>
    request(h.app)
      .post(`/api/v1/staff/${userId}/link-code`)
      .set(headers)
      .set('accept-language', lang)
      .send();
  const staffCodes = (userId: number) =>
    h.db.prisma.linkCode.count({ where: { role: 'STAFF', forUserId: userId } });

  it('the admin issues one; redeeming it makes the bot act as that teacher with their roles', async () => {
    const teacher = h.world.users.teacherOfClass;
    const res = await issue(await h.headersFor('admin'), teacher.id);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      role: 'STAFF',
      user: { id: teacher.id, lastName: 'Teacher', roles: ['TEACHER'] },
    });
    const stored = await h.db.prisma.linkCode.findUniqueOrThrow({
      where: { codeHash: hashLinkCode(res.body.code) },
    });
    expect(stored).toMatchObject({ forUserId: teacher.id, pupilId: null, usedAt: null });

    const tg = newTelegramUser();
    expect((await request(h.app).get('/api/v1/me').set(bot(tg))).status).toBe(401);
    const linked = await redeem(tg, res.body.code);
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body).toMatchObject({ role: 'STAFF', user: { id: teacher.id }, pupil: null });
    const me = await request(h.app).get('/api/v1/me').set(bot(tg));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: teacher.id, roles: ['TEACHER'], childIds: [] });
    expect(me.body.teaches).toContainEqual({
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
    });
    // …and with that teacher's rights: the class journal of their class, not another class.
    const journal = await request(h.app)
      .get(`/api/v1/classes/${h.world.classA.id}/journal`)
      .query({ subjectId: h.world.math.id })
      .set(bot(tg));
    const otherJournal = await request(h.app)
      .get(`/api/v1/classes/${h.world.classB.id}/journal`)
      .query({ subjectId: h.world.math.id })
      .set(bot(tg));
    expect(otherJournal.status).toBe(403);
    expect(journal.status).not.toBe(403);
    expect(journal.status).not.toBe(401);
  });

  it('a staff member issues their own code on the web', async () => {
    const me = h.world.users.classTeacher;
    const res = await issue(await h.headersFor('classTeacher'), me.id);
    expect(res.status, res.text).toBe(201);
    const tg = newTelegramUser();
    expect((await redeem(tg, res.body.code)).status).toBe(200);
    const viaBot = await request(h.app).get('/api/v1/me').set(bot(tg));
    expect(viaBot.body).toMatchObject({ id: me.id, classTeacherOf: [h.world.classA.id] });
  });

  it('a new code replaces the older unused one', async () => {
    const admin = await h.headersFor('admin');
    const older = (await issue(admin, h.world.users.psychologist.id)).body.code as string;
    const newer = (await issue(admin, h.world.users.psychologist.id)).body.code as string;
    expect((await redeem(newTelegramUser(), older)).status).toBe(400);
    expect((await redeem(newTelegramUser(), newer)).status).toBe(200);
  });

  it('refuses a teacher issuing for a colleague, and creates nothing', async () => {
    const target = h.world.users.teacherOfOtherClass.id;
    const before = await staffCodes(target);
    const res = await issue(await h.headersFor('teacherOfClass'), target);
    expect(res.status).toBe(403);
    expect(await staffCodes(target)).toBe(before);
  });

  it('refuses a code for someone who is not staff (a parent), with a localized reason', async () => {
    const res = await issue(await h.headersFor('admin'), h.world.users.parentA.id, 'ru');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).detail).toBe('Этот пользователь не сотрудник школы.');
    expect(await staffCodes(h.world.users.parentA.id)).toBe(0);
  });

  it('refuses through the bot, even for a linked teacher asking for themselves', async () => {
    const teacher = h.world.users.deputy;
    const first = await issue(await h.headersFor('admin'), teacher.id);
    const tg = newTelegramUser();
    expect((await redeem(tg, first.body.code)).status).toBe(200);
    const before = await staffCodes(teacher.id);
    const res = await request(h.app)
      .post(`/api/v1/staff/${teacher.id}/link-code`)
      .set(bot(tg))
      .set('accept-language', 'ky')
      .send();
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).detail).toMatch(/сайтта/);
    const parent = await request(h.app)
      .post(`/api/v1/staff/${teacher.id}/link-code`)
      .set(bot(TG.parentA))
      .send();
    expect(parent.status).toBe(403);
    expect(await staffCodes(teacher.id)).toBe(before);
  });

  it('refuses anonymous callers and another school’s administration', async () => {
    const target = h.world.users.teacherOfClass.id;
    expect((await request(h.app).post(`/api/v1/staff/${target}/link-code`).send()).status).toBe(
      401,
    );
    const db = h.db.prisma;
    const otherSchool = await db.school.create({
      data: { districtId: h.world.district.id, code: `o-${Date.now()}`, name: 'Башка мектеп' },
    });
    const foreignAdmin = await db.user.create({
      data: {
        schoolId: otherSchool.id,
        login: `foreign-admin-${Date.now()}`,
        passwordHash: (await db.user.findUniqueOrThrow({ where: { id: h.world.users.admin.id } }))
          .passwordHash,
        lastName: 'Башка',
        firstName: 'Админ',
      },
    });
    await db.staffRole.create({
      data: { userId: foreignAdmin.id, schoolId: otherSchool.id, role: 'ADMIN' },
    });
    const login = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ login: foreignAdmin.login, password: 'correct-horse-42' });
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const before = await staffCodes(target);
    // Another school's staff member is answered like a missing user (existence not revealed).
    expect((await issue({ cookie }, target)).status).toBe(404);
    expect(await staffCodes(target)).toBe(before);
  });

  it('a code of someone who is no longer staff does not link', async () => {
    const db = h.db.prisma;
    const leaver = await db.user.create({
      data: {
        schoolId: h.world.school.id,
        login: `leaver-${Date.now()}`,
        lastName: 'Кетти',
        firstName: 'Мугалим',
      },
    });
    await db.staffRole.create({
      data: { userId: leaver.id, schoolId: h.world.school.id, role: 'TEACHER' },
    });
    const res = await issue(await h.headersFor('admin'), leaver.id);
    expect(res.status).toBe(201);
    await db.staffRole.deleteMany({ where: { userId: leaver.id } });
    const tg = newTelegramUser();
    const redeemed = await redeem(tg, res.body.code);
    expect(redeemed.status).toBe(400);
    expect(JSON.parse(redeemed.text).errors[0].code).toBe('linkCodeInvalid');
    expect(await db.telegramLink.count({ where: { telegramUserId: tg } })).toBe(0);
  });
});

describe('a guardian who is also staff', () => {
  it('their parent code grants the child only in a Telegram account linked by their staff code', async () => {
    const db = h.db.prisma;
    const teacher = h.world.users.teacherOfOtherClass;
    const child = await db.pupil.create({
      data: {
        schoolId: h.world.school.id,
        classGroupId: h.world.classA.id,
        lastName: 'Other',
        firstName: 'Бала',
      },
    });
    await db.guardian.create({
      data: { userId: teacher.id, pupilId: child.id, relation: 'father', grantedAt: null },
    });
    const [code] = await parentCodes(await h.headersFor('classTeacher'), h.world.classA.id, [
      child.id,
    ]);
    expect(code?.guardian).toMatchObject({ userId: teacher.id, staffAccount: true });

    // Whoever holds the slip alone gets nothing: no staff rights leave the school in a schoolbag.
    const stranger = newTelegramUser();
    const refused = await redeem(stranger, code!.code, 'en');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0]).toMatchObject({
      code: 'linkCodeStaffLinkFirst',
      message: expect.stringMatching(/staff code/),
    });
    expect(await db.telegramLink.count({ where: { telegramUserId: stranger } })).toBe(0);
    const unused = await db.linkCode.findUniqueOrThrow({
      where: { codeHash: hashLinkCode(code!.code) },
    });
    expect(unused.usedAt).toBeNull();

    // The teacher links their own Telegram with a staff code, then the parent code grants the child.
    const tg = newTelegramUser();
    const staffCode = await request(h.app)
      .post(`/api/v1/staff/${teacher.id}/link-code`)
      .set(await h.headersFor('teacherOfOtherClass'))
      .send();
    expect((await redeem(tg, staffCode.body.code)).status).toBe(200);
    expect(await canRead(tg, child.id)).toBe(403);
    expect((await redeem(tg, code!.code)).status).toBe(200);
    expect(await canRead(tg, child.id)).toBe(200);
  });
});

describe('choosing whose parent codes to print', () => {
  it('reprints one guardian’s slip only, and refuses guardians who are not of the class', async () => {
    const db = h.db.prisma;
    const pupil = await db.pupil.create({
      data: {
        schoolId: h.world.school.id,
        classGroupId: h.world.classA.id,
        lastName: 'Эргешова',
        firstName: 'Наркыз',
      },
    });
    const users = [];
    for (const [firstName, relation] of [
      ['Салтанат', 'mother'],
      ['Бектур', 'father'],
    ] as const) {
      const user = await db.user.create({
        data: { schoolId: h.world.school.id, lastName: 'Эргешова', firstName },
      });
      await db.guardian.create({
        data: { userId: user.id, pupilId: pupil.id, relation, grantedAt: null },
      });
      users.push(user);
    }
    const headers = await h.headersFor('classTeacher');
    const one = await request(h.app)
      .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
      .set(headers)
      .send({ role: 'PARENT', pupilIds: [pupil.id], guardianUserIds: [users[1]!.id] });
    expect(one.status, one.text).toBe(201);
    expect(one.body.codes.map((c: IssuedCode) => c.guardian?.userId)).toEqual([users[1]!.id]);

    const before = await db.linkCode.count();
    const stranger = await request(h.app)
      .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
      .set(headers)
      .set('accept-language', 'ru')
      .send({ role: 'PARENT', guardianUserIds: [h.world.users.parentB.id] });
    expect(stranger.status).toBe(400);
    expect(JSON.parse(stranger.text).errors[0]).toMatchObject({
      path: 'guardianUserIds.0',
      code: 'guardianNotInClass',
      message: 'Этот человек не записан родителем ни одного выбранного ученика этого класса.',
    });
    const pupilCodes = await request(h.app)
      .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
      .set(headers)
      .send({ role: 'PUPIL', guardianUserIds: [users[0]!.id] });
    expect(pupilCodes.status).toBe(400);
    expect(JSON.parse(pupilCodes.text).errors[0].code).toBe('guardiansOnlyForParentCodes');
    const staffRole = await request(h.app)
      .post(`/api/v1/classes/${h.world.classA.id}/link-codes`)
      .set(headers)
      .send({ role: 'STAFF' });
    expect(staffRole.status).toBe(400);
    expect(await db.linkCode.count()).toBe(before);
  });

  it('a parent code that names no guardian (printed before per-guardian codes) links nothing', async () => {
    const code = 'QW3RTY7Z';
    await h.db.prisma.linkCode.create({
      data: {
        schoolId: h.world.school.id,
        codeHash: hashLinkCode(code),
        pupilId: h.world.pupilA2.id,
        role: 'PARENT',
        createdById: h.world.users.classTeacher.id,
        expiresAt: new Date('2026-10-20T00:00:00Z'),
      },
    });
    const users = await h.db.prisma.user.count();
    const tg = newTelegramUser();
    const res = await redeem(tg, code);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].code).toBe('linkCodeInvalid');
    expect(await h.db.prisma.user.count()).toBe(users);
    expect(await h.db.prisma.telegramLink.count({ where: { telegramUserId: tg } })).toBe(0);
  });
});
