import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
let q1: number;
beforeAll(async () => {
  h = await createApiHarness();
  const { world } = h;
  const prisma = h.db.prisma;
  q1 = world.terms[0]!.id;
  // The tests' "now" lies inside quarter 1: this school lets its teachers record finals early.
  await prisma.school.update({ where: { id: world.school.id }, data: { allowEarlyFinals: true } });
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
  let n = 0;
  const mark = async (
    pupilId: number,
    date: string,
    value: number,
    kind: 'ORAL' | 'CONTROL' | 'HOMEWORK',
    deleted = false,
  ) => {
    const lesson = await prisma.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly(date),
        lessonNumber: 1 + (n++ % 10),
      },
    });
    await prisma.mark.create({
      data: {
        lessonId: lesson.id,
        pupilId,
        value,
        kind,
        // Stored as recordMark stores it: the scheme's weight for the kind at the time.
        weight: kind === 'CONTROL' ? 2 : 1,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: lesson.date,
        ...(deleted ? { deletedAt: new Date(), deleteReason: 'жаңылыш' } : {}),
      },
    });
  };
  // Pupil A: control work 2 (weight 2) and oral 5 → (4 + 5) / 3 = 3.00 → 3; unweighted 3.5 would give 4.
  await mark(world.pupilA.id, '2026-09-10', 2, 'CONTROL');
  await mark(world.pupilA.id, '2026-09-11', 5, 'ORAL');
  await mark(world.pupilA.id, '2026-09-12', 5, 'ORAL', true);
  await mark(world.pupilA.id, '2026-11-12', 2, 'ORAL');
  // Pupil A2: 4 and 3 → 3.5 → 4 (half up).
  await mark(world.pupilA2.id, '2026-09-10', 4, 'ORAL');
  await mark(world.pupilA2.id, '2026-09-11', 3, 'HOMEWORK');
});
afterAll(() => h.close());

const suggestion = async (role: Role, pupilId: number, termId = q1) =>
  request(h.app)
    .get('/api/v1/final-marks/suggestion')
    .query({ pupilId, subjectId: h.world.math.id, termId })
    .set(await h.headersFor(role));

const putFinals = async (role: Role, body: Record<string, unknown>, lang = 'ky') =>
  request(h.app)
    .put('/api/v1/final-marks')
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send({ classGroupId: h.world.classA.id, subjectId: h.world.math.id, termId: q1, ...body });

const counts = async () => ({
  finals: await h.db.prisma.finalMark.count(),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
});

describe('journal.suggestFinalMark (GET /final-marks/suggestion)', () => {
  it('weights the current marks of the term by the scheme and leaves deleted and other-term marks out', async () => {
    const res = await suggestion('teacherOfClass', h.world.pupilA.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'TERM',
      average: 3,
      marksCount: 2,
      suggested: 3,
      current: null,
      period: { from: '2026-09-01', to: '2026-10-31' },
    });
  });

  it('rounds half up', async () => {
    const res = await suggestion('deputy', h.world.pupilA2.id);
    expect(res.body).toMatchObject({ average: 3.5, marksCount: 2, suggested: 4 });
  });

  it('covers the whole year for the year term where the school derives it from all marks', async () => {
    await h.db.prisma.school.update({
      where: { id: h.world.school.id },
      data: { yearMarkRule: 'ALL_MARKS' },
    });
    const res = await suggestion('admin', h.world.pupilA.id, h.world.yearTerm.id);
    // (2·2 + 5 + 2) / 4 = 2.75 → 3
    expect(res.body).toMatchObject({ kind: 'YEAR', average: 2.75, marksCount: 3, suggested: 3 });
    await h.db.prisma.school.update({
      where: { id: h.world.school.id },
      data: { yearMarkRule: 'TERM_FINALS' },
    });
  });

  it('suggests nothing without marks', async () => {
    const res = await suggestion('teacherOfClass', h.world.pupilA.id, h.world.terms[2]!.id);
    expect(res.body).toMatchObject({ average: null, marksCount: 0, suggested: null });
  });

  it('refuses others than the subject teacher and the administration', async () => {
    for (const role of [
      'classTeacher',
      'teacherOfOtherClass',
      'psychologist',
      'parentA',
      'pupilA',
    ] as const) {
      expect((await suggestion(role, h.world.pupilA.id)).status, role).toBe(403);
    }
  });

  it('answers 400 for a term of another school year', async () => {
    const otherYear = await h.db.prisma.academicYear.create({
      data: {
        schoolId: h.world.school.id,
        name: '2025-2026',
        startsOn: dateOnly('2025-09-01'),
        endsOn: dateOnly('2026-05-25'),
      },
    });
    const oldTerm = await h.db.prisma.term.create({
      data: {
        yearId: otherYear.id,
        kind: 'QUARTER',
        number: 1,
        startsOn: dateOnly('2025-09-01'),
        endsOn: dateOnly('2025-10-31'),
      },
    });
    const res = await suggestion('teacherOfClass', h.world.pupilA.id, oldTerm.id);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0]).toMatchObject({ path: 'termId', code: 'termNotInYear' });
  });
});

describe('journal.recordFinalMarks (PUT /final-marks)', () => {
  it('records the term marks of a class with an audit entry and an event each', async () => {
    const before = await counts();
    const res = await putFinals('teacherOfClass', {
      marks: [
        { pupilId: h.world.pupilA.id, value: 3 },
        { pupilId: h.world.pupilA2.id, value: 4 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'TERM', termId: q1 });
    expect(res.body.marks.map((m: { value: number }) => m.value)).toEqual([3, 4]);
    expect(await counts()).toEqual({
      finals: before.finals + 2,
      audit: before.audit + 2,
      outbox: before.outbox + 2,
    });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event.type).toBe('final-mark.posted');
    expect(event.payload).toMatchObject({ pupilId: h.world.pupilA2.id });
    expect((await suggestion('teacherOfClass', h.world.pupilA.id)).body.current).toBe(3);
  });

  it('writes nothing for unchanged marks and, with a reason, one audit entry and event for a changed one', async () => {
    await putFinals('teacherOfClass', { marks: [{ pupilId: h.world.pupilA.id, value: 3 }] });
    const before = await counts();
    await putFinals('teacherOfClass', { marks: [{ pupilId: h.world.pupilA.id, value: 3 }] });
    expect(await counts()).toEqual(before);
    await putFinals('teacherOfClass', {
      marks: [
        { pupilId: h.world.pupilA.id, value: 4 },
        { pupilId: h.world.pupilA2.id, value: 4 },
      ],
      reason: 'Бакылоо иши кайра текшерилди',
    });
    expect(await counts()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      action: 'finalMark.change',
      entity: 'finalMark',
      reason: 'Бакылоо иши кайра текшерилди',
    });
    expect(audit.before).toMatchObject({ value: 3 });
    expect(audit.after).toMatchObject({ value: 4 });
  });

  it('takes YEAR for the year term and EXAM on request, and refuses a kind the term does not call for', async () => {
    const year = await putFinals('deputy', {
      termId: h.world.yearTerm.id,
      marks: [{ pupilId: h.world.pupilA.id, value: 4 }],
    });
    expect(year.body.kind).toBe('YEAR');
    const exam = await putFinals('deputy', {
      termId: h.world.yearTerm.id,
      kind: 'EXAM',
      marks: [{ pupilId: h.world.pupilA.id, value: 5 }],
    });
    expect(exam.body.kind).toBe('EXAM');
    const before = await counts();
    const wrong = await putFinals('deputy', {
      kind: 'YEAR',
      marks: [{ pupilId: h.world.pupilA.id, value: 5 }],
    });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text).errors[0]).toMatchObject({
      path: 'kind',
      code: 'kindDoesNotMatchTerm',
    });
    expect(await counts()).toEqual(before);
  });

  describe('when one value is outside the scale', () => {
    it('answers 400 naming the row and writes none of the batch', async () => {
      const before = await counts();
      const res = await putFinals('teacherOfClass', {
        termId: h.world.terms[1]!.id,
        marks: [
          { pupilId: h.world.pupilA.id, value: 5 },
          { pupilId: h.world.pupilA2.id, value: 6 },
        ],
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors[0]).toMatchObject({
        path: 'marks.1.value',
        code: 'markOutOfScale',
        message: 'Баа 2 менен 5 ортосунда болушу керек.',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a pupil of another class is in the batch', () => {
    it('answers 400 pupilNotInClass and writes nothing', async () => {
      const before = await counts();
      const res = await putFinals('teacherOfClass', {
        termId: h.world.terms[1]!.id,
        marks: [
          { pupilId: h.world.pupilA.id, value: 5 },
          { pupilId: h.world.pupilB.id, value: 5 },
        ],
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors[0]).toMatchObject({
        path: 'marks.1.pupilId',
        code: 'pupilNotInClass',
      });
      expect(await counts()).toEqual(before);
    });
  });

  it('refuses others than the subject teacher and the administration, writing nothing', async () => {
    const before = await counts();
    for (const role of [
      'classTeacher',
      'teacherOfOtherClass',
      'psychologist',
      'parentA',
      'pupilA',
    ] as const) {
      const res = await putFinals(role, { marks: [{ pupilId: h.world.pupilA.id, value: 2 }] });
      expect(res.status, role).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });
});
