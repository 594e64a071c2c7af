/**
 * Ten concurrent writes of one journal object: each real change writes exactly one audit row and
 * one outbox event with the true previous value; identical re-writes write nothing.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';

let h: ApiHarness;
let headers: Record<string, string>;
beforeAll(async () => {
  h = await createApiHarness();
  headers = await h.headersFor('teacherOfClass');
});
afterAll(() => h.close());

const N = 10;
const times = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

let lessonSeq = 0;
const newLesson = () =>
  h.db.prisma.lesson.create({
    data: {
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      teacherId: h.world.users.teacherOfClass.id,
      // Within the late-entry window before TEST_NOW (2026-10-15), so no reason is needed.
      date: new Date(`2026-10-${10 + (lessonSeq % 5)}T00:00:00Z`),
      lessonNumber: 3 + Math.floor(lessonSeq++ / 5),
      topic: 'Теңдемелер',
    },
  });

const auditOf = (entity: string, entityId: number) =>
  h.db.prisma.auditEntry.findMany({
    where: { entity, entityId: String(entityId) },
    orderBy: { id: 'asc' },
  });
const eventsOf = async (type: string, key: string, id: number) =>
  (await h.db.prisma.outboxEvent.findMany({ where: { type }, orderBy: { id: 'asc' } })).filter(
    (e) => (e.payload as Record<string, unknown>)[key] === id,
  );

/** Each audit row's "before" is the previous row's "after": no change was recorded against a stale value. */
const expectChained = (rows: { before: unknown; after: unknown }[], field: string) => {
  for (let i = 1; i < rows.length; i++) {
    const before = rows[i]?.before as Record<string, unknown> | null;
    const previous = rows[i - 1]?.after as Record<string, unknown> | null;
    expect(before?.[field]).toEqual(previous?.[field]);
  }
};

describe('marks (POST /marks) under 10 concurrent requests', () => {
  it('the same mark ten times: one row, one mark.create audit, one mark.posted event', async () => {
    const lesson = await newLesson();
    const body = { lessonId: lesson.id, pupilId: h.world.pupilA.id, value: 5 };
    const results = await times(N, () =>
      request(h.app).post('/api/v1/marks').set(headers).send(body),
    );
    expect(results.map((r) => r.status).every((s) => s === 201)).toBe(true);
    const marks = await h.db.prisma.mark.findMany({ where: { lessonId: lesson.id } });
    expect(marks).toHaveLength(1);
    const mark = marks[0]!;
    const audit = await auditOf('mark', mark.id);
    expect(audit.map((a) => a.action)).toEqual(['mark.create']);
    expect(await eventsOf('mark.posted', 'markId', mark.id)).toHaveLength(1);
    expect(await eventsOf('mark.changed', 'markId', mark.id)).toHaveLength(0);
  });

  it('ten different values at once: one audit and one event per real change, each with the true previous value', async () => {
    const lesson = await newLesson();
    const values = [2, 3, 4, 5, 2, 3, 4, 5, 2, 3];
    const results = await times(N, (i) =>
      request(h.app)
        .post('/api/v1/marks')
        .set(headers)
        .send({ lessonId: lesson.id, pupilId: h.world.pupilA.id, value: values[i] }),
    );
    expect(results.map((r) => `${r.status} ${r.status === 201 ? '' : r.text}`)).toEqual(
      Array(N).fill(`201 `),
    );
    const mark = await h.db.prisma.mark.findFirstOrThrow({ where: { lessonId: lesson.id } });
    const audit = await auditOf('mark', mark.id);
    expect(audit[0]?.action).toBe('mark.create');
    expect(audit.slice(1).every((a) => a.action === 'mark.change')).toBe(true);
    expectChained(audit, 'value');
    // Every audited change really changed the value.
    for (const a of audit.slice(1))
      expect((a.before as { value: number }).value).not.toBe((a.after as { value: number }).value);
    expect((audit.at(-1)?.after as { value: number }).value).toBe(mark.value);
    const posted = await eventsOf('mark.posted', 'markId', mark.id);
    const changed = await eventsOf('mark.changed', 'markId', mark.id);
    expect(posted).toHaveLength(1);
    expect(changed).toHaveLength(audit.length - 1);
    expect(changed.map((e) => (e.payload as { previousValue: number }).previousValue)).toEqual(
      audit.slice(1).map((a) => (a.before as { value: number }).value),
    );
  });

  it('ten concurrent PATCHes of one mark: each change audited once against the true previous value', async () => {
    const lesson = await newLesson();
    const created = await request(h.app)
      .post('/api/v1/marks')
      .set(headers)
      .send({ lessonId: lesson.id, pupilId: h.world.pupilA.id, value: 4 });
    const markId = created.body.id as number;
    const values = [5, 3, 5, 3, 5, 3, 5, 3, 5, 3];
    const results = await times(N, (i) =>
      request(h.app).patch(`/api/v1/marks/${markId}`).set(headers).send({ value: values[i] }),
    );
    expect(results.map((r) => `${r.status} ${r.status === 200 ? '' : r.text}`)).toEqual(
      Array(N).fill(`200 `),
    );
    const audit = (await auditOf('mark', markId)).filter((a) => a.action === 'mark.change');
    expectChained(audit, 'value');
    expect((audit[0]?.before as { value: number }).value).toBe(4);
  });
});

describe('attendance (PUT /lessons/:id/attendance) under 10 concurrent requests', () => {
  it('the same absence ten times: one audit row and one attendance.recorded event', async () => {
    const lesson = await newLesson();
    const body = { entries: [{ pupilId: h.world.pupilA.id, status: 'ABSENT' }] };
    const results = await times(N, () =>
      request(h.app).put(`/api/v1/lessons/${lesson.id}/attendance`).set(headers).send(body),
    );
    expect(results.map((r) => `${r.status} ${r.status === 200 ? '' : r.text}`)).toEqual(
      Array(N).fill(`200 `),
    );
    const row = await h.db.prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } });
    expect(await auditOf('attendance', row.id)).toHaveLength(1);
    expect(await eventsOf('attendance.recorded', 'attendanceId', row.id)).toHaveLength(1);
  });
});

describe('lessons (PATCH /lessons/:id) under 10 concurrent requests', () => {
  it('the same homework ten times: one audit row and one homework.posted event', async () => {
    const lesson = await newLesson();
    const results = await times(N, () =>
      request(h.app)
        .patch(`/api/v1/lessons/${lesson.id}`)
        .set(headers)
        .send({ homework: '§14, 1–5-көнүгүүлөр' }),
    );
    expect(results.map((r) => `${r.status} ${r.status === 200 ? '' : r.text}`)).toEqual(
      Array(N).fill(`200 `),
    );
    expect(await auditOf('lesson', lesson.id)).toHaveLength(1);
    expect(await eventsOf('homework.posted', 'lessonId', lesson.id)).toHaveLength(1);
  });

  it('ten different homework texts: audits chain, one event per change', async () => {
    const lesson = await newLesson();
    await times(N, (i) =>
      request(h.app)
        .patch(`/api/v1/lessons/${lesson.id}`)
        .set(headers)
        .send({ homework: `§${20 + i}` }),
    );
    const audit = await auditOf('lesson', lesson.id);
    expect(audit).toHaveLength(N);
    expectChained(audit, 'homework');
    expect(await eventsOf('homework.posted', 'lessonId', lesson.id)).toHaveLength(N);
  });
});

describe('final marks (PUT /final-marks) under 10 concurrent requests', () => {
  it('the same final mark ten times: one audit row and one final-mark.posted event', async () => {
    // The world's "today" is inside the first quarter: finals before its end need the setting.
    await h.db.prisma.school.update({
      where: { id: h.world.school.id },
      data: { allowEarlyFinals: true },
    });
    const termId = h.world.terms[0]!.id;
    const body = {
      classGroupId: h.world.classA.id,
      subjectId: h.world.math.id,
      termId,
      marks: [{ pupilId: h.world.pupilA2.id, value: 4 }],
    };
    const results = await times(N, () =>
      request(h.app).put('/api/v1/final-marks').set(headers).send(body),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length, results.map((r) => r.text).join('\n')).toBe(N);
    const row = await h.db.prisma.finalMark.findFirstOrThrow({
      where: { pupilId: h.world.pupilA2.id, subjectId: h.world.math.id, termId },
    });
    expect(await auditOf('finalMark', row.id)).toHaveLength(1);
    expect(await eventsOf('final-mark.posted', 'finalMarkId', row.id)).toHaveLength(1);
  });
});
