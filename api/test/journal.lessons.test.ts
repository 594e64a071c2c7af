import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const counts = async () => ({
  lessons: await h.db.prisma.lesson.count(),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
  attachments: await h.db.prisma.attachment.count(),
  individualHomework: await h.db.prisma.individualHomework.count(),
});

const problem = (res: request.Response) => JSON.parse(res.text);

const postLesson = async (role: Role, body: Record<string, unknown>, lang = 'ky') =>
  request(h.app)
    .post('/api/v1/lessons')
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send({
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      lessonNumber: 1,
      ...body,
    });

const patchLesson = async (role: Role, lessonId: number, body: unknown) =>
  request(h.app)
    .patch(`/api/v1/lessons/${lessonId}`)
    .set(await h.headersFor(role))
    .send(body as object);

describe('journal.recordLesson (POST /lessons)', () => {
  describe('when the teacher posts topic and homework in advance', () => {
    it('creates the lesson with an audit entry and a homework.posted event', async () => {
      const before = await counts();
      const res = await postLesson('teacherOfClass', {
        date: '2026-10-22',
        topic: 'Ондук бөлчөктөрдү кошуу',
        material: 'Окуу китеби, 48-бет',
        homework: '§14, 2-3-көнүгүүлөр',
        homeworkDueOn: '2026-10-26',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        date: '2026-10-22',
        homeworkDueOn: '2026-10-26',
        topic: 'Ондук бөлчөктөрдү кошуу',
        teacherId: h.world.users.teacherOfClass.id,
      });
      expect(await counts()).toEqual({
        ...before,
        lessons: before.lessons + 1,
        audit: before.audit + 1,
        outbox: before.outbox + 1,
      });
      const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(event.type).toBe('homework.posted');
      expect(event.payload).toEqual({ lessonId: res.body.id, classGroupId: h.world.classA.id });
      const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(audit).toMatchObject({
        action: 'lesson.create',
        entity: 'lesson',
        entityId: String(res.body.id),
        actorId: h.world.users.teacherOfClass.id,
      });
    });
  });

  describe('when the lesson of that slot already exists', () => {
    it('updates it in place and announces nothing when the homework did not change', async () => {
      const first = await postLesson('teacherOfClass', {
        date: '2026-10-23',
        lessonNumber: 2,
        homework: '§15',
      });
      const before = await counts();
      const res = await postLesson('teacherOfClass', {
        date: '2026-10-23',
        lessonNumber: 2,
        topic: 'Пропорция',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: first.body.id, topic: 'Пропорция', homework: '§15' });
      expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    });
  });

  describe('when several requests create the same lesson at once', () => {
    it('keeps one lesson and answers each request with success or 409 CONFLICT, never 500', async () => {
      const body = { date: '2026-10-26', lessonNumber: 9, topic: 'Бир убакта' };
      const statuses = await Promise.all(
        Array.from({ length: 6 }, async () => (await postLesson('teacherOfClass', body)).status),
      );
      expect(
        statuses.every((s) => s === 201 || s === 409),
        statuses.join(','),
      ).toBe(true);
      expect(statuses).toContain(201);
      const lessons = await h.db.prisma.lesson.count({
        where: { classGroupId: h.world.classA.id, lessonNumber: 9 },
      });
      expect(lessons).toBe(1);
    });
  });

  describe('when the administration records a lesson', () => {
    it('assigns the lesson to the teacher who carries the subject in the class', async () => {
      const res = await postLesson('deputy', {
        date: '2026-10-21',
        lessonNumber: 4,
        topic: 'Кайталоо',
      });
      expect(res.status).toBe(201);
      expect(res.body.teacherId).toBe(h.world.users.teacherOfClass.id);
    });
  });

  describe('when the date lies outside every quarter', () => {
    it('answers 400 dateOutsideTerm in the user language and writes nothing', async () => {
      const before = await counts();
      const ky = await postLesson(
        'teacherOfClass',
        { date: '2026-11-03', topic: 'Каникулда' },
        'ky',
      );
      expect(ky.status).toBe(400);
      expect(ky.headers['content-type']).toContain('application/problem+json');
      expect(problem(ky).errors).toEqual([
        {
          path: 'date',
          code: 'dateOutsideTerm',
          message: 'Бул күн окуу чейрегинин чегинен тышкары.',
        },
      ]);
      const ru = await postLesson(
        'teacherOfClass',
        { date: '2027-06-15', topic: 'Жайкы каникул' },
        'ru',
      );
      expect(ru.status).toBe(400);
      expect(problem(ru).errors[0].message).toBe('Эта дата вне учебной четверти.');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the topic is longer than 2000 characters', () => {
    it('answers 400 tooLong and writes nothing', async () => {
      const before = await counts();
      const res = await postLesson('teacherOfClass', {
        date: '2026-10-22',
        lessonNumber: 5,
        topic: 'ө'.repeat(2001),
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'topic',
        code: 'tooLong',
        message: 'Өтө узун (эң көп 2000 белги).',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the input has wrong types or unknown fields', () => {
    it('answers 400 naming each field and writes nothing', async () => {
      const before = await counts();
      const res = await postLesson(
        'teacherOfClass',
        { date: '2026-10-22', lessonNumber: 'экинчи', teacherId: 1 },
        'en',
      );
      expect(res.status).toBe(400);
      const errors = problem(res).errors as { path: string; code: string; message: string }[];
      expect(errors.map((e) => e.path).sort()).toEqual(['', 'lessonNumber']);
      expect(errors.find((e) => e.path === '')).toMatchObject({
        code: 'unknownField',
        message: 'Unknown field: teacherId.',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when texts look like HTML or SQL', () => {
    it('stores and returns them verbatim', async () => {
      const nasty = {
        topic: '<script>alert("сабак")</script><img src=x onerror=alert(1)>',
        material: "Robert'); DROP TABLE lesson; --",
        homework: "' OR '1'='1'; DELETE FROM mark WHERE 1=1; -- ${{7*7}} {{constructor}}",
      };
      const created = await postLesson('teacherOfClass', {
        date: '2026-10-27',
        lessonNumber: 6,
        ...nasty,
      });
      expect(created.status).toBe(201);
      const read = await request(h.app)
        .get(`/api/v1/lessons/${created.body.id}`)
        .set(await h.headersFor('teacherOfClass'));
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject(nasty);
      const stored = await h.db.prisma.lesson.findUniqueOrThrow({ where: { id: created.body.id } });
      expect(stored).toMatchObject(nasty);
      expect(await h.db.prisma.lesson.count()).toBeGreaterThan(0);
    });
  });

  describe('when the teacher does not teach this subject in the class', () => {
    it('answers 403 and writes nothing', async () => {
      const before = await counts();
      const res = await postLesson('classTeacher', {
        date: '2026-10-22',
        lessonNumber: 7,
        topic: 'Бөлчөктөр',
      });
      expect(res.status).toBe(403);
      const other = await postLesson('teacherOfOtherClass', {
        date: '2026-10-22',
        lessonNumber: 7,
        topic: 'Бөлчөктөр',
      });
      expect(other.status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a plan item is given', () => {
    it('takes an item of the plan of this subject and parallel, and refuses another subject’s', async () => {
      const plan = (subjectId: number, position: number, topic: string) =>
        h.db.prisma.planItem.create({
          data: {
            schoolId: h.world.school.id,
            yearId: h.world.year.id,
            subjectId,
            gradeLevelId: h.world.grade5.id,
            position,
            topic,
          },
        });
      const mathItem = await plan(h.world.math.id, 1, 'Жай бөлчөктөр');
      const kyrgyzItem = await plan(h.world.kyrgyz.id, 1, 'Зат атооч');
      const ok = await postLesson('teacherOfClass', {
        date: '2026-10-28',
        lessonNumber: 1,
        planItemId: mathItem.id,
      });
      expect(ok.status).toBe(201);
      expect(ok.body.planItemId).toBe(mathItem.id);
      const before = await counts();
      const bad = await postLesson('teacherOfClass', {
        date: '2026-10-28',
        lessonNumber: 2,
        planItemId: kyrgyzItem.id,
      });
      expect(bad.status).toBe(400);
      expect(problem(bad).errors[0]).toMatchObject({
        path: 'planItemId',
        code: 'planItemMismatch',
      });
      expect(await counts()).toEqual(before);
    });

    it("takes the plan item's topic when none is typed, on create and on update, and keeps a typed one", async () => {
      const item = (position: number, topic: string) =>
        h.db.prisma.planItem.create({
          data: {
            schoolId: h.world.school.id,
            yearId: h.world.year.id,
            subjectId: h.world.math.id,
            gradeLevelId: h.world.grade5.id,
            position,
            topic,
          },
        });
      const first = await item(11, 'Аралаш сандар');
      const second = await item(12, 'Пайыздар');
      const created = await postLesson('teacherOfClass', {
        date: '2026-10-29',
        lessonNumber: 1,
        planItemId: first.id,
      });
      expect(created.body).toMatchObject({ planItemId: first.id, topic: 'Аралаш сандар' });
      const typed = await postLesson('teacherOfClass', {
        date: '2026-10-29',
        lessonNumber: 2,
        planItemId: first.id,
        topic: 'Аралаш сандар: кайталоо',
      });
      expect(typed.body.topic).toBe('Аралаш сандар: кайталоо');

      // A lesson recorded without a plan item, then linked: the empty topic is filled.
      const bare = await postLesson('teacherOfClass', { date: '2026-10-29', lessonNumber: 3 });
      expect(bare.body.topic).toBeNull();
      const linked = await patchLesson('teacherOfClass', bare.body.id, { planItemId: second.id });
      expect(linked.body).toMatchObject({ planItemId: second.id, topic: 'Пайыздар' });
      // Relinking keeps the topic now written; clearing it refills from the item.
      const relinked = await patchLesson('teacherOfClass', bare.body.id, { planItemId: first.id });
      expect(relinked.body.topic).toBe('Пайыздар');
      const cleared = await patchLesson('teacherOfClass', bare.body.id, { topic: null });
      expect(cleared.body.topic).toBe('Аралаш сандар');
      const stored = await h.db.prisma.lesson.findUniqueOrThrow({ where: { id: bare.body.id } });
      expect(stored.topic).toBe('Аралаш сандар');
    });
  });

  describe('when homework is due before the lesson', () => {
    it('answers 400 homeworkDueBeforeLesson', async () => {
      const res = await postLesson('teacherOfClass', {
        date: '2026-10-22',
        lessonNumber: 8,
        homework: '§1',
        homeworkDueOn: '2026-10-20',
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'homeworkDueOn',
        code: 'homeworkDueBeforeLesson',
        message: 'Үй тапшырмасынын мөөнөтү сабактын күнүнөн эрте боло албайт.',
      });
    });
  });
});

describe('journal.updateLesson (PATCH /lessons/:lessonId)', () => {
  it('announces homework when its text is newly set or changed, not otherwise', async () => {
    const created = await postLesson('teacherOfClass', {
      date: '2026-10-29',
      lessonNumber: 3,
      topic: 'Масштаб',
    });
    const lessonId = created.body.id as number;
    const outboxOf = () => h.db.prisma.outboxEvent.count({ where: { type: 'homework.posted' } });

    const start = await outboxOf();
    const set = await patchLesson('teacherOfClass', lessonId, { homework: '§16, 1-көнүгүү' });
    expect(set.status).toBe(200);
    expect(set.body.homework).toBe('§16, 1-көнүгүү');
    expect(await outboxOf()).toBe(start + 1);

    await patchLesson('teacherOfClass', lessonId, { topic: 'Масштаб жана карта' });
    expect(await outboxOf()).toBe(start + 1);

    const auditBefore = await h.db.prisma.auditEntry.count();
    const same = await patchLesson('teacherOfClass', lessonId, { homework: '§16, 1-көнүгүү' });
    expect(same.status).toBe(200);
    expect(await outboxOf()).toBe(start + 1);
    expect(await h.db.prisma.auditEntry.count()).toBe(auditBefore);

    await patchLesson('teacherOfClass', lessonId, { homework: '§16, 2-көнүгүү' });
    expect(await outboxOf()).toBe(start + 2);
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit.action).toBe('lesson.update');
    expect(audit.before).toMatchObject({ homework: '§16, 1-көнүгүү' });
    expect(audit.after).toMatchObject({ homework: '§16, 2-көнүгүү' });
  });

  it('clears a field given as null', async () => {
    const created = await postLesson('teacherOfClass', {
      date: '2026-10-30',
      lessonNumber: 1,
      topic: 'Тест',
      material: 'Китеп',
    });
    const res = await patchLesson('teacherOfClass', created.body.id, { material: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ topic: 'Тест', material: null });
  });

  it('works on the lesson of the path even when the body names another', async () => {
    const res = await patchLesson('teacherOfClass', h.world.lessonA.id, {
      lessonId: h.world.lessonB.id,
      topic: 'Бөлчөктөр (уландысы)',
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(h.world.lessonA.id);
    const lessonB = await h.db.prisma.lesson.findUniqueOrThrow({
      where: { id: h.world.lessonB.id },
    });
    expect(lessonB.topic).toBe('Теңдемелер');
  });

  describe('when nothing to change is given', () => {
    it('answers 400 emptyChange', async () => {
      const res = await patchLesson('teacherOfClass', h.world.lessonA.id, {});
      expect(res.status).toBe(400);
      expect(problem(res).errors[0].code).toBe('emptyChange');
    });
  });

  describe('when a teacher of another class tries', () => {
    it('answers 403 and leaves the lesson as it was', async () => {
      const before = await h.db.prisma.lesson.findUniqueOrThrow({
        where: { id: h.world.lessonA.id },
      });
      const res = await patchLesson('teacherOfOtherClass', h.world.lessonA.id, {
        homework: 'Эч нерсе',
      });
      expect(res.status).toBe(403);
      expect(
        await h.db.prisma.lesson.findUniqueOrThrow({ where: { id: h.world.lessonA.id } }),
      ).toEqual(before);
    });
  });
});

describe('journal.getLesson (GET /lessons/:lessonId)', () => {
  it('shows the class teacher the lesson with subject, teacher and homework', async () => {
    const res = await request(h.app)
      .get(`/api/v1/lessons/${h.world.lessonA.id}`)
      .set(await h.headersFor('classTeacher'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: h.world.lessonA.id,
      date: '2026-10-14',
      className: '5-А',
      subject: { id: h.world.math.id, nameKy: 'Математика' },
      teacher: { id: h.world.users.teacherOfClass.id },
      attachments: expect.any(Array),
      individualHomework: expect.any(Array),
    });
  });

  it('refuses parents (they read lessons in the diary) and teachers of other classes', async () => {
    for (const role of ['parentA', 'pupilA', 'teacherOfOtherClass'] as const) {
      const res = await request(h.app)
        .get(`/api/v1/lessons/${h.world.lessonA.id}`)
        .set(await h.headersFor(role));
      expect(res.status, role).toBe(403);
    }
  });

  it('answers 404 for a lesson that does not exist and 400 for a malformed id', async () => {
    const headers = await h.headersFor('admin');
    expect((await request(h.app).get('/api/v1/lessons/999999').set(headers)).status).toBe(404);
    expect((await request(h.app).get('/api/v1/lessons/abc').set(headers)).status).toBe(400);
  });
});

describe('journal.setIndividualHomework (PUT /lessons/:lessonId/individual-homework)', () => {
  const put = async (role: Role, items: unknown) =>
    request(h.app)
      .put(`/api/v1/lessons/${h.world.lessonA.id}/individual-homework`)
      .set(await h.headersFor(role))
      .send({ items });

  it('sets one text per pupil, in Kyrgyz alphabetical order, and replaces the list on the next call', async () => {
    const res = await put('teacherOfClass', [
      { pupilId: h.world.pupilA2.id, text: '7-көнүгүү' },
      { pupilId: h.world.pupilA.id, text: '8-көнүгүү' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.map((r: { lastName: string }) => r.lastName)).toEqual(['Асанов', 'Өмүрбекова']);

    const replaced = await put('teacherOfClass', [
      { pupilId: h.world.pupilA2.id, text: '9-көнүгүү' },
    ]);
    expect(replaced.body).toEqual([
      expect.objectContaining({ pupilId: h.world.pupilA2.id, text: '9-көнүгүү' }),
    ]);
    expect(
      await h.db.prisma.individualHomework.count({ where: { lessonId: h.world.lessonA.id } }),
    ).toBe(1);
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit.action).toBe('lesson.individualHomework');
  });

  describe('when a pupil of another class is in the list', () => {
    it('answers 400 pupilNotInClass and writes nothing', async () => {
      const before = await counts();
      const res = await put('teacherOfClass', [
        { pupilId: h.world.pupilA.id, text: '1' },
        { pupilId: h.world.pupilB.id, text: '2' },
      ]);
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'items.1.pupilId',
        code: 'pupilNotInClass',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a pupil appears twice', () => {
    it('answers 400 duplicatePupil', async () => {
      const res = await put('teacherOfClass', [
        { pupilId: h.world.pupilA.id, text: '1' },
        { pupilId: h.world.pupilA.id, text: '2' },
      ]);
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'items.1.pupilId',
        code: 'duplicatePupil',
      });
    });
  });
});

describe('OpenAPI document', () => {
  it('documents the journal routes', async () => {
    const res = await request(h.app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/lessons',
        '/api/v1/lessons/{lessonId}/attendance',
        '/api/v1/marks/{markId}/history',
        '/api/v1/classes/{classGroupId}/journal',
        '/api/v1/final-marks',
        '/api/v1/journal/gaps',
      ]),
    );
  });
});
