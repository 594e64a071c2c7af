import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

let made = 0;
/** A math lesson of 5-А on `date` (default: the day before TEST_NOW). */
const createLesson = (date = '2026-10-14') =>
  h.db.prisma.lesson.create({
    data: {
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      teacherId: h.world.users.teacherOfClass.id,
      date: dateOnly(date),
      lessonNumber: 3 + (made++ % 9),
      topic: 'Бөлчөктөрдү салыштыруу',
    },
  });

const counts = async () => ({
  attendance: await h.db.prisma.attendance.count(),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
});
const problem = (res: request.Response) => JSON.parse(res.text);

const put = async (role: Role, lessonId: number, body: object, lang = 'ky') =>
  request(h.app)
    .put(`/api/v1/lessons/${lessonId}/attendance`)
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send(body);

describe('journal.recordAttendance (PUT /lessons/:lessonId/attendance)', () => {
  it('records many pupils at once with an audit entry per row and an event per late or absent pupil', async () => {
    const lesson = await createLesson();
    const before = await counts();
    const res = await put('teacherOfClass', lesson.id, {
      entries: [
        { pupilId: h.world.pupilA.id, status: 'LATE', lateMinutes: 10 },
        { pupilId: h.world.pupilA2.id, status: 'ABSENT' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lessonId: lesson.id, date: '2026-10-14', changed: 2 });
    expect(res.body.entries).toEqual([
      expect.objectContaining({ pupilId: h.world.pupilA.id, status: 'LATE', lateMinutes: 10 }),
      expect.objectContaining({ pupilId: h.world.pupilA2.id, status: 'ABSENT', lateMinutes: null }),
    ]);
    expect(await counts()).toEqual({
      attendance: before.attendance + 2,
      audit: before.audit + 2,
      outbox: before.outbox + 2,
    });
    const events = await h.db.prisma.outboxEvent.findMany({ orderBy: { id: 'desc' }, take: 2 });
    expect(events.map((e) => e.type)).toEqual(['attendance.recorded', 'attendance.recorded']);
    expect(events.map((e) => (e.payload as { pupilId: number }).pupilId).sort()).toEqual(
      [h.world.pupilA.id, h.world.pupilA2.id].sort(),
    );
  });

  it('writes nothing for unchanged rows and notifies only status changes', async () => {
    const lesson = await createLesson();
    const batch = {
      entries: [
        { pupilId: h.world.pupilA.id, status: 'LATE', lateMinutes: 15 },
        { pupilId: h.world.pupilA2.id, status: 'ABSENT' },
      ],
    };
    await put('teacherOfClass', lesson.id, batch);

    const again = await counts();
    const same = await put('teacherOfClass', lesson.id, batch);
    expect(same.status).toBe(200);
    expect(same.body.changed).toBe(0);
    expect(await counts()).toEqual(again);

    const minutes = await counts();
    await put('teacherOfClass', lesson.id, {
      entries: [{ pupilId: h.world.pupilA.id, status: 'LATE', lateMinutes: 20 }],
    });
    expect(await counts()).toEqual({ ...minutes, audit: minutes.audit + 1 });

    const corrected = await counts();
    const res = await put('teacherOfClass', lesson.id, {
      entries: [
        { pupilId: h.world.pupilA.id, status: 'LATE', lateMinutes: 20 },
        { pupilId: h.world.pupilA2.id, status: 'EXCUSED', reason: 'Дарыгердин маалымкаты' },
      ],
    });
    expect(res.body.changed).toBe(1);
    expect(await counts()).toEqual({
      ...corrected,
      audit: corrected.audit + 1,
      outbox: corrected.outbox + 1,
    });
    const row = await h.db.prisma.attendance.findUniqueOrThrow({
      where: { lessonId_pupilId: { lessonId: lesson.id, pupilId: h.world.pupilA2.id } },
    });
    expect(row).toMatchObject({ status: 'EXCUSED', reason: 'Дарыгердин маалымкаты' });
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      action: 'attendance.change',
      entity: 'attendance',
      entityId: String(row.id),
    });
    expect(audit.before).toMatchObject({ status: 'ABSENT' });
    expect(audit.after).toMatchObject({ status: 'EXCUSED' });
  });

  it('records a class that is all present without notifying anyone', async () => {
    const lesson = await createLesson();
    const before = await counts();
    const res = await put('teacherOfClass', lesson.id, {
      entries: [
        { pupilId: h.world.pupilA.id, status: 'PRESENT' },
        { pupilId: h.world.pupilA2.id, status: 'PRESENT' },
      ],
    });
    expect(res.status).toBe(200);
    expect(await counts()).toEqual({
      ...before,
      attendance: before.attendance + 2,
      audit: before.audit + 2,
    });
  });

  describe('when a pupil of another class is in the batch', () => {
    it('answers 400 pupilNotInClass and writes nothing, not even the valid rows', async () => {
      const lesson = await createLesson();
      const before = await counts();
      const res = await put('teacherOfClass', lesson.id, {
        entries: [
          { pupilId: h.world.pupilA.id, status: 'ABSENT' },
          { pupilId: h.world.pupilB.id, status: 'ABSENT' },
        ],
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors).toEqual([
        {
          path: 'entries.1.pupilId',
          code: 'pupilNotInClass',
          message: 'Бул окуучу бул класста окубайт.',
        },
      ]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when an entry is inconsistent', () => {
    it('answers 400 with a localized message per problem and writes nothing', async () => {
      const lesson = await createLesson();
      const before = await counts();
      const res = await put(
        'teacherOfClass',
        lesson.id,
        {
          entries: [
            { pupilId: h.world.pupilA.id, status: 'LATE' },
            { pupilId: h.world.pupilA2.id, status: 'ABSENT', lateMinutes: 5 },
          ],
        },
        'ru',
      );
      expect(res.status).toBe(400);
      expect(problem(res).errors).toEqual([
        expect.objectContaining({
          path: 'entries.0.lateMinutes',
          code: 'lateMinutesRequired',
          message: 'Укажите, на сколько минут опоздал ученик (от 1 до 90).',
        }),
        expect.objectContaining({ path: 'entries.1.lateMinutes', code: 'lateMinutesOnlyForLate' }),
      ]);
      const tooLate = await put('teacherOfClass', lesson.id, {
        entries: [{ pupilId: h.world.pupilA.id, status: 'LATE', lateMinutes: 91 }],
      });
      expect(problem(tooLate).errors[0]).toMatchObject({
        path: 'entries.0.lateMinutes',
        code: 'tooBig',
      });
      const reason = await put('teacherOfClass', lesson.id, {
        entries: [{ pupilId: h.world.pupilA.id, status: 'PRESENT', reason: 'ооруп' }],
      });
      expect(problem(reason).errors[0]).toMatchObject({
        path: 'entries.0.reason',
        code: 'reasonOnlyForExcused',
      });
      const status = await put('teacherOfClass', lesson.id, {
        entries: [{ pupilId: h.world.pupilA.id, status: 'SICK' }],
      });
      expect(problem(status).errors[0]).toMatchObject({
        path: 'entries.0.status',
        code: 'invalidValue',
      });
      const twice = await put('teacherOfClass', lesson.id, {
        entries: [
          { pupilId: h.world.pupilA.id, status: 'PRESENT' },
          { pupilId: h.world.pupilA.id, status: 'ABSENT' },
        ],
      });
      expect(problem(twice).errors[0]).toMatchObject({
        path: 'entries.1.pupilId',
        code: 'duplicatePupil',
      });
      const empty = await put('teacherOfClass', lesson.id, { entries: [] });
      expect(empty.status).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the lesson is older than the late-entry window', () => {
    it('answers 409 JOURNAL_LOCKED without a reason, and stores the reason in the audit with one', async () => {
      const lesson = await createLesson('2026-10-01');
      const before = await counts();
      const entries = [{ pupilId: h.world.pupilA.id, status: 'ABSENT' }];
      const locked = await put('teacherOfClass', lesson.id, { entries }, 'ru');
      expect(locked.status).toBe(409);
      expect(problem(locked)).toMatchObject({
        code: 'JOURNAL_LOCKED',
        title: 'Этот урок старше 7 дней: укажите причину изменения.',
      });
      expect(await counts()).toEqual(before);

      const reason = 'Кагаз журналдан көчүрүлдү';
      const ok = await put('teacherOfClass', lesson.id, { entries, reason });
      expect(ok.status).toBe(200);
      const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(audit).toMatchObject({ action: 'attendance.create', reason });
    });
  });

  describe('when the lesson has not happened yet', () => {
    it('answers 400 futureAttendance', async () => {
      const lesson = await createLesson('2026-10-20');
      const res = await put('teacherOfClass', lesson.id, {
        entries: [{ pupilId: h.world.pupilA.id, status: 'ABSENT' }],
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        code: 'futureAttendance',
        message: 'Болуп өтө элек сабакка катышууну белгилөөгө болбойт.',
      });
    });
  });

  describe('when the caller may not write this journal page', () => {
    it('refuses and writes nothing', async () => {
      const lesson = await createLesson();
      const before = await counts();
      const entries = [{ pupilId: h.world.pupilA.id, status: 'ABSENT' }];
      for (const role of [
        'teacherOfOtherClass',
        'classTeacher',
        'psychologist',
        'parentA',
        'pupilA',
      ] as const) {
        expect((await put(role, lesson.id, { entries })).status, role).toBe(403);
      }
      expect((await put('anonymous', lesson.id, { entries })).status).toBe(401);
      expect(await counts()).toEqual(before);
    });
  });
});
