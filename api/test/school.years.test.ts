import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly, toIsoDate } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
let otherSchoolId = 0;
beforeAll(async () => {
  h = await createApiHarness();
  const other = await h.db.prisma.school.create({
    data: { districtId: h.world.district.id, code: 'other-school', name: 'Башка мектеп' },
  });
  otherSchoolId = other.id;
});
afterAll(() => h.close());

const problem = (res: { text: string }) => JSON.parse(res.text);

const QUARTERS = [
  { number: 1, startsOn: '2026-09-01', endsOn: '2026-10-31' },
  { number: 2, startsOn: '2026-11-09', endsOn: '2026-12-28' },
  { number: 3, startsOn: '2027-01-12', endsOn: '2027-03-20' },
  { number: 4, startsOn: '2027-04-01', endsOn: '2027-05-25' },
];

const getYears = async (role: Role, schoolId = h.world.school.id) =>
  request(h.app)
    .get(`/api/v1/schools/${schoolId}/years`)
    .set(await h.headersFor(role));

const putYear = async (role: Role, body: object, schoolId = h.world.school.id) =>
  request(h.app)
    .put(`/api/v1/schools/${schoolId}/years`)
    .set(await h.headersFor(role))
    .send(body);

const putTerms = async (role: Role, body: object, lang = 'ky', yearId = h.world.year.id) =>
  request(h.app)
    .put(`/api/v1/schools/${h.world.school.id}/years/${yearId}/terms`)
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send(body);

/** Terms of the world's year as plain rows, to compare before and after. */
const termsOfYear = () =>
  h.db.prisma.term.findMany({
    where: { yearId: h.world.year.id },
    orderBy: [{ kind: 'asc' }, { number: 'asc' }],
  });

const counts = async () => ({
  years: await h.db.prisma.academicYear.count(),
  terms: await h.db.prisma.term.count(),
  audit: await h.db.prisma.auditEntry.count(),
});

describe('school.listYears', () => {
  it('gives staff the years with quarters, half-years and the year term', async () => {
    const res = await getYears('teacherOfClass');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const [year] = res.body;
    expect(year).toMatchObject({
      id: h.world.year.id,
      name: '2026-2027',
      startsOn: '2026-09-01',
      endsOn: '2027-05-25',
      isCurrent: true,
    });
    expect(year.terms.map((t: { kind: string; number: number }) => `${t.kind}${t.number}`)).toEqual(
      ['QUARTER1', 'QUARTER2', 'QUARTER3', 'QUARTER4', 'HALF1', 'HALF2', 'YEAR1'],
    );
  });

  describe('when a parent or a pupil asks', () => {
    it('answers 403', async () => {
      expect((await getYears('parentA')).status).toBe(403);
      expect((await getYears('pupilA')).status).toBe(403);
    });
  });

  describe('when the school in the path is not the user’s', () => {
    it('answers 404, as for a missing school', async () => {
      expect((await getYears('admin', otherSchoolId)).status).toBe(404);
    });
  });
});

describe('school.upsertYear', () => {
  describe('when the name is not two consecutive years', () => {
    it('answers 400 yearNameFormat in Russian and writes nothing', async () => {
      const before = await counts();
      const res = await request(h.app)
        .put(`/api/v1/schools/${h.world.school.id}/years`)
        .set(await h.headersFor('admin'))
        .set('accept-language', 'ru')
        .send({
          name: '2027-2029',
          startsOn: '2027-09-01',
          endsOn: '2028-05-25',
          isCurrent: false,
        });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'name',
        code: 'yearNameFormat',
        message: 'Название учебного года должно быть вида «2026-2027» (два соседних года).',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the dates overlap another year of the school', () => {
    it('answers 400 yearOverlaps naming that year', async () => {
      const before = await counts();
      const res = await putYear('deputy', {
        name: '2027-2028',
        startsOn: '2027-05-01',
        endsOn: '2028-03-31',
        isCurrent: false,
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        code: 'yearOverlaps',
        message: 'Бул даталар 2026-2027 окуу жылы менен кесилишет.',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the year would end before it starts', () => {
    it('answers 400 yearEndsBeforeStart', async () => {
      const res = await putYear('admin', {
        name: '2027-2028',
        startsOn: '2028-05-25',
        endsOn: '2027-09-01',
        isCurrent: false,
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0].code).toBe('yearEndsBeforeStart');
    });
  });

  describe('when new dates would leave the quarters outside the year', () => {
    it('answers 400 termsOutsideYear and keeps the year', async () => {
      const before = await counts();
      const res = await putYear('admin', {
        name: '2026-2027',
        startsOn: '2026-09-15',
        endsOn: '2027-05-25',
        isCurrent: true,
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0].code).toBe('termsOutsideYear');
      const year = await h.db.prisma.academicYear.findUniqueOrThrow({
        where: { id: h.world.year.id },
      });
      expect(toIsoDate(year.startsOn)).toBe('2026-09-01');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a teacher tries', () => {
    it('answers 403 and writes nothing', async () => {
      const before = await counts();
      const res = await putYear('teacherOfClass', {
        name: '2027-2028',
        startsOn: '2027-09-01',
        endsOn: '2028-05-25',
        isCurrent: false,
      });
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the year exists', () => {
    it('changes it in place (200), the year term follows its end, and audits the change', async () => {
      const audit = await h.db.prisma.auditEntry.count();
      const res = await putYear('admin', {
        name: '2026-2027',
        startsOn: '2026-09-01',
        endsOn: '2027-05-31',
        isCurrent: true,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: h.world.year.id,
        endsOn: '2027-05-31',
        isCurrent: true,
      });
      const yearTerm = await h.db.prisma.term.findUniqueOrThrow({
        where: { id: h.world.yearTerm.id },
      });
      expect(toIsoDate(yearTerm.endsOn)).toBe('2027-05-31');
      expect(await h.db.prisma.auditEntry.count()).toBe(audit + 1);
      const entry = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(entry).toMatchObject({ action: 'year.update', entity: 'academic_year' });
      expect(entry.before).toMatchObject({ endsOn: '2027-05-25' });
      expect(entry.after).toMatchObject({ endsOn: '2027-05-31' });
    });
  });
});

describe('school.setTerms', () => {
  it('updates the quarters in place, derives the half-years, keeps final marks and audits', async () => {
    const before = await termsOfYear();
    const finalMark = await h.db.prisma.finalMark.create({
      data: {
        pupilId: h.world.pupilA.id,
        subjectId: h.world.math.id,
        termId: h.world.terms[1]?.id ?? 0,
        kind: 'TERM',
        value: 5,
        teacherId: h.world.users.teacherOfClass.id,
      },
    });
    const audit = await h.db.prisma.auditEntry.count();
    const quarters = QUARTERS.map((q) =>
      q.number === 2 ? { number: 2, startsOn: '2026-11-10', endsOn: '2026-12-27' } : q,
    );
    const res = await putTerms('deputy', { quarters: [...quarters].reverse() });
    expect(res.status).toBe(200);
    expect(res.body.lessonsOutsideQuarters).toBe(0);
    const after = await termsOfYear();
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
    const q2 = after.find((t) => t.kind === 'QUARTER' && t.number === 2);
    expect(q2 && [toIsoDate(q2.startsOn), toIsoDate(q2.endsOn)]).toEqual([
      '2026-11-10',
      '2026-12-27',
    ]);
    const halves = after
      .filter((t) => t.kind === 'HALF')
      .map((t) => [toIsoDate(t.startsOn), toIsoDate(t.endsOn)]);
    expect(halves).toEqual([
      ['2026-09-01', '2026-12-27'],
      ['2027-01-12', '2027-05-25'],
    ]);
    const yearTerm = after.find((t) => t.kind === 'YEAR');
    expect(yearTerm && toIsoDate(yearTerm.endsOn)).toBe('2027-05-31');
    expect(await h.db.prisma.finalMark.findUnique({ where: { id: finalMark.id } })).toMatchObject({
      termId: q2?.id,
    });
    expect(await h.db.prisma.auditEntry.count()).toBe(audit + 1);
  });

  it('takes half-years when given', async () => {
    const res = await putTerms('admin', {
      quarters: QUARTERS,
      halves: [
        { number: 1, startsOn: '2026-09-01', endsOn: '2026-12-30' },
        { number: 2, startsOn: '2027-01-10', endsOn: '2027-05-31' },
      ],
    });
    expect(res.status).toBe(200);
    const half1 = res.body.terms.find(
      (t: { kind: string; number: number }) => t.kind === 'HALF' && t.number === 1,
    );
    expect(half1).toMatchObject({ startsOn: '2026-09-01', endsOn: '2026-12-30' });
  });

  it('counts the lessons that now fall outside every quarter', async () => {
    const moved = QUARTERS.map((q) => (q.number === 1 ? { ...q, endsOn: '2026-10-10' } : q));
    const res = await putTerms('admin', { quarters: moved });
    expect(res.status).toBe(200);
    // lessonA and lessonB are on 14 October, now in the autumn holidays.
    expect(res.body.lessonsOutsideQuarters).toBe(2);
    expect((await putTerms('admin', { quarters: QUARTERS })).body.lessonsOutsideQuarters).toBe(0);
  });

  describe('when quarters overlap', () => {
    const overlapping = QUARTERS.map((q) =>
      q.number === 2 ? { ...q, startsOn: '2026-10-20' } : q,
    );

    it('answers 400 in Russian and in Kyrgyz and changes nothing', async () => {
      const terms = await termsOfYear();
      const before = await counts();
      const ru = await putTerms('admin', { quarters: overlapping }, 'ru');
      expect(ru.status).toBe(400);
      expect(ru.headers['content-type']).toContain('application/problem+json');
      expect(problem(ru).errors).toEqual([
        {
          path: 'quarters.1.startsOn',
          code: 'quartersOverlap',
          message:
            '2-я четверть должна начинаться после окончания 1-й: четверти не могут пересекаться.',
          params: { number: 2, previous: 1 },
        },
      ]);
      const ky = await putTerms('admin', { quarters: overlapping }, 'ky');
      expect(ky.status).toBe(400);
      expect(problem(ky).title).toBe('Киргизилген маалыматта ката бар.');
      expect(problem(ky).errors[0].message).toBe(
        '2-чейрек 1-чейрек бүткөндөн кийин башталышы керек: чейректер бири-бирине кирбейт.',
      );
      expect(await termsOfYear()).toEqual(terms);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a quarter lies outside the year or ends before it starts', () => {
    it('names every problem', async () => {
      const bad = QUARTERS.map((q) =>
        q.number === 1
          ? { ...q, startsOn: '2026-08-20' }
          : q.number === 3
            ? { ...q, endsOn: '2027-01-01' }
            : q,
      );
      const res = await putTerms('admin', { quarters: bad }, 'en');
      expect(res.status).toBe(400);
      expect(
        problem(res).errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`),
      ).toEqual(['quarters.0.startsOn termOutsideYear', 'quarters.2.endsOn termEndsBeforeStart']);
    });
  });

  describe('when a quarter is missing or numbered twice', () => {
    it('answers 400', async () => {
      const three = await putTerms('admin', { quarters: QUARTERS.slice(0, 3) });
      expect(three.status).toBe(400);
      expect(problem(three).errors[0]).toMatchObject({ path: 'quarters', code: 'tooSmall' });
      const twice = QUARTERS.map((q) => (q.number === 4 ? { ...q, number: 3 } : q));
      const dup = await putTerms('admin', { quarters: twice });
      expect(dup.status).toBe(400);
      expect(problem(dup).errors[0]).toMatchObject({
        path: 'quarters.3.number',
        code: 'duplicateTermNumber',
      });
    });
  });

  describe('when the year belongs to another school', () => {
    it('answers 404', async () => {
      const foreign = await h.db.prisma.academicYear.create({
        data: {
          schoolId: otherSchoolId,
          name: '2026-2027',
          startsOn: dateOnly('2026-09-01'),
          endsOn: dateOnly('2027-05-25'),
        },
      });
      const res = await putTerms('admin', { quarters: QUARTERS }, 'ky', foreign.id);
      expect(res.status).toBe(404);
    });
  });

  describe('when a teacher tries', () => {
    it('answers 403 and changes nothing', async () => {
      const terms = await termsOfYear();
      const res = await putTerms('classTeacher', { quarters: QUARTERS });
      expect(res.status).toBe(403);
      expect(await termsOfYear()).toEqual(terms);
    });
  });
});

describe('school.upsertYear — a new current year', () => {
  it('unsets the old current year in the same change, auditing both; and back', async () => {
    const audit = await h.db.prisma.auditEntry.count();
    const res = await putYear('admin', {
      name: '2027-2028',
      startsOn: '2027-09-01',
      endsOn: '2028-05-25',
      isCurrent: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '2027-2028', isCurrent: true, terms: [] });
    const current = await h.db.prisma.academicYear.findMany({
      where: { schoolId: h.world.school.id, isCurrent: true },
    });
    expect(current.map((y) => y.name)).toEqual(['2027-2028']);
    const entries = await h.db.prisma.auditEntry.findMany({
      where: { id: { gt: 0 } },
      orderBy: { id: 'asc' },
      skip: audit,
    });
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ['year.update', String(h.world.year.id)],
      ['year.create', String(res.body.id)],
    ]);
    // The journal now refuses lessons of the old year: its dates are no longer the current year's.
    const lesson = await request(h.app)
      .post('/api/v1/lessons')
      .set(await h.headersFor('teacherOfClass'))
      .send({
        classGroupId: h.world.classA.id,
        subjectId: h.world.math.id,
        date: '2026-10-20',
        lessonNumber: 1,
      });
    expect(lesson.status).toBe(400);

    const back = await putYear('deputy', {
      name: '2026-2027',
      startsOn: '2026-09-01',
      endsOn: '2027-05-31',
      isCurrent: true,
    });
    expect(back.status).toBe(200);
    const years = (await getYears('admin')).body as { name: string; isCurrent: boolean }[];
    expect(years.map((y) => [y.name, y.isCurrent])).toEqual([
      ['2027-2028', false],
      ['2026-2027', true],
    ]);
  });
});
