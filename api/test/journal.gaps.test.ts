import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
const ids = { noTopic: 0, complete: 0, future: 0, early: 0 };
beforeAll(async () => {
  h = await createApiHarness();
  const { world } = h;
  const prisma = h.db.prisma;
  const lesson = (date: string, lessonNumber: number, topic: string | null) =>
    prisma.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly(date),
        lessonNumber,
        topic,
      },
    });
  const present = (lessonId: number, date: string) =>
    prisma.attendance.create({
      data: { lessonId, pupilId: world.pupilA.id, date: dateOnly(date), status: 'PRESENT' },
    });

  const noTopic = await lesson('2026-10-12', 1, null);
  await present(noTopic.id, '2026-10-12');
  const complete = await lesson('2026-10-13', 1, 'Бөлчөктөр');
  await present(complete.id, '2026-10-13');
  const future = await lesson('2026-10-20', 1, null);
  const early = await lesson('2026-09-05', 1, null);
  Object.assign(ids, {
    noTopic: noTopic.id,
    complete: complete.id,
    future: future.id,
    early: early.id,
  });
});
afterAll(() => h.close());

const gaps = async (role: Role, query: Record<string, string | number>) =>
  request(h.app)
    .get('/api/v1/journal/gaps')
    .query(query)
    .set(await h.headersFor(role));

describe('journal.listJournalGaps (GET /journal/gaps)', () => {
  it('lists the lessons up to today that lack a topic or attendance, with class, subject and teacher', async () => {
    const res = await gaps('deputy', { from: '2026-10-01', to: '2026-10-31' });
    expect(res.status).toBe(200);
    const rows = res.body.lessons.map(
      (l: { lessonId: number; missingTopic: boolean; missingAttendance: boolean }) => [
        l.lessonId,
        l.missingTopic,
        l.missingAttendance,
      ],
    );
    expect(rows).toEqual([
      [ids.noTopic, true, false],
      [h.world.lessonA.id, false, true],
      [h.world.lessonB.id, false, true],
    ]);
    expect(res.body.lessons[1]).toMatchObject({
      date: '2026-10-14',
      classGroup: { id: h.world.classA.id, name: '5-А' },
      subject: { id: h.world.math.id },
      teacher: { id: h.world.users.teacherOfClass.id, firstName: 'Бакыт' },
    });
    expect(res.body.lessons[2].classGroup.name).toBe('6-Б');
    expect(res.body.totals).toEqual({ lessons: 3, missingTopic: 1, missingAttendance: 2 });
  });

  it('narrows to one class and to the period', async () => {
    const res = await gaps('admin', {
      classGroupId: h.world.classA.id,
      from: '2026-09-01',
      to: '2026-10-14',
    });
    expect(res.body.lessons.map((l: { lessonId: number }) => l.lessonId)).toEqual([
      ids.early,
      ids.noTopic,
      h.world.lessonA.id,
    ]);
  });

  it('answers 400 for a reversed or overlong period and a class of another school', async () => {
    expect((await gaps('admin', { from: '2026-10-31', to: '2026-10-01' })).status).toBe(400);
    const long = await gaps('admin', { from: '2025-01-01', to: '2026-10-01' });
    expect(JSON.parse(long.text).errors[0]).toMatchObject({ code: 'rangeTooLong' });
    const mismatch = await gaps('admin', {
      schoolId: 999999,
      classGroupId: h.world.classA.id,
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(JSON.parse(mismatch.text).errors[0]).toMatchObject({
      path: 'classGroupId',
      code: 'classNotInSchool',
    });
    const missing = await gaps('admin', { from: '2026-10-01' });
    expect(JSON.parse(missing.text).errors[0]).toMatchObject({
      path: 'to',
      message: 'Бул талаа толтурулушу керек.',
    });
  });

  it('is for the administration only', async () => {
    for (const role of [
      'teacherOfClass',
      'classTeacher',
      'psychologist',
      'parentA',
      'pupilA',
    ] as const) {
      expect((await gaps(role, { from: '2026-10-01', to: '2026-10-31' })).status, role).toBe(403);
      expect(
        (
          await gaps(role, {
            classGroupId: h.world.classA.id,
            from: '2026-10-01',
            to: '2026-10-31',
          })
        ).status,
        role,
      ).toBe(403);
    }
    expect((await gaps('anonymous', { from: '2026-10-01', to: '2026-10-31' })).status).toBe(401);
  });
});
