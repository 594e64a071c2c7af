import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
let otherYearId = 0;
beforeAll(async () => {
  h = await createApiHarness();
  const other = await h.db.prisma.school.create({
    data: { districtId: h.world.district.id, code: 'other-school', name: 'Башка мектеп' },
  });
  const year = await h.db.prisma.academicYear.create({
    data: {
      schoolId: other.id,
      name: '2026-2027',
      startsOn: dateOnly('2026-09-01'),
      endsOn: dateOnly('2027-05-25'),
    },
  });
  otherYearId = year.id;
});
afterAll(() => h.close());

const problem = (res: { text: string }) => JSON.parse(res.text);

interface PlanItemBody {
  id?: number;
  position: number;
  topic: string;
  hours?: number;
}

const putPlan = async (
  role: Role,
  body: { subjectId?: number; grade?: number; items: PlanItemBody[]; yearId?: number },
  lang = 'ky',
) =>
  request(h.app)
    .put(`/api/v1/schools/${h.world.school.id}/plans`)
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send({ yearId: h.world.year.id, subjectId: h.world.math.id, grade: 5, ...body });

const getPlan = async (role: Role, query: Record<string, string | number> = {}) =>
  request(h.app)
    .get(`/api/v1/schools/${h.world.school.id}/plans`)
    .set(await h.headersFor(role))
    .query({ yearId: h.world.year.id, subjectId: h.world.math.id, grade: 5, ...query });

const getProgress = async (role: Role, subjectId = h.world.math.id) =>
  request(h.app)
    .get(`/api/v1/classes/${h.world.classA.id}/plan-progress`)
    .set(await h.headersFor(role))
    .query({ subjectId });

const mathPlan5 = () =>
  h.db.prisma.planItem.findMany({
    where: { yearId: h.world.year.id, subjectId: h.world.math.id, gradeLevelId: h.world.grade5.id },
    orderBy: { position: 'asc' },
  });

const counts = async () => ({
  items: await h.db.prisma.planItem.count(),
  audit: await h.db.prisma.auditEntry.count(),
});

const MATH_5: PlanItemBody[] = [
  { position: 1, topic: 'Натуралдык сандар жана нөл', hours: 4 },
  { position: 2, topic: 'Жай бөлчөктөр', hours: 6 },
  { position: 3, topic: 'Ондук бөлчөктөр', hours: 5 },
];

describe('school.setPlan', () => {
  it('lets the math teacher of 5-А set the 5th grade math plan, audited', async () => {
    const before = await counts();
    const res = await putPlan('teacherOfClass', { items: MATH_5 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      yearId: h.world.year.id,
      subjectId: h.world.math.id,
      grade: 5,
      hoursTotal: 15,
    });
    expect(res.body.items.map((i: PlanItemBody) => i.topic)).toEqual(MATH_5.map((i) => i.topic));
    expect(await counts()).toEqual({ items: before.items + 3, audit: before.audit + 1 });
    const entry = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ action: 'plan.set', entity: 'plan' });
  });

  describe('when a teacher of another subject or of another parallel tries', () => {
    it('answers 403 and changes nothing', async () => {
      const before = await mathPlan5();
      const kyrgyzTeacher = await putPlan('classTeacher', {
        items: [{ position: 1, topic: 'Башка' }],
      });
      expect(kyrgyzTeacher.status).toBe(403);
      const sixthGrade = await putPlan('teacherOfOtherClass', {
        items: [{ position: 1, topic: 'Башка' }],
      });
      expect(sixthGrade.status).toBe(403);
      const parent = await putPlan('parentA', { items: [] });
      expect(parent.status).toBe(403);
      expect(await mathPlan5()).toEqual(before);
    });
  });

  it('lets each teacher set the plan of what they teach', async () => {
    const kyrgyz = await putPlan('classTeacher', {
      subjectId: h.world.kyrgyz.id,
      items: [{ position: 1, topic: 'Зат атооч', hours: 3 }],
    });
    expect(kyrgyz.status).toBe(200);
    const sixth = await putPlan('teacherOfOtherClass', {
      grade: 6,
      items: [{ position: 1, topic: 'Терс сандар', hours: 8 }],
    });
    expect(sixth.status).toBe(200);
    expect(sixth.body.grade).toBe(6);
  });

  describe('when positions repeat', () => {
    it('answers 400 duplicatePosition and changes nothing', async () => {
      const before = await counts();
      const res = await putPlan('admin', {
        items: [
          { position: 1, topic: 'А' },
          { position: 1, topic: 'Б' },
        ],
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'items.1.position',
        code: 'duplicatePosition',
        message: 'Пландагы 1-номер эки жолу берилген.',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the parallel or the subject does not exist', () => {
    it('answers 400 naming them', async () => {
      const res = await putPlan('deputy', { grade: 9, subjectId: 999_999, items: [] }, 'ru');
      expect(res.status).toBe(400);
      expect(problem(res).errors.map((e: { message: string }) => e.message)).toEqual([
        'Такого предмета в этой школе нет.',
        'В этой школе нет 9-х классов.',
      ]);
    });
  });

  describe('when a lesson took its topic from an item', () => {
    let firstId = 0;
    beforeAll(async () => {
      firstId = (await mathPlan5())[0]?.id ?? 0;
      const patch = await request(h.app)
        .patch(`/api/v1/lessons/${h.world.lessonA.id}`)
        .set(await h.headersFor('teacherOfClass'))
        .send({ planItemId: firstId });
      expect(patch.status).toBe(200);
    });

    it('refuses to remove that item, in Kyrgyz and Russian, and changes nothing', async () => {
      const before = await mathPlan5();
      const audit = await h.db.prisma.auditEntry.count();
      const withoutFirst = MATH_5.slice(1);
      const ky = await putPlan('teacherOfClass', { items: withoutFirst });
      expect(ky.status).toBe(400);
      expect(problem(ky).errors[0]).toMatchObject({
        code: 'planItemInUse',
        message:
          '«Натуралдык сандар жана нөл» (1-тема) 1 сабакта колдонулган, ошондуктан аны өчүрүүгө болбойт — өзгөртүүгө гана болот.',
      });
      const ru = await putPlan('teacherOfClass', { items: withoutFirst }, 'ru');
      expect(problem(ru).errors[0].message).toBe(
        'Тема «Натуралдык сандар жана нөл» (№ 1) уже использована в уроках (1), её нельзя удалить — только изменить.',
      );
      expect(await mathPlan5()).toEqual(before);
      expect(await h.db.prisma.auditEntry.count()).toBe(audit);
    });

    it('updates and renumbers it in place, so the lesson keeps its link', async () => {
      const res = await putPlan('admin', {
        items: [
          { position: 1, topic: 'Кайталоо', hours: 1 },
          { id: firstId, position: 2, topic: 'Натуралдык сандар', hours: 4 },
          { position: 3, topic: 'Жай бөлчөктөр', hours: 6 },
          { position: 4, topic: 'Ондук бөлчөктөр', hours: 5 },
        ],
      });
      expect(res.status).toBe(200);
      const items = await mathPlan5();
      expect(items.map((i) => [i.position, i.topic])).toEqual([
        [1, 'Кайталоо'],
        [2, 'Натуралдык сандар'],
        [3, 'Жай бөлчөктөр'],
        [4, 'Ондук бөлчөктөр'],
      ]);
      expect(items[1]?.id).toBe(firstId);
      const lesson = await h.db.prisma.lesson.findUniqueOrThrow({
        where: { id: h.world.lessonA.id },
      });
      expect(lesson.planItemId).toBe(firstId);
      expect(res.body.items[1]).toMatchObject({ id: firstId, lessonCount: 1 });
    });

    it('keeps the link when a topic is inserted before it without ids', async () => {
      const items = [
        { position: 1, topic: 'Кириш сабак', hours: 1 },
        { position: 2, topic: 'Кайталоо', hours: 1 },
        { position: 3, topic: 'Натуралдык сандар', hours: 4 },
        { position: 4, topic: 'Жай бөлчөктөр', hours: 6 },
        { position: 5, topic: 'Ондук бөлчөктөр', hours: 5 },
      ];
      const res = await putPlan('teacherOfClass', { items });
      expect(res.status).toBe(200);
      const linked = await h.db.prisma.planItem.findUniqueOrThrow({ where: { id: firstId } });
      expect(linked).toMatchObject({ position: 3, topic: 'Натуралдык сандар' });
      // Back to the four topics (the introduction has no lesson, so it may go).
      const back = await putPlan('teacherOfClass', {
        items: items.slice(1).map((i) => ({ ...i, position: i.position - 1 })),
      });
      expect(back.status).toBe(200);
      expect(
        (await h.db.prisma.planItem.findUniqueOrThrow({ where: { id: firstId } })).position,
      ).toBe(2);
    });

    it('refuses an id that is not an item of this plan', async () => {
      const kyrgyzItem = await h.db.prisma.planItem.findFirstOrThrow({
        where: { subjectId: h.world.kyrgyz.id },
      });
      const res = await putPlan('admin', {
        items: [{ id: kyrgyzItem.id, position: 2, topic: 'Зат атооч' }],
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors.map((e: { code: string }) => e.code)).toContain(
        'planItemNotInPlan',
      );
    });
  });
});

describe('school.getPlan', () => {
  it('gives any staff the plan with how many lessons use each item', async () => {
    const res = await getPlan('psychologist');
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((i: { position: number; lessonCount: number }) => [
        i.position,
        i.lessonCount,
      ]),
    ).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 0],
    ]);
    expect(res.body.hoursTotal).toBe(16);
  });

  describe('when a parent asks, or the year is another school’s', () => {
    it('answers 403 and 404', async () => {
      expect((await getPlan('parentA')).status).toBe(403);
      expect((await getPlan('admin', { yearId: otherYearId })).status).toBe(404);
    });
  });

  describe('when the grade is not a number from 1 to 11', () => {
    it('answers 400', async () => {
      const res = await getPlan('admin', { grade: 'five' });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0].path).toBe('grade');
    });
  });
});

describe('school.getPlanProgress', () => {
  beforeAll(async () => {
    const items = await mathPlan5();
    // A lesson planned for next week, with its topic taken already: not covered yet.
    await h.db.prisma.lesson.create({
      data: {
        classGroupId: h.world.classA.id,
        subjectId: h.world.math.id,
        teacherId: h.world.users.teacherOfClass.id,
        date: dateOnly('2026-10-20'),
        lessonNumber: 1,
        planItemId: items[0]?.id ?? null,
      },
    });
    // A lesson given without a plan item.
    await h.db.prisma.lesson.create({
      data: {
        classGroupId: h.world.classA.id,
        subjectId: h.world.math.id,
        teacherId: h.world.users.teacherOfClass.id,
        date: dateOnly('2026-10-13'),
        lessonNumber: 1,
        topic: 'Кайталоо',
      },
    });
  });

  it('counts the items covered by the class’s lessons up to today and names the next topic', async () => {
    const res = await getProgress('classTeacher');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      grade: 5,
      asOf: '2026-10-15',
      itemsTotal: 4,
      itemsCovered: 1,
      hoursPlanned: 16,
      lessonsGiven: 2,
      lessonsWithoutPlanItem: 1,
      nextItem: { position: 1, topic: 'Кайталоо', hours: 1 },
    });
    expect(res.body.items[1]).toMatchObject({
      position: 2,
      isCovered: true,
      lessonsGiven: 1,
      lastLessonOn: '2026-10-14',
    });
    expect(res.body.items[0].isCovered).toBe(false);
  });

  describe('when no plan exists for the subject', () => {
    it('answers an empty progress with no next topic', async () => {
      await h.db.prisma.planItem.deleteMany({ where: { subjectId: h.world.kyrgyz.id } });
      const res = await getProgress('admin', h.world.kyrgyz.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ itemsTotal: 0, itemsCovered: 0, nextItem: null, items: [] });
    });
  });

  describe('when the psychologist or a teacher of another class asks', () => {
    it('answers 403', async () => {
      expect((await getProgress('psychologist')).status).toBe(403);
      expect((await getProgress('teacherOfOtherClass')).status).toBe(403);
      expect((await getProgress('parentA')).status).toBe(403);
    });
  });
});
