import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
let earlyLessonId: number;
beforeAll(async () => {
  h = await createApiHarness();
  const { world, db } = h;
  const prisma = db.prisma;
  await prisma.assessmentScheme.create({
    data: {
      schoolId: world.school.id,
      yearId: world.year.id,
      gradeFrom: 5,
      gradeTo: 9,
      scale: 'FIVE_POINT',
      weights: { CONTROL: 2 },
    },
  });
  // Names whose Kyrgyz order differs from code-point order: ө after о, ң after н, ү after у.
  for (const [lastName, firstName] of [
    ['Үсөнов', 'Бекзат'],
    ['Сапаров', 'Элдияр'],
    ['Саңкибаев', 'Нурсултан'],
    ['Санжаров', 'Айбек'],
    ['Усубалиев', 'Тилек'],
    ['Орозов', 'Мирлан'],
  ] as const) {
    await prisma.pupil.create({
      data: { schoolId: world.school.id, classGroupId: world.classA.id, lastName, firstName },
    });
  }
  const lesson = (date: string, lessonNumber: number, subjectId = world.math.id) =>
    prisma.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly(date),
        lessonNumber,
        topic: 'Тема',
      },
    });
  const early = await lesson('2026-10-07', 1);
  earlyLessonId = early.id;
  const secondQuarter = await lesson('2026-11-10', 1);
  const kyrgyz = await lesson('2026-10-14', 4, world.kyrgyz.id);
  const mark = (
    lessonId: number,
    date: string,
    pupilId: number,
    value: number,
    kind: 'ORAL' | 'CONTROL' | 'HOMEWORK',
    deleted = false,
  ) =>
    prisma.mark.create({
      data: {
        lessonId,
        pupilId,
        value,
        kind,
        // Stored as recordMark stores it under this file's scheme (control work weighs 2).
        weight: kind === 'CONTROL' ? 2 : 1,
        subjectId: lessonId === kyrgyz.id ? world.kyrgyz.id : world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly(date),
        ...(deleted ? { deletedAt: new Date(), deleteReason: 'жаңылыш' } : {}),
      },
    });
  await mark(early.id, '2026-10-07', world.pupilA.id, 5, 'CONTROL');
  await mark(world.lessonA.id, '2026-10-14', world.pupilA.id, 3, 'ORAL');
  await mark(world.lessonA.id, '2026-10-14', world.pupilA.id, 2, 'HOMEWORK', true);
  await mark(secondQuarter.id, '2026-11-10', world.pupilA.id, 2, 'ORAL');
  await mark(kyrgyz.id, '2026-10-14', world.pupilA.id, 2, 'ORAL');
  await prisma.attendance.create({
    data: {
      lessonId: world.lessonA.id,
      pupilId: world.pupilA2.id,
      date: dateOnly('2026-10-14'),
      status: 'ABSENT',
    },
  });
  await prisma.attendance.create({
    data: {
      lessonId: world.lessonA.id,
      pupilId: world.pupilA.id,
      date: dateOnly('2026-10-14'),
      status: 'LATE',
      lateMinutes: 5,
    },
  });
});
afterAll(() => h.close());

const journal = async (
  role: Role,
  query: Record<string, string | number>,
  classGroupId = h.world.classA.id,
) =>
  request(h.app)
    .get(`/api/v1/classes/${classGroupId}/journal`)
    .query(query)
    .set(await h.headersFor(role));

const KYRGYZ_ORDER = [
  'Асанов',
  'Орозов',
  'Өмүрбекова',
  'Санжаров',
  'Саңкибаев',
  'Сапаров',
  'Усубалиев',
  'Үсөнов',
];

describe('journal.getClassJournal (GET /classes/:classGroupId/journal)', () => {
  it('lists pupils in Kyrgyz alphabetical order (ң, ө, ү in place)', async () => {
    const res = await journal('teacherOfClass', {
      subjectId: h.world.math.id,
      termId: h.world.terms[0]!.id,
    });
    expect(res.status).toBe(200);
    const names = res.body.pupils.map((p: { lastName: string }) => p.lastName);
    expect(names).toEqual(KYRGYZ_ORDER);
    expect(names).not.toEqual([...names].sort());
  });

  it('shows the lessons of the term as columns and marks and attendance in aligned cells', async () => {
    const res = await journal('classTeacher', {
      subjectId: h.world.math.id,
      termId: h.world.terms[0]!.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.classGroup).toMatchObject({ name: '5-А' });
    expect(res.body.period).toEqual({
      from: '2026-09-01',
      to: '2026-10-31',
      termId: h.world.terms[0]!.id,
    });
    expect(res.body.lessons.map((l: { id: number; date: string }) => [l.id, l.date])).toEqual([
      [earlyLessonId, '2026-10-07'],
      [h.world.lessonA.id, '2026-10-14'],
    ]);
    const [asanov, , omurbekova] = res.body.pupils;
    expect(asanov.cells.map((c: { lessonId: number }) => c.lessonId)).toEqual([
      earlyLessonId,
      h.world.lessonA.id,
    ]);
    expect(asanov.cells[0].marks).toEqual([expect.objectContaining({ value: 5, kind: 'CONTROL' })]);
    // The deleted homework mark is not shown.
    expect(asanov.cells[1].marks).toEqual([expect.objectContaining({ value: 3, kind: 'ORAL' })]);
    expect(asanov.cells[1].attendance).toEqual({ status: 'LATE', lateMinutes: 5, reason: null });
    expect(omurbekova.cells[1]).toMatchObject({ marks: [], attendance: { status: 'ABSENT' } });
    expect(omurbekova.cells[0].attendance).toBeNull();
    expect(res.body.lessons[1].hasAttendance).toBe(true);
  });

  it('averages with the stored weights (control work counts twice)', async () => {
    const res = await journal('admin', {
      subjectId: h.world.math.id,
      termId: h.world.terms[0]!.id,
    });
    const asanov = res.body.pupils[0];
    // (5·2 + 3·1) / 3 = 4.33; unweighted it would be 4.
    expect(asanov).toMatchObject({ average: 4.33, marksCount: 2 });
    expect(res.body.pupils[2]).toMatchObject({ average: null, marksCount: 0 });
  });

  it('takes a date range instead of a term, and today’s quarter when neither is given', async () => {
    const range = await journal('teacherOfClass', {
      subjectId: h.world.math.id,
      from: '2026-10-10',
      to: '2026-11-30',
    });
    expect(range.status).toBe(200);
    expect(range.body.period.termId).toBeNull();
    expect(range.body.lessons.map((l: { date: string }) => l.date)).toEqual([
      '2026-10-14',
      '2026-11-10',
    ]);
    const current = await journal('teacherOfClass', { subjectId: h.world.math.id });
    expect(current.body.period).toMatchObject({ from: '2026-09-01', to: '2026-10-31' });
  });

  it('answers 400 for a reversed, half-given or overlong range and for a subject of no school, 404 for an unknown term', async () => {
    const reversed = await journal('teacherOfClass', {
      subjectId: h.world.math.id,
      from: '2026-10-20',
      to: '2026-10-01',
    });
    expect(reversed.status).toBe(400);
    expect(JSON.parse(reversed.text).errors[0]).toMatchObject({
      code: 'rangeReversed',
      message: 'Акыркы күн баштапкы күндөн эрте боло албайт.',
    });
    const half = await journal('teacherOfClass', {
      subjectId: h.world.math.id,
      from: '2026-10-01',
    });
    expect(JSON.parse(half.text).errors[0]).toMatchObject({ path: 'to', code: 'rangeRequired' });
    const long = await journal('teacherOfClass', {
      subjectId: h.world.math.id,
      from: '2026-01-01',
      to: '2027-06-01',
    });
    expect(JSON.parse(long.text).errors[0]).toMatchObject({
      code: 'rangeTooLong',
      params: { maxDays: 400 },
    });
    expect((await journal('admin', { subjectId: 999999 })).status).toBe(400);
    expect((await journal('admin', { subjectId: h.world.math.id, termId: 999999 })).status).toBe(
      404,
    );
    expect((await journal('admin', { subjectId: h.world.math.id, extra: 1 })).status).toBe(400);
  });

  describe('who may read a page', () => {
    it('admits the subject teacher, the class teacher, administration and psychologist', async () => {
      for (const role of [
        'teacherOfClass',
        'classTeacher',
        'admin',
        'deputy',
        'psychologist',
      ] as const) {
        expect((await journal(role, { subjectId: h.world.math.id })).status, role).toBe(200);
      }
    });

    it('refuses a teacher of another subject of the same class, other classes’ teachers, parents and pupils', async () => {
      expect((await journal('teacherOfClass', { subjectId: h.world.kyrgyz.id })).status).toBe(403);
      expect((await journal('classTeacher', { subjectId: h.world.kyrgyz.id })).status).toBe(200);
      for (const role of ['teacherOfOtherClass', 'parentA', 'pupilA'] as const) {
        expect((await journal(role, { subjectId: h.world.math.id })).status, role).toBe(403);
      }
      expect((await journal('anonymous', { subjectId: h.world.math.id })).status).toBe(401);
    });
  });
});
