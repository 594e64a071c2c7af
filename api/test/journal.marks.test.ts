import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
let oldLessonId: number;
beforeAll(async () => {
  h = await createApiHarness();
  // 25 days before TEST_NOW: older than the default late-entry window of 7 days.
  const old = await h.db.prisma.lesson.create({
    data: {
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      teacherId: h.world.users.teacherOfClass.id,
      date: dateOnly('2026-09-20'),
      lessonNumber: 1,
      topic: 'Натуралдык сандар',
    },
  });
  oldLessonId = old.id;
});
afterAll(() => h.close());

let made = 0;
/** A current mark on a lesson of its own: recent (inside the late-entry window) or old. */
const createMark = async (opts: { old?: boolean; value?: number } = {}) => {
  const n = made++;
  const base = dateOnly(opts.old ? '2026-09-21' : '2026-10-13');
  const lesson = await h.db.prisma.lesson.create({
    data: {
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      teacherId: h.world.users.teacherOfClass.id,
      date: new Date(base.getTime() - Math.floor(n / 12) * 86_400_000),
      lessonNumber: 1 + (n % 12),
    },
  });
  return h.db.prisma.mark.create({
    data: {
      lessonId: lesson.id,
      pupilId: h.world.pupilA.id,
      kind: 'ORAL',
      subjectId: lesson.subjectId,
      teacherId: lesson.teacherId,
      date: lesson.date,
      value: opts.value ?? 5,
    },
  });
};

const counts = async () => ({
  marks: await h.db.prisma.mark.count({ where: { deletedAt: null } }),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
});
const problem = (res: request.Response) => JSON.parse(res.text);

const patchMark = async (role: Role, markId: number | string, body: object, lang = 'ky') =>
  request(h.app)
    .patch(`/api/v1/marks/${markId}`)
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send(body);
const deleteMark = async (role: Role, markId: number, body?: object, lang = 'ky') => {
  const req = request(h.app)
    .delete(`/api/v1/marks/${markId}`)
    .set(await h.headersFor(role))
    .set('accept-language', lang);
  return body === undefined ? req : req.send(body);
};

describe('journal.changeMark (PATCH /marks/:markId)', () => {
  it('writes the mark, its audit entry and a mark.changed event with the previous value together', async () => {
    const mark = await createMark({ value: 5 });
    const before = await counts();
    const res = await patchMark('teacherOfClass', mark.id, {
      value: 3,
      comment: 'Үй тапшырмасын аткарган жок',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: mark.id,
      value: 3,
      comment: 'Үй тапшырмасын аткарган жок',
    });
    expect(await counts()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      action: 'mark.change',
      entity: 'mark',
      entityId: String(mark.id),
      reason: null,
    });
    expect(audit.before).toMatchObject({ value: 5 });
    expect(audit.after).toMatchObject({ value: 3 });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event.type).toBe('mark.changed');
    expect(event.payload).toEqual({
      markId: mark.id,
      pupilId: mark.pupilId,
      lessonId: mark.lessonId,
      previousValue: 5,
    });
  });

  it('audits a comment-only change without notifying anyone', async () => {
    const mark = await createMark({ value: 4 });
    const before = await counts();
    const res = await patchMark('teacherOfClass', mark.id, { comment: 'Тактада жакшы иштеди' });
    expect(res.status).toBe(200);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
  });

  describe('when the new value is outside the school scale', () => {
    it('answers 400 in Kyrgyz and writes none of mark, audit and event', async () => {
      const mark = await createMark({ value: 4 });
      const before = await counts();
      const res = await patchMark('teacherOfClass', mark.id, { value: 7 });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'value',
        code: 'markOutOfScale',
        message: 'Баа 2 менен 5 ортосунда болушу керек.',
      });
      const one = await patchMark('teacherOfClass', mark.id, { value: 1 });
      expect(one.status).toBe(400);
      expect(await counts()).toEqual(before);
      expect((await h.db.prisma.mark.findUniqueOrThrow({ where: { id: mark.id } })).value).toBe(4);
    });
  });

  describe('when writing the event fails inside the transaction', () => {
    it('rolls the mark and its audit entry back', async () => {
      const mark = await createMark({ value: 4 });
      await h.db.prisma.$executeRawUnsafe(`
        CREATE FUNCTION fail_outbox_journal() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql`);
      await h.db.prisma.$executeRawUnsafe(
        'CREATE TRIGGER fail_outbox_journal BEFORE INSERT ON outbox_event FOR EACH ROW EXECUTE FUNCTION fail_outbox_journal()',
      );
      try {
        const before = await counts();
        const res = await patchMark('teacherOfClass', mark.id, { value: 2 });
        expect(res.status).toBe(500);
        expect(res.text).not.toContain('outbox unavailable');
        expect(await counts()).toEqual(before);
        expect((await h.db.prisma.mark.findUniqueOrThrow({ where: { id: mark.id } })).value).toBe(
          4,
        );
      } finally {
        await h.db.prisma.$executeRawUnsafe('DROP TRIGGER fail_outbox_journal ON outbox_event');
        await h.db.prisma.$executeRawUnsafe('DROP FUNCTION fail_outbox_journal()');
      }
    });
  });

  describe('when the lesson is older than the late-entry window', () => {
    it('answers 409 JOURNAL_LOCKED without a reason and writes nothing', async () => {
      const mark = await createMark({ old: true, value: 3 });
      const before = await counts();
      const res = await patchMark('teacherOfClass', mark.id, { value: 4 });
      expect(res.status).toBe(409);
      expect(problem(res)).toMatchObject({
        code: 'JOURNAL_LOCKED',
        title: 'Бул сабак 7 күндөн эски: өзгөртүүнүн себебин жазыңыз.',
      });
      expect(await counts()).toEqual(before);
    });

    it('accepts the change with a reason and keeps the reason in the audit entry', async () => {
      const mark = await createMark({ old: true, value: 3 });
      const reason = 'Текшерүү ишин кайра карап чыктым';
      const res = await patchMark('teacherOfClass', mark.id, { value: 4, reason });
      expect(res.status).toBe(200);
      const audit = await h.db.prisma.auditEntry.findFirstOrThrow({
        where: { entity: 'mark', entityId: String(mark.id) },
      });
      expect(audit).toMatchObject({ action: 'mark.change', reason });
    });
  });

  describe('when the caller may not write this journal page', () => {
    it('answers 403 for a teacher of another class and for a parent, and changes nothing', async () => {
      const mark = await createMark({ value: 5 });
      const before = await counts();
      expect((await patchMark('teacherOfOtherClass', mark.id, { value: 2 })).status).toBe(403);
      expect((await patchMark('parentA', mark.id, { value: 2 })).status).toBe(403);
      expect((await patchMark('psychologist', mark.id, { value: 2 })).status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  it('answers 404 for a deleted or unknown mark and 400 for a malformed id or nothing to change', async () => {
    const mark = await createMark({ value: 5 });
    await h.db.prisma.mark.update({
      where: { id: mark.id },
      data: { deletedAt: new Date(), deleteReason: 'test' },
    });
    expect((await patchMark('teacherOfClass', mark.id, { value: 4 })).status).toBe(404);
    expect((await patchMark('teacherOfClass', 999999, { value: 4 })).status).toBe(404);
    expect((await patchMark('teacherOfClass', 'жок', { value: 4 })).status).toBe(400);
    const empty = await patchMark('teacherOfClass', mark.id, {});
    expect(empty.status).toBe(400);
    expect(problem(empty).errors[0].code).toBe('emptyChange');
  });
});

describe('journal.deleteMark (DELETE /marks/:markId)', () => {
  describe('when no reason is given', () => {
    it('answers 400 and keeps the mark', async () => {
      const mark = await createMark({ value: 2 });
      const before = await counts();
      const missing = await deleteMark('teacherOfClass', mark.id);
      expect(missing.status).toBe(400);
      expect(problem(missing).errors[0]).toMatchObject({
        path: 'reason',
        message: 'Бул талаа толтурулушу керек.',
      });
      const blank = await deleteMark('teacherOfClass', mark.id, { reason: '   ' });
      expect(blank.status).toBe(400);
      expect(problem(blank).errors[0]).toMatchObject({ path: 'reason', code: 'tooShort' });
      expect(await counts()).toEqual(before);
    });
  });

  it('deletes softly with the reason, an audit entry and a mark.deleted event', async () => {
    const mark = await createMark({ value: 2 });
    const before = await counts();
    const reason = 'Баа башка окуучуга жаңылыш коюлган';
    const res = await deleteMark('teacherOfClass', mark.id, { reason });
    expect(res.status).toBe(204);
    const row = await h.db.prisma.mark.findUniqueOrThrow({ where: { id: mark.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.deleteReason).toBe(reason);
    expect(row.value).toBe(2);
    expect(await counts()).toEqual({
      marks: before.marks - 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      action: 'mark.delete',
      reason,
      actorId: h.world.users.teacherOfClass.id,
    });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event.type).toBe('mark.deleted');
    expect(event.payload).toMatchObject({ markId: mark.id, previousValue: 2 });
    expect((await deleteMark('teacherOfClass', mark.id, { reason })).status).toBe(404);
  });

  it('deletes a mark of an old lesson, the reason serving as late-entry reason', async () => {
    const mark = await createMark({ old: true, value: 3 });
    const res = await deleteMark('deputy', mark.id, { reason: 'Ата-энесинин арызы боюнча' });
    expect(res.status).toBe(204);
  });

  it('refuses a parent and a teacher of another class', async () => {
    const mark = await createMark({ value: 3 });
    expect((await deleteMark('parentA', mark.id, { reason: 'x' })).status).toBe(403);
    expect((await deleteMark('teacherOfOtherClass', mark.id, { reason: 'x' })).status).toBe(403);
    expect(
      (await h.db.prisma.mark.findUniqueOrThrow({ where: { id: mark.id } })).deletedAt,
    ).toBeNull();
  });
});

describe('journal.recordMark late entry (POST /marks)', () => {
  it('needs a reason for an old lesson and stores it in the audit entry', async () => {
    const before = await counts();
    const body = { lessonId: oldLessonId, pupilId: h.world.pupilA2.id, value: 4, kind: 'CONTROL' };
    const locked = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .send(body);
    expect(locked.status).toBe(409);
    expect(await counts()).toEqual(before);
    const ok = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .send({ ...body, reason: 'Ооруп калып, кийин тапшырды' });
    expect(ok.status).toBe(201);
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ action: 'mark.create', reason: 'Ооруп калып, кийин тапшырды' });
  });
});

describe('journal.listMarkHistory (GET /marks/:markId/history)', () => {
  it('lists who changed the mark, when, from which value to which, and why — oldest first', async () => {
    const created = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .send({
        lessonId: h.world.lessonA.id,
        pupilId: h.world.pupilA2.id,
        value: 3,
        kind: 'WRITTEN',
      });
    expect(created.status).toBe(201);
    const markId = created.body.id as number;
    await patchMark('deputy', markId, { value: 4 });
    await deleteMark('teacherOfClass', markId, { reason: 'Иш кайра жазылат' });

    const res = await request(h.app)
      .get(`/api/v1/marks/${markId}/history`)
      .set(await h.headersFor('classTeacher'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        action: 'mark.create',
        oldValue: null,
        newValue: 3,
        actor: expect.objectContaining({ id: h.world.users.teacherOfClass.id }),
      }),
      expect.objectContaining({
        action: 'mark.change',
        oldValue: 3,
        newValue: 4,
        actor: expect.objectContaining({ id: h.world.users.deputy.id }),
      }),
      expect.objectContaining({
        action: 'mark.delete',
        oldValue: 4,
        newValue: null,
        reason: 'Иш кайра жазылат',
      }),
    ]);
    expect(typeof res.body[0].at).toBe('string');
  });

  it('is for staff who read the class: refuses parents, the pupil and teachers of other classes', async () => {
    const mark = await createMark({ value: 5 });
    const status = async (role: Role) =>
      (
        await request(h.app)
          .get(`/api/v1/marks/${mark.id}/history`)
          .set(await h.headersFor(role))
      ).status;
    expect(await status('psychologist')).toBe(200);
    expect(await status('parentA')).toBe(403);
    expect(await status('pupilA')).toBe(403);
    expect(await status('teacherOfOtherClass')).toBe(403);
    expect(await status('anonymous')).toBe(401);
  });
});
