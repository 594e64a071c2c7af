import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';
import { addBells, addSlot } from './diary-factories.ts';

let h: ApiHarness;
/** 5-Б: a second first-shift class where Бакыт (teacherOfClass) also teaches. */
let class5B = { id: 0 };
let otherSchoolSubjectId = 0;

/*
 * 5-А (shift 1): Thu 1 Математика (Бакыт), 2 Кыргыз тили (Гүлнара), 3 Математика; Fri 1 Кыргыз тили;
 *   Sat 5 Математика.
 * 5-Б (shift 1): Wed 2 and Thu 1 Математика (Бакыт).  6-Б (shift 2): Thu 1 Математика (Өмүр).
 * Thursday 15 October: Гүлнара is absent at lesson 2 of 5-А, Өмүр covers.
 */
beforeAll(async () => {
  h = await createApiHarness();
  const { prisma } = h.db;
  const w = h.world;
  const { teacherOfClass, classTeacher, teacherOfOtherClass } = w.users;
  await addBells(prisma, w.school.id);
  class5B = await prisma.classGroup.create({
    data: {
      schoolId: w.school.id,
      yearId: w.year.id,
      gradeLevelId: w.grade5.id,
      letter: 'Б',
      shift: 1,
    },
  });
  const math = { subjectId: w.math.id, teacherId: teacherOfClass.id, room: '21' };
  await addSlot(prisma, { classGroupId: w.classA.id, weekday: 4, lessonNumber: 1, ...math });
  await addSlot(prisma, {
    classGroupId: w.classA.id,
    weekday: 4,
    lessonNumber: 2,
    subjectId: w.kyrgyz.id,
    teacherId: classTeacher.id,
    room: '12',
  });
  await addSlot(prisma, { classGroupId: w.classA.id, weekday: 4, lessonNumber: 3, ...math });
  await addSlot(prisma, {
    classGroupId: w.classA.id,
    weekday: 5,
    lessonNumber: 1,
    subjectId: w.kyrgyz.id,
    teacherId: classTeacher.id,
  });
  await addSlot(prisma, { classGroupId: w.classA.id, weekday: 6, lessonNumber: 5, ...math });
  await addSlot(prisma, { classGroupId: class5B.id, weekday: 3, lessonNumber: 2, ...math });
  await addSlot(prisma, { classGroupId: class5B.id, weekday: 4, lessonNumber: 1, ...math });
  await addSlot(prisma, {
    classGroupId: w.classB.id,
    weekday: 4,
    lessonNumber: 1,
    subjectId: w.math.id,
    teacherId: teacherOfOtherClass.id,
    room: '30',
  });
  await prisma.substitution.create({
    data: {
      classGroupId: w.classA.id,
      date: dateOnly('2026-10-15'),
      lessonNumber: 2,
      subjectId: w.kyrgyz.id,
      absentTeacherId: classTeacher.id,
      substituteTeacherId: teacherOfOtherClass.id,
      reason: 'Ооруп калды',
      createdById: w.users.deputy.id,
    },
  });
  const otherSchool = await prisma.school.create({
    data: { districtId: w.district.id, code: 'other-school', name: 'Башка мектеп' },
  });
  otherSchoolSubjectId = (
    await prisma.subject.create({
      data: { schoolId: otherSchool.id, code: 'MATH', nameKy: 'Математика', nameRu: 'Математика' },
    })
  ).id;
});
afterAll(() => h.close());

const call = async (
  method: 'get' | 'post' | 'put' | 'delete',
  role: Role,
  url: string,
  payload?: object,
  lang = 'ky',
) => {
  const req = request(h.app)
    [method](`/api/v1${url}`)
    .set(await h.headersFor(role))
    .set('accept-language', lang);
  if (payload === undefined) return req;
  return method === 'get' ? req.query(payload as Record<string, string>) : req.send(payload);
};

const counts = async () => ({
  substitutions: await h.db.prisma.substitution.count(),
  slots: await h.db.prisma.timetableSlot.count(),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
});

const lastEvent = () => h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
const lastAudit = () => h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });

describe('timetable.getClassTimetable (GET /classes/:classGroupId/timetable)', () => {
  it('gives the Monday–Saturday week with bells and the substitution applied', async () => {
    const res = await call('get', 'parentA', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-10-14',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      classGroup: { name: '5-А', shift: 1 },
      weekStart: '2026-10-12',
      weekEnd: '2026-10-17',
    });
    expect(res.body.days.map((d: { weekday: number }) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6]);
    const thursday = res.body.days[3];
    expect(
      thursday.lessons.map((l: { lessonNumber: number; subject: { nameKy: string } }) => [
        l.lessonNumber,
        l.subject.nameKy,
      ]),
    ).toEqual([
      [1, 'Математика'],
      [2, 'Кыргыз тили'],
      [3, 'Математика'],
    ]);
    expect(thursday.lessons[0]).toMatchObject({
      startsAt: '08:00',
      endsAt: '08:45',
      room: '21',
      teacher: { firstName: 'Бакыт' },
      isSubstitution: false,
    });
    expect(thursday.lessons[1]).toMatchObject({
      isSubstitution: true,
      teacher: { firstName: 'Өмүр' },
      room: '12',
      substitution: {
        absentTeacher: { firstName: 'Гүлнара' },
        substituteTeacher: { firstName: 'Өмүр' },
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('Ооруп');
  });

  it('shows a week of holidays without lessons', async () => {
    const res = await call('get', 'pupilA', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-11-04',
    });
    expect(res.status).toBe(200);
    expect(
      res.body.days.every(
        (d: { isSchoolDay: boolean; lessons: unknown[] }) =>
          !d.isSchoolDay && d.lessons.length === 0,
      ),
    ).toBe(true);
  });

  it("lets the class's pupils, parents and teachers read it, and refuses others", async () => {
    const url = `/classes/${h.world.classA.id}/timetable`;
    for (const role of ['pupilA', 'parentA', 'classTeacher', 'teacherOfClass', 'deputy'] as const) {
      expect((await call('get', role, url)).status, role).toBe(200);
    }
    for (const role of ['parentB', 'teacherOfOtherClass'] as const) {
      expect((await call('get', role, url)).status, role).toBe(403);
    }
    expect((await call('get', 'anonymous', url)).status).toBe(401);
    expect((await call('get', 'admin', '/classes/999999/timetable')).status).toBe(404);
  });

  it('answers 400 for an invalid date', async () => {
    const res = await call('get', 'parentA', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-02-29',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'date', code: 'invalidDate' });
  });
});

describe('timetable.getTeacherTimetable (GET /teachers/:teacherId/timetable)', () => {
  it('shows a teacher their own lessons and the lessons they cover, first shift first', async () => {
    const res = await call(
      'get',
      'teacherOfOtherClass',
      `/teachers/${h.world.users.teacherOfOtherClass.id}/timetable`,
      { date: '2026-10-15' },
    );
    expect(res.status).toBe(200);
    const thursday = res.body.days[3];
    expect(thursday.lessons).toEqual([
      expect.objectContaining({
        lessonNumber: 2,
        shift: 1,
        startsAt: '08:55',
        classGroup: { id: h.world.classA.id, name: '5-А' },
        subject: expect.objectContaining({ nameKy: 'Кыргыз тили' }),
        isSubstitution: true,
        absentTeacher: expect.objectContaining({ firstName: 'Гүлнара' }),
      }),
      expect.objectContaining({
        lessonNumber: 1,
        shift: 2,
        startsAt: '13:30',
        classGroup: { id: h.world.classB.id, name: '6-Б' },
        isSubstitution: false,
        coveredBy: null,
      }),
    ]);
  });

  it('marks an absent teacher\u2019s lesson with who covers it', async () => {
    const res = await call(
      'get',
      'classTeacher',
      `/teachers/${h.world.users.classTeacher.id}/timetable`,
      { date: '2026-10-15' },
    );
    expect(res.status).toBe(200);
    expect(res.body.days[3].lessons).toEqual([
      expect.objectContaining({
        lessonNumber: 2,
        coveredBy: expect.objectContaining({ firstName: 'Өмүр' }),
      }),
    ]);
  });

  it('is for the teacher and the administration only', async () => {
    const url = `/teachers/${h.world.users.teacherOfClass.id}/timetable`;
    for (const role of ['teacherOfClass', 'admin', 'deputy'] as const)
      expect((await call('get', role, url)).status, role).toBe(200);
    for (const role of [
      'teacherOfOtherClass',
      'classTeacher',
      'parentA',
      'pupilA',
      'psychologist',
    ] as const) {
      expect((await call('get', role, url)).status, role).toBe(403);
    }
  });

  it('answers 404 for someone who is not staff', async () => {
    expect(
      (await call('get', 'admin', `/teachers/${h.world.users.parentA.id}/timetable`)).status,
    ).toBe(404);
  });
});

describe('timetable.upsertTimetableSlot (PUT /classes/:classGroupId/timetable/slots)', () => {
  const url = () => `/classes/${h.world.classA.id}/timetable/slots`;
  const kyrgyzAt3 = () => ({
    weekday: 4,
    lessonNumber: 3,
    subjectId: h.world.kyrgyz.id,
    teacherId: h.world.users.classTeacher.id,
    room: 'Каз. 12',
    validFrom: '2026-10-15',
  });

  it('changes a lesson from a day on, keeps past weeks, and writes audit and event together', async () => {
    const before = await counts();
    const res = await call('put', 'deputy', url(), kyrgyzAt3());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      weekday: 4,
      lessonNumber: 3,
      subjectId: h.world.kyrgyz.id,
      room: 'Каз. 12',
      validFrom: '2026-10-15',
      validTo: null,
    });
    expect(await counts()).toEqual({
      ...before,
      slots: before.slots + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const ended = await h.db.prisma.timetableSlot.findFirstOrThrow({
      where: {
        classGroupId: h.world.classA.id,
        weekday: 4,
        lessonNumber: 3,
        subjectId: h.world.math.id,
      },
    });
    expect(ended.validTo?.toISOString().slice(0, 10)).toBe('2026-10-14');
    expect(await lastEvent()).toMatchObject({
      type: 'timetable.changed',
      payload: { classGroupId: h.world.classA.id },
    });
    expect(await lastAudit()).toMatchObject({
      action: 'timetable.slot.create',
      entity: 'timetable_slot',
      entityId: String(res.body.id),
    });

    const thisWeek = await call('get', 'parentA', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-10-15',
    });
    expect(thisWeek.body.days[3].lessons[2]).toMatchObject({
      subject: { nameKy: 'Кыргыз тили' },
      room: 'Каз. 12',
    });
    const lastWeek = await call('get', 'parentA', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-10-08',
    });
    expect(lastWeek.body.days[3].lessons[2]).toMatchObject({ subject: { nameKy: 'Математика' } });
  });

  it('changes a slot starting the same day in place', async () => {
    const before = await counts();
    const res = await call('put', 'admin', url(), { ...kyrgyzAt3(), room: '14' });
    expect(res.status).toBe(200);
    expect(res.body.room).toBe('14');
    expect(await counts()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
  });

  it('splits a whole-class lesson into subgroup lessons from a day on', async () => {
    const { prisma } = h.db;
    const english = await prisma.subject.create({
      data: {
        schoolId: h.world.school.id,
        code: 'ENG',
        nameKy: 'Англис тили',
        nameRu: 'Английский язык',
      },
    });
    const [group1, group2] = await Promise.all(
      ['1-топ', '2-топ'].map((name) =>
        prisma.subgroup.create({ data: { classGroupId: h.world.classA.id, name } }),
      ),
    );
    const friday1 = { weekday: 5, lessonNumber: 1, subjectId: english.id, validFrom: '2026-10-19' };
    const first = await call('put', 'deputy', url(), {
      ...friday1,
      subgroupId: group1!.id,
      teacherId: h.world.users.teacherOfClass.id,
      room: '31',
    });
    expect(first.status).toBe(200);
    const second = await call('put', 'deputy', url(), {
      ...friday1,
      subgroupId: group2!.id,
      teacherId: h.world.users.deputy.id,
      room: '32',
    });
    expect(second.status).toBe(200);
    const wholeClass = await prisma.timetableSlot.findFirstOrThrow({
      where: { classGroupId: h.world.classA.id, weekday: 5, lessonNumber: 1, subgroupId: null },
    });
    expect(wholeClass.validTo?.toISOString().slice(0, 10)).toBe('2026-10-18');
    expect(await prisma.timetableSlot.count({ where: { id: first.body.id } })).toBe(1);

    const week = await call('get', 'classTeacher', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-10-23',
    });
    expect(
      week.body.days[4].lessons.map((l: { subgroup: { name: string }; room: string }) => [
        l.subgroup.name,
        l.room,
      ]),
    ).toEqual([
      ['1-топ', '31'],
      ['2-топ', '32'],
    ]);
    const before = await call('get', 'classTeacher', `/classes/${h.world.classA.id}/timetable`, {
      date: '2026-10-16',
    });
    expect(before.body.days[4].lessons[0]).toMatchObject({
      subgroup: null,
      subject: { nameKy: 'Кыргыз тили' },
    });
  });

  it('refuses a subgroup of another class', async () => {
    const other = await h.db.prisma.subgroup.create({
      data: { classGroupId: class5B.id, name: '1-топ' },
    });
    const before = await counts();
    const res = await call('put', 'deputy', url(), { ...kyrgyzAt3(), subgroupId: other.id });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'subgroupId', code: 'subgroupNotInClass' });
    expect(await counts()).toEqual(before);
  });

  it('ends a new slot where a change already planned for later begins', async () => {
    const friday2 = { weekday: 5, lessonNumber: 2, teacherId: h.world.users.teacherOfClass.id };
    const later = await call('put', 'deputy', url(), {
      ...friday2,
      subjectId: h.world.math.id,
      validFrom: '2026-11-09',
    });
    expect(later.body).toMatchObject({ validFrom: '2026-11-09', validTo: null });
    const sooner = await call('put', 'deputy', url(), {
      ...friday2,
      subjectId: h.world.kyrgyz.id,
      validFrom: '2026-10-16',
    });
    expect(sooner.status).toBe(200);
    expect(sooner.body).toMatchObject({ validFrom: '2026-10-16', validTo: '2026-11-08' });
  });

  describe('when the input is wrong', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['a Sunday', { weekday: 7 }, 'weekday', 'tooBig'],
      ['lesson 9', { lessonNumber: 9 }, 'lessonNumber', 'tooBig'],
      ['a date after the school year', { validFrom: '2027-06-01' }, 'validFrom', 'dateOutsideYear'],
      ['an impossible date', { validFrom: '2026-09-31' }, 'validFrom', 'invalidDate'],
      ['a parent as teacher', { teacherId: 0 }, 'teacherId', 'notStaffOfSchool'],
      ["another school's subject", { subjectId: -1 }, 'subjectId', 'unknownSubject'],
      [
        'a teacher busy in 5-Б at that hour',
        { weekday: 3, lessonNumber: 2, subjectId: 0, teacherId: -2 },
        'teacherId',
        'teacherBusy',
      ],
      ['an unknown field', { colour: 'red' }, '', 'unknownField'],
    ];
    for (const [name, change, path, code] of cases) {
      it(`answers 400 (${code}) for ${name} and changes nothing`, async () => {
        const body: Record<string, unknown> = { ...kyrgyzAt3(), ...change };
        if (body.teacherId === 0) body.teacherId = h.world.users.parentA.id;
        if (body.teacherId === -2) body.teacherId = h.world.users.teacherOfClass.id;
        if (body.subjectId === -1) body.subjectId = otherSchoolSubjectId;
        if (body.subjectId === 0) body.subjectId = h.world.math.id;
        const before = await counts();
        const res = await call('put', 'deputy', url(), body);
        expect(res.status).toBe(400);
        expect(res.body.errors).toContainEqual(expect.objectContaining({ path, code }));
        expect(res.body.errors[0].message).not.toBe('Маани туура эмес.');
        expect(await counts()).toEqual(before);
      });
    }

    it('reports every problem at once, in the language asked for', async () => {
      const res = await call(
        'put',
        'deputy',
        url(),
        { ...kyrgyzAt3(), validFrom: '2027-06-01', teacherId: h.world.users.parentA.id },
        'ru',
      );
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual([
        'Эта дата вне учебного года.',
        'Этот человек не работает в этой школе.',
      ]);
    });
  });

  it('refuses a teacher and changes nothing', async () => {
    const before = await counts();
    const res = await call('put', 'teacherOfClass', url(), kyrgyzAt3());
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('timetable.recordSubstitution (POST /substitutions)', () => {
  const friday = () => ({
    classGroupId: h.world.classA.id,
    date: '2026-10-16',
    lessonNumber: 1,
    subjectId: h.world.kyrgyz.id,
    absentTeacherId: h.world.users.classTeacher.id,
    substituteTeacherId: h.world.users.teacherOfOtherClass.id,
    reason: 'Курска кетти',
  });

  it('records the substitution with its audit entry and outbox event', async () => {
    const before = await counts();
    const res = await call('post', 'admin', '/substitutions', friday());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ...friday(),
      room: null,
      createdById: h.world.users.admin.id,
    });
    expect(await counts()).toEqual({
      ...before,
      substitutions: before.substitutions + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    expect(await lastEvent()).toMatchObject({
      type: 'substitution.recorded',
      payload: { substitutionId: res.body.id, classGroupId: h.world.classA.id },
      schoolId: h.world.school.id,
    });
    expect(await lastAudit()).toMatchObject({
      action: 'substitution.create',
      reason: 'Курска кетти',
    });

    const diary = await call('get', 'parentA', `/pupils/${h.world.pupilA.id}/diary/day`, {
      date: '2026-10-16',
    });
    expect(diary.body.lessons[0]).toMatchObject({
      isSubstitution: true,
      teacher: { firstName: 'Өмүр' },
      subject: { nameKy: 'Кыргыз тили' },
    });
  });

  it('changes the same class, date and lesson number when posted again', async () => {
    const first = await h.db.prisma.substitution.findFirstOrThrow({
      where: { classGroupId: h.world.classA.id, date: dateOnly('2026-10-16') },
    });
    const before = await counts();
    const res = await call('post', 'deputy', '/substitutions', { ...friday(), room: '3' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first.id, room: '3' });
    expect(await counts()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    expect(await lastAudit()).toMatchObject({
      action: 'substitution.change',
      before: expect.objectContaining({ room: null }),
    });

    const again = await call('post', 'deputy', '/substitutions', { ...friday(), room: '3' });
    expect(again.status).toBe(200);
    expect(await counts()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
  });

  it('lets a second-shift teacher cover a first-shift lesson with the same number', async () => {
    const res = await call('post', 'deputy', '/substitutions', {
      ...friday(),
      date: '2026-10-15',
      lessonNumber: 1,
      subjectId: h.world.math.id,
      absentTeacherId: h.world.users.teacherOfClass.id,
    });
    expect(res.status).toBe(201);
  });

  describe('when the input is wrong', () => {
    const cases: [string, Record<string, unknown>, string, string, string][] = [
      ['a Sunday', { date: '2026-10-18' }, 'date', 'notSchoolDay', 'Жекшемби окуу күнү эмес.'],
      [
        'a holiday',
        { date: '2026-11-04' },
        'date',
        'dateOutsideTerm',
        'Бул күн окуу чейрегинин чегинен тышкары.',
      ],
      [
        'an impossible date',
        { date: '2026-02-30' },
        'date',
        'invalidDate',
        'Күн ЖЖЖЖ-АА-КК түрүндө болушу керек.',
      ],
      ['lesson 9', { lessonNumber: 9 }, 'lessonNumber', 'tooBig', 'Өтө чоң (эң көп 8).'],
      [
        'a parent as substitute',
        { substituteTeacherId: 0 },
        'substituteTeacherId',
        'notStaffOfSchool',
        'Бул адам бул мектептин кызматкери эмес.',
      ],
      [
        'the absent teacher as substitute',
        { substituteTeacherId: -1 },
        'substituteTeacherId',
        'sameTeacher',
        'Алмаштыруучу мугалим сабакка келбеген мугалимдин өзү боло албайт.',
      ],
      [
        'a substitute who teaches 5-А at that hour',
        { classGroupId: -5, date: '2026-10-17', lessonNumber: 5, substituteTeacherId: -2 },
        'substituteTeacherId',
        'substituteBusy',
        'Бул мугалимдин ошол саатта башка класста сабагы бар.',
      ],
      [
        'a very long reason',
        { reason: 'ы'.repeat(201) },
        'reason',
        'tooLong',
        'Өтө узун (эң көп 200 белги).',
      ],
    ];
    for (const [name, change, path, code, message] of cases) {
      it(`answers 400 (${code}) for ${name} in Kyrgyz and writes nothing`, async () => {
        const body: Record<string, unknown> = { ...friday(), date: '2026-10-19', ...change };
        if (body.substituteTeacherId === 0) body.substituteTeacherId = h.world.users.parentA.id;
        if (body.substituteTeacherId === -1) body.substituteTeacherId = body.absentTeacherId;
        if (body.substituteTeacherId === -2)
          body.substituteTeacherId = h.world.users.teacherOfClass.id;
        if (body.classGroupId === -5) body.classGroupId = class5B.id;
        const before = await counts();
        const res = await call('post', 'admin', '/substitutions', body);
        expect(res.status).toBe(400);
        expect(res.body.errors).toContainEqual(expect.objectContaining({ path, code, message }));
        expect(await counts()).toEqual(before);
      });
    }
  });

  it('refuses teachers, parents and pupils and writes nothing', async () => {
    const before = await counts();
    for (const role of [
      'teacherOfClass',
      'classTeacher',
      'parentA',
      'pupilA',
      'psychologist',
    ] as const) {
      expect(
        (await call('post', role, '/substitutions', { ...friday(), date: '2026-10-20' })).status,
        role,
      ).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('answers concurrent posts of one lesson with one row and never a server error', async () => {
    const body = { ...friday(), date: '2026-10-20', lessonNumber: 4 };
    const results = await Promise.all(
      ['1', '2', '3', '4', '5'].map(async (room) =>
        call('post', 'admin', '/substitutions', { ...body, room }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => [200, 201, 409].includes(s)),
      statuses.join(),
    ).toBe(true);
    expect(statuses).toContain(201);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('CONFLICT');
    expect(
      await h.db.prisma.substitution.count({
        where: { classGroupId: h.world.classA.id, date: dateOnly('2026-10-20'), lessonNumber: 4 },
      }),
    ).toBe(1);
  });
});

describe('timetable.listSubstitutions (GET /substitutions)', () => {
  beforeAll(async () => {
    await h.db.prisma.substitution.create({
      data: {
        classGroupId: class5B.id,
        date: dateOnly('2026-10-13'),
        lessonNumber: 3,
        subjectId: h.world.math.id,
        absentTeacherId: h.world.users.teacherOfClass.id,
        substituteTeacherId: h.world.users.deputy.id,
        createdById: h.world.users.admin.id,
      },
    });
  });
  const range = { from: '2026-10-01', to: '2026-10-31' };
  const keys = (body: {
    substitutions: { date: string; lessonNumber: number; classGroup: { name: string } }[];
  }) => body.substitutions.map((x) => `${x.classGroup.name} ${x.date} ${x.lessonNumber}`);

  it('shows the administration the whole log, newest first', async () => {
    const res = await call('get', 'deputy', '/substitutions', range);
    expect(res.status).toBe(200);
    expect(keys(res.body)).toEqual([
      '5-А 2026-10-20 4',
      '5-А 2026-10-16 1',
      '5-А 2026-10-15 1',
      '5-А 2026-10-15 2',
      '5-Б 2026-10-13 3',
    ]);
    expect(res.body.substitutions[3]).toMatchObject({
      reason: 'Ооруп калды',
      absentTeacher: { firstName: 'Гүлнара' },
    });
  });

  it('shows a teacher the substitutions they are part of, and those of the class they lead', async () => {
    expect(keys((await call('get', 'teacherOfClass', '/substitutions', range)).body)).toEqual([
      '5-А 2026-10-15 1',
      '5-Б 2026-10-13 3',
    ]);
    expect(
      keys((await call('get', 'teacherOfOtherClass', '/substitutions', range)).body),
    ).toHaveLength(4);
    expect(keys((await call('get', 'classTeacher', '/substitutions', range)).body)).toEqual([
      '5-А 2026-10-20 4',
      '5-А 2026-10-16 1',
      '5-А 2026-10-15 1',
      '5-А 2026-10-15 2',
    ]);
  });

  it('refuses parents, pupils and the psychologist', async () => {
    for (const role of ['parentA', 'pupilA', 'psychologist'] as const) {
      expect((await call('get', role, '/substitutions', range)).status, role).toBe(403);
    }
  });

  it('answers 400 for a reversed period', async () => {
    const res = await call('get', 'admin', '/substitutions', {
      from: '2026-10-31',
      to: '2026-10-01',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'to', code: 'rangeReversed' });
  });
});

describe('timetable.deleteSubstitution (DELETE /substitutions/:substitutionId)', () => {
  it('refuses a teacher, then lets the deputy cancel it with audit entry and event', async () => {
    const sub = await h.db.prisma.substitution.findFirstOrThrow({
      where: { classGroupId: h.world.classA.id, date: dateOnly('2026-10-20') },
    });
    expect((await call('delete', 'classTeacher', `/substitutions/${sub.id}`)).status).toBe(403);
    expect(await h.db.prisma.substitution.count({ where: { id: sub.id } })).toBe(1);

    const before = await counts();
    const res = await call('delete', 'deputy', `/substitutions/${sub.id}`);
    expect(res.status).toBe(204);
    expect(await counts()).toEqual({
      ...before,
      substitutions: before.substitutions - 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    expect(await lastAudit()).toMatchObject({
      action: 'substitution.delete',
      entityId: String(sub.id),
      before: expect.objectContaining({ lessonNumber: 4 }),
    });
    expect(await lastEvent()).toMatchObject({
      type: 'timetable.changed',
      payload: { classGroupId: h.world.classA.id },
    });

    expect((await call('delete', 'deputy', `/substitutions/${sub.id}`)).status).toBe(404);
  });
});
