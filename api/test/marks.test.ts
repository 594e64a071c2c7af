import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const counts = async () => ({
  marks: await h.db.prisma.mark.count(),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
});

describe('POST /api/v1/marks', () => {
  it('writes the mark, its audit entry and its outbox event together', async () => {
    const before = await counts();
    const res = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .send({ lessonId: h.world.lessonA.id, pupilId: h.world.pupilA.id, value: 5, kind: 'ORAL' });
    expect(res.status).toBe(201);
    expect(res.body.value).toBe(5);
    const after = await counts();
    expect(after).toEqual({
      marks: before.marks + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event.type).toBe('mark.posted');
  });

  describe('when the mark is outside the school scale', () => {
    it('answers 400 in Kyrgyz and writes nothing', async () => {
      const before = await counts();
      const res = await request(h.app)
        .post('/api/v1/marks')
        .set(await h.headersFor('teacherOfClass'))
        .set('accept-language', 'ky')
        .send({ lessonId: h.world.lessonA.id, pupilId: h.world.pupilA2.id, value: 7 });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = JSON.parse(res.text);
      expect(body.errors[0]).toMatchObject({ path: 'value', code: 'markOutOfScale' });
      expect(body.errors[0].message).toBe('Баа 2 менен 5 ортосунда болушу керек.');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the teacher does not teach the class', () => {
    it('answers 403 and writes nothing', async () => {
      const before = await counts();
      const res = await request(h.app)
        .post('/api/v1/marks')
        .set(await h.headersFor('teacherOfOtherClass'))
        .set('accept-language', 'ru')
        .send({ lessonId: h.world.lessonA.id, pupilId: h.world.pupilA.id, value: 2 });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).title).toBe('У вас нет прав на это действие.');
      expect(await counts()).toEqual(before);
    });
  });
});
