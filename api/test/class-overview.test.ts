/** The class teacher's overview (R3, R22): today, marks of the quarter, pupils at risk, Telegram. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  const db = h.db.prisma;
  const w = h.world;
  // Today (15 October): two lessons, attendance taken in the first only.
  const today = dateOnly('2026-10-15');
  const first = await db.lesson.create({
    data: {
      classGroupId: w.classA.id,
      subjectId: w.math.id,
      teacherId: w.users.teacherOfClass.id,
      date: today,
      lessonNumber: 1,
      topic: 'Бөлчөктөрдү салыштыруу',
    },
  });
  await db.lesson.create({
    data: {
      classGroupId: w.classA.id,
      subjectId: w.kyrgyz.id,
      teacherId: w.users.classTeacher.id,
      date: today,
      lessonNumber: 2,
    },
  });
  await db.attendance.createMany({
    data: [
      { lessonId: first.id, pupilId: w.pupilA.id, date: today, status: 'PRESENT' },
      { lessonId: first.id, pupilId: w.pupilA2.id, date: today, status: 'ABSENT' },
    ],
  });
  // Pupil A2: three marks averaging below 3 and ten unexcused absences this quarter.
  for (const [i, value] of [2, 3, 2].entries()) {
    const lesson = await db.lesson.create({
      data: {
        classGroupId: w.classA.id,
        subjectId: w.math.id,
        teacherId: w.users.teacherOfClass.id,
        date: dateOnly(`2026-10-0${i + 5}`),
        lessonNumber: 1,
      },
    });
    await db.mark.create({
      data: {
        lessonId: lesson.id,
        pupilId: w.pupilA2.id,
        subjectId: w.math.id,
        teacherId: w.users.teacherOfClass.id,
        date: lesson.date,
        value,
      },
    });
    await db.mark.create({
      data: {
        lessonId: lesson.id,
        pupilId: w.pupilA.id,
        subjectId: w.math.id,
        teacherId: w.users.teacherOfClass.id,
        date: lesson.date,
        value: 5,
      },
    });
  }
  for (let n = 1; n <= 9; n += 1) {
    const lesson = await db.lesson.create({
      data: {
        classGroupId: w.classA.id,
        subjectId: w.kyrgyz.id,
        teacherId: w.users.classTeacher.id,
        date: dateOnly('2026-10-12'),
        lessonNumber: n,
      },
    });
    await db.attendance.create({
      data: { lessonId: lesson.id, pupilId: w.pupilA2.id, date: lesson.date, status: 'ABSENT' },
    });
  }
});
afterAll(() => h.close());

const overview = async (role: 'classTeacher' | 'teacherOfClass' | 'parentA' | 'admin') =>
  request(h.app)
    .get(`/api/v1/classes/${h.world.classA.id}/overview`)
    .set(await h.headersFor(role));

describe('the class overview (GET /classes/:classGroupId/overview)', () => {
  it("shows today's lessons with attendance, the quarter's marks and who is at risk", async () => {
    const res = await overview('classTeacher');
    expect(res.status, res.text).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ className: '5-А', date: '2026-10-15' });
    expect(body.period).toMatchObject({ termNumber: 1, from: '2026-09-01', to: '2026-10-15' });
    expect(body.today.lessons).toEqual([
      expect.objectContaining({
        lessonNumber: 1,
        attendanceTaken: true,
        present: 1,
        absent: 1,
        hasTopic: true,
      }),
      expect.objectContaining({ lessonNumber: 2, attendanceTaken: false, hasTopic: false }),
    ]);
    expect(body.today.absentPupils).toBe(1);
    expect(body.marks).toEqual({ count: 6, average: 3.67, twos: 2 });
    const [a, a2] = body.pupils;
    expect(a).toMatchObject({ lastName: 'Асанов', marks: { count: 3, average: 5 }, atRisk: [] });
    expect(a2).toMatchObject({
      lastName: 'Өмүрбекова',
      marks: { count: 3, average: 2.33, twos: 2 },
      absences: { unexcused: 10 },
      atRisk: ['lowAverage', 'manyAbsences'],
      today: [{ lessonNumber: 1, status: 'ABSENT' }],
    });
    expect(body.atRisk).toEqual([h.world.pupilA2.id]);
  });

  it('says which families linked Telegram', async () => {
    const body = (await overview('classTeacher')).body;
    expect(body.telegram).toEqual({
      families: 2,
      familiesLinked: 1,
      guardians: 1,
      guardiansLinked: 1,
      pupilsLinked: 1,
    });
    expect(body.pupils[0].telegram).toMatchObject({
      pupil: true,
      familyLinked: true,
      guardians: [
        expect.objectContaining({ lastName: 'Асанова', telegramLinked: true, granted: true }),
      ],
    });
    expect(body.pupils[1].telegram).toMatchObject({
      pupil: false,
      familyLinked: false,
      guardians: [],
    });
  });

  it('is for the class teacher and the administration only', async () => {
    expect((await overview('admin')).status).toBe(200);
    expect((await overview('teacherOfClass')).status).toBe(403);
    expect((await overview('parentA')).status).toBe(403);
  });
});
