import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const problem = (res: { text: string }) => JSON.parse(res.text);
const path = () =>
  `/api/v1/schools/${h.world.school.id}/years/${h.world.year.id}/assessment-schemes`;

const getSchemes = async (role: Role) =>
  request(h.app)
    .get(path())
    .set(await h.headersFor(role));

const putSchemes = async (role: Role, bands: object[], lang = 'ky') =>
  request(h.app)
    .put(path())
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send({ bands });

const postMark = async (value: number, kind = 'ORAL') =>
  request(h.app)
    .post('/api/v1/marks')
    .set(await h.headersFor('teacherOfClass'))
    .send({ lessonId: h.world.lessonA.id, pupilId: h.world.pupilA.id, value, kind });

const rows = () =>
  h.db.prisma.assessmentScheme.findMany({
    where: { yearId: h.world.year.id },
    orderBy: { gradeFrom: 'asc' },
  });

const counts = async () => ({
  schemes: await h.db.prisma.assessmentScheme.count(),
  audit: await h.db.prisma.auditEntry.count(),
});

/** 5th grade on the 10-point scale with control works counting double; the rest varied. */
const REFORM = [
  { gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED' },
  { gradeFrom: 4, gradeTo: 4, scale: 'FIVE_POINT', allowOne: true },
  { gradeFrom: 5, gradeTo: 5, scale: 'TEN_POINT', weights: { CONTROL: 2, HOMEWORK: 0.5 } },
  { gradeFrom: 6, gradeTo: 9, scale: 'POINTS', maxPoints: 100 },
  { gradeFrom: 10, gradeTo: 11, scale: 'FIVE_POINT' },
];

describe('school.listAssessmentSchemes', () => {
  describe('when the school set nothing', () => {
    it('gives the defaults the journal applies, marked as such', async () => {
      const res = await getSchemes('psychologist');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        yearId: h.world.year.id,
        isDefault: true,
        bands: [
          {
            gradeFrom: 1,
            gradeTo: 3,
            scale: 'UNMARKED',
            allowOne: false,
            maxPoints: null,
            weights: {},
          },
          {
            gradeFrom: 4,
            gradeTo: 11,
            scale: 'FIVE_POINT',
            allowOne: false,
            maxPoints: null,
            weights: {},
          },
        ],
      });
    });
  });

  describe('when a parent asks', () => {
    it('answers 403', async () => {
      expect((await getSchemes('parentA')).status).toBe(403);
    });
  });
});

describe('school.setAssessmentSchemes', () => {
  describe('when a band overlaps another', () => {
    it('answers 400 bandsOverlap in Russian and writes nothing', async () => {
      const before = await counts();
      const res = await putSchemes(
        'admin',
        [
          { gradeFrom: 1, gradeTo: 4, scale: 'UNMARKED' },
          { gradeFrom: 4, gradeTo: 11, scale: 'FIVE_POINT' },
        ],
        'ru',
      );
      expect(res.status).toBe(400);
      expect(problem(res).errors).toEqual([
        {
          path: 'bands.1.gradeFrom',
          code: 'bandsOverlap',
          message: 'Система оценивания для 4-х классов задана дважды.',
          params: { grades: '4' },
        },
      ]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when grades are left without a band', () => {
    it('answers 400 gradesNotCovered naming them, in Kyrgyz, and writes nothing', async () => {
      const before = await counts();
      const res = await putSchemes('deputy', [
        { gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED' },
        { gradeFrom: 6, gradeTo: 9, scale: 'FIVE_POINT' },
      ]);
      expect(res.status).toBe(400);
      expect(problem(res).errors.map((e: { message: string }) => e.message)).toEqual([
        '4–5-класстар үчүн баалоо тутуму берилген жок: 1–11-класстардын баары камтылышы керек.',
        '10–11-класстар үчүн баалоо тутуму берилген жок: 1–11-класстардын баары камтылышы керек.',
      ]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a band does not fit its scale', () => {
    it('answers 400 for points without a maximum, "1" off the 5-point scale and a weight over 5', async () => {
      const before = await counts();
      const res = await putSchemes(
        'admin',
        [
          { gradeFrom: 1, gradeTo: 3, scale: 'TEN_POINT', allowOne: true },
          { gradeFrom: 4, gradeTo: 11, scale: 'POINTS' },
        ],
        'en',
      );
      expect(res.status).toBe(400);
      expect(
        problem(res).errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`),
      ).toEqual([
        'bands.0.allowOne allowOneOnlyForFivePoint',
        'bands.1.maxPoints maxPointsRequired',
      ]);
      const heavy = await putSchemes('admin', [
        { gradeFrom: 1, gradeTo: 11, scale: 'FIVE_POINT', weights: { CONTROL: 6 } },
      ]);
      expect(heavy.status).toBe(400);
      expect(problem(heavy).errors[0]).toMatchObject({
        path: 'bands.0.weights.CONTROL',
        code: 'tooBig',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a teacher tries', () => {
    it('answers 403 and writes nothing', async () => {
      const before = await counts();
      const res = await putSchemes('teacherOfClass', REFORM);
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the bands cover grades 1–11 once', () => {
    it('replaces the scheme and audits it', async () => {
      const before = await counts();
      const res = await putSchemes('deputy', [...REFORM].reverse());
      expect(res.status).toBe(200);
      expect(res.body.isDefault).toBe(false);
      expect(
        res.body.bands.map(
          (b: { gradeFrom: number; scale: string }) => `${b.gradeFrom} ${b.scale}`,
        ),
      ).toEqual(['1 UNMARKED', '4 FIVE_POINT', '5 TEN_POINT', '6 POINTS', '10 FIVE_POINT']);
      expect(await counts()).toEqual({ schemes: 5, audit: before.audit + 1 });
      const entry = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(entry).toMatchObject({
        action: 'assessment-scheme.set',
        entityId: String(h.world.year.id),
      });
      const listed = await getSchemes('teacherOfOtherClass');
      expect(listed.body).toEqual(res.body);
      expect((await rows())[2]).toMatchObject({
        scale: 'TEN_POINT',
        weights: { CONTROL: 2, HOMEWORK: 0.5 },
      });
    });

    it('makes the journal take 9 in the 5th grade and refuse 11, weighing a control work double', async () => {
      const nine = await postMark(9);
      expect(nine.status).toBe(201);
      expect(nine.body).toMatchObject({ value: 9, weight: 1 });
      const control = await postMark(8, 'CONTROL');
      expect(control.status).toBe(201);
      expect(control.body.weight).toBe(2);
      const marks = await h.db.prisma.mark.count();
      const eleven = await request(h.app)
        .post('/api/v1/marks')
        .set(await h.headersFor('teacherOfClass'))
        .set('accept-language', 'ru')
        .send({ lessonId: h.world.lessonA.id, pupilId: h.world.pupilA2.id, value: 11 });
      expect(eleven.status).toBe(400);
      expect(problem(eleven).errors[0]).toMatchObject({
        code: 'markOutOfScale',
        message: 'Оценка должна быть от 1 до 10.',
      });
      expect(await h.db.prisma.mark.count()).toBe(marks);
    });

    it('keeps marks already given when the scale changes back', async () => {
      const res = await putSchemes('admin', [
        { gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED' },
        { gradeFrom: 4, gradeTo: 11, scale: 'FIVE_POINT' },
      ]);
      expect(res.status).toBe(200);
      expect(await counts()).toMatchObject({ schemes: 2 });
      const nine = await h.db.prisma.mark.findUniqueOrThrow({
        where: {
          lessonId_pupilId_kind: {
            lessonId: h.world.lessonA.id,
            pupilId: h.world.pupilA.id,
            kind: 'ORAL',
          },
        },
      });
      expect(nine.value).toBe(9);
      expect((await postMark(9)).status).toBe(400);
    });
  });
});
