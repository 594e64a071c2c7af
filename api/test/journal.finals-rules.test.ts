import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

// "Now" is 28 December 2026: quarter 1 is over, quarter 2 and half-year 1 end today, quarter 3
// and the year have not begun or ended.
const NOW = new Date('2026-12-28T06:00:00Z');

let h: ApiHarness;
let q1: number;
let q2: number;
let q3: number;
let half1: number;
let lessonNumber = 0;
beforeAll(async () => {
  h = await createApiHarness({ now: NOW });
  const { world } = h;
  q1 = world.terms[0]!.id;
  q2 = world.terms[1]!.id;
  q3 = world.terms[2]!.id;
  half1 = (
    await h.db.prisma.term.findFirstOrThrow({
      where: { yearId: world.year.id, kind: 'HALF', number: 1 },
    })
  ).id;
  await h.db.prisma.assessmentScheme.create({
    data: {
      schoolId: world.school.id,
      yearId: world.year.id,
      gradeFrom: 5,
      gradeTo: 9,
      scale: 'FIVE_POINT',
      weights: { CONTROL: 2 },
    },
  });
});
afterAll(() => h.close());

const problem = (res: { text: string }) => JSON.parse(res.text);

const putFinals = async (role: Role, body: Record<string, unknown>, lang = 'ky') =>
  request(h.app)
    .put('/api/v1/final-marks')
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send({ classGroupId: h.world.classA.id, subjectId: h.world.math.id, ...body });

const summary = async (termId: number, role: Role = 'parentA') =>
  request(h.app)
    .get(`/api/v1/pupils/${h.world.pupilA.id}/terms/${termId}/summary`)
    .set(await h.headersFor(role));

const mathOf = (res: { body: { subjects: { subject: { id: number } }[] } }) =>
  res.body.subjects.find((s) => s.subject.id === h.world.math.id) as Record<string, unknown>;

const journalPage = async (termId: number, subjectId = h.world.math.id) =>
  request(h.app)
    .get(`/api/v1/classes/${h.world.classA.id}/journal`)
    .query({ subjectId, termId })
    .set(await h.headersFor('teacherOfClass'));

const suggestion = async (termId: number, subjectId = h.world.math.id) =>
  request(h.app)
    .get('/api/v1/final-marks/suggestion')
    .query({ pupilId: h.world.pupilA.id, subjectId, termId })
    .set(await h.headersFor(subjectId === h.world.math.id ? 'teacherOfClass' : 'classTeacher'));

const counts = async () => ({
  finals: await h.db.prisma.finalMark.count(),
  audit: await h.db.prisma.auditEntry.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
});

const lesson = (date: string, subjectId = h.world.math.id) =>
  h.db.prisma.lesson.create({
    data: {
      classGroupId: h.world.classA.id,
      subjectId,
      teacherId:
        subjectId === h.world.math.id
          ? h.world.users.teacherOfClass.id
          : h.world.users.classTeacher.id,
      date: dateOnly(date),
      lessonNumber: 1 + (lessonNumber++ % 8),
    },
  });

describe('half-year finals', () => {
  it('are saved as HALF_YEAR and show in the diary term summary and on the journal page', async () => {
    const res = await putFinals('teacherOfClass', {
      termId: half1,
      marks: [{ pupilId: h.world.pupilA.id, value: 4 }],
    });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('HALF_YEAR');
    const stored = await h.db.prisma.finalMark.findFirstOrThrow({ where: { termId: half1 } });
    expect(stored.kind).toBe('HALF_YEAR');

    const diary = await summary(half1);
    expect(diary.status).toBe(200);
    expect(mathOf(diary)).toMatchObject({
      finalMark: 4,
      finalResult: 'MARK',
      finalMarks: [{ kind: 'HALF_YEAR', value: 4, result: 'MARK' }],
    });
    const page = await journalPage(half1);
    expect(page.body.pupils.find((p: { id: number }) => p.id === h.world.pupilA.id)).toMatchObject({
      finalMarks: [{ kind: 'HALF_YEAR', value: 4, result: 'MARK' }],
    });
    expect((await suggestion(half1)).body).toMatchObject({ kind: 'HALF_YEAR', current: 4 });
  });

  it('refuses the quarter kind for a half-year', async () => {
    const res = await putFinals('teacherOfClass', {
      termId: half1,
      kind: 'TERM',
      marks: [{ pupilId: h.world.pupilA.id, value: 4 }],
    });
    expect(res.status).toBe(400);
    expect(problem(res).errors[0]).toMatchObject({ code: 'kindDoesNotMatchTerm' });
  });
});

describe('stored mark weights', () => {
  it("keep past averages when the school changes its scheme's weights", async () => {
    // Two marks entered under the scheme CONTROL = 2: a control 2 and an oral 5 → (4 + 5) / 3 = 3.
    const l1 = await lesson('2026-12-22');
    const l2 = await lesson('2026-12-23');
    for (const [lessonId, value, kind] of [
      [l1.id, 2, 'CONTROL'],
      [l2.id, 5, 'ORAL'],
    ] as const) {
      const res = await request(h.app)
        .post('/api/v1/marks')
        .set(await h.headersFor('teacherOfClass'))
        .send({ lessonId, pupilId: h.world.pupilA.id, value, kind });
      expect(res.status).toBe(201);
    }
    const before = {
      suggestion: (await suggestion(q2)).body,
      diary: mathOf(await summary(q2)),
      page: (await journalPage(q2)).body.pupils.find(
        (p: { id: number }) => p.id === h.world.pupilA.id,
      ),
    };
    expect(before.suggestion).toMatchObject({ average: 3, suggested: 3 });
    // One 5 more: (9 + 5) / 4 = 3.5 → 4.
    expect(before.diary).toMatchObject({ average: 3, fivesToNextMark: 1 });
    expect(before.page).toMatchObject({ average: 3 });

    // Mid-year the school makes every kind weigh 1; the scheme alone would now give 3.5.
    const put = await request(h.app)
      .put(`/api/v1/schools/${h.world.school.id}/years/${h.world.year.id}/assessment-schemes`)
      .set(await h.headersFor('admin'))
      .send({
        bands: [
          { gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED' },
          { gradeFrom: 4, gradeTo: 11, scale: 'FIVE_POINT', weights: {} },
        ],
      });
    expect(put.status).toBe(200);

    expect((await suggestion(q2)).body).toMatchObject({ average: 3, suggested: 3 });
    expect(mathOf(await summary(q2))).toMatchObject({
      average: 3,
      fivesToNextMark: 1,
      marks: [
        { value: 2, weight: 2 },
        { value: 5, weight: 1 },
      ],
    });
    const page = (await journalPage(q2)).body.pupils.find(
      (p: { id: number }) => p.id === h.world.pupilA.id,
    );
    expect(page).toMatchObject({ average: 3 });
  });
});

describe('the year mark', () => {
  it('is suggested from the numeric quarter finals by default, н/а left out', async () => {
    // Quarter finals in Kyrgyz language: 4 (Q1) and 5 (Q2) → 4.5 → 5; Q3 н/а does not count.
    const kyrgyz = h.world.kyrgyz.id;
    await h.db.prisma.finalMark.createMany({
      data: [
        { termId: q1, value: 4, result: 'MARK' as const },
        { termId: q2, value: 5, result: 'MARK' as const },
        { termId: q3, value: null, result: 'NOT_ASSESSED' as const },
      ].map((f) => ({
        ...f,
        pupilId: h.world.pupilA.id,
        subjectId: kyrgyz,
        kind: 'TERM' as const,
        teacherId: h.world.users.teacherOfClass.id,
      })),
    });
    // Its marks of the year say otherwise (2 and 3 → 2.5 → 3), so the rule is visible.
    for (const [date, value] of [
      ['2026-10-05', 2],
      ['2026-12-01', 3],
    ] as const) {
      const l = await lesson(date, kyrgyz);
      await h.db.prisma.mark.create({
        data: {
          lessonId: l.id,
          pupilId: h.world.pupilA.id,
          subjectId: kyrgyz,
          teacherId: h.world.users.teacherOfClass.id,
          date: l.date,
          value,
        },
      });
    }
    const byFinals = await suggestion(h.world.yearTerm.id, kyrgyz);
    expect(byFinals.body).toMatchObject({
      kind: 'YEAR',
      basis: 'TERM',
      average: 4.5,
      marksCount: 2,
      suggested: 5,
    });

    await h.db.prisma.school.update({
      where: { id: h.world.school.id },
      data: { yearMarkRule: 'ALL_MARKS' },
    });
    const byMarks = await suggestion(h.world.yearTerm.id, kyrgyz);
    expect(byMarks.body).toMatchObject({ basis: 'MARKS', average: 2.5, suggested: 3 });
    await h.db.prisma.school.update({
      where: { id: h.world.school.id },
      data: { yearMarkRule: 'TERM_FINALS' },
    });
  });
});

describe('final-mark corrections, н/а and бош', () => {
  it('records н/а and бош without a number, and refuses a number with them or none without', async () => {
    const res = await putFinals('teacherOfClass', {
      termId: q1,
      marks: [
        { pupilId: h.world.pupilA.id, result: 'NOT_ASSESSED' },
        { pupilId: h.world.pupilA2.id, result: 'EXEMPT' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.marks).toMatchObject([
      { pupilId: h.world.pupilA.id, value: null, result: 'NOT_ASSESSED' },
      { pupilId: h.world.pupilA2.id, value: null, result: 'EXEMPT' },
    ]);
    expect(mathOf(await summary(q1))).toMatchObject({
      finalMark: null,
      finalResult: 'NOT_ASSESSED',
    });

    const before = await counts();
    const both = await putFinals(
      'teacherOfClass',
      { termId: q2, marks: [{ pupilId: h.world.pupilA.id, result: 'EXEMPT', value: 5 }] },
      'ru',
    );
    expect(both.status).toBe(400);
    expect(problem(both).errors[0]).toMatchObject({
      path: 'marks.0.value',
      code: 'finalValueNotAllowed',
      message: 'При отметке «н/а» или «осв.» оценка не ставится.',
    });
    const none = await putFinals('teacherOfClass', {
      termId: q2,
      marks: [{ pupilId: h.world.pupilA.id }],
    });
    expect(problem(none).errors[0]).toMatchObject({ code: 'finalValueRequired' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a correction without a reason and audits old → new with one', async () => {
    const before = await counts();
    const bare = await putFinals('teacherOfClass', {
      termId: q1,
      marks: [{ pupilId: h.world.pupilA.id, value: 3 }],
    });
    expect(bare.status).toBe(400);
    expect(problem(bare).errors[0]).toMatchObject({
      path: 'reason',
      code: 'finalCorrectionReasonRequired',
      message: 'Коюлган жыйынтык бааны оңдоо үчүн себебин жазыңыз.',
    });
    expect(await counts()).toEqual(before);

    const fixed = await putFinals('teacherOfClass', {
      termId: q1,
      marks: [{ pupilId: h.world.pupilA.id, value: 3 }],
      reason: 'Ооруп калган, тапшырмаларды кийин тапшырды',
    });
    expect(fixed.status).toBe(200);
    expect(await counts()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      action: 'finalMark.change',
      reason: 'Ооруп калган, тапшырмаларды кийин тапшырды',
    });
    expect(audit.before).toMatchObject({ value: null, result: 'NOT_ASSESSED' });
    expect(audit.after).toMatchObject({ value: 3, result: 'MARK' });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ type: 'final-mark.changed' });
    expect(event.payload).toMatchObject({
      pupilId: h.world.pupilA.id,
      previousValue: null,
      previousResult: 'NOT_ASSESSED',
    });
  });

  it('withdraws a final with a reason: kept, audited, announced, and no longer shown', async () => {
    const row = await h.db.prisma.finalMark.findFirstOrThrow({
      where: { termId: q1, pupilId: h.world.pupilA.id, subjectId: h.world.math.id },
    });
    const noReason = await request(h.app)
      .delete(`/api/v1/final-marks/${row.id}`)
      .set(await h.headersFor('teacherOfClass'))
      .send({});
    expect(noReason.status).toBe(400);
    const stranger = await request(h.app)
      .delete(`/api/v1/final-marks/${row.id}`)
      .set(await h.headersFor('teacherOfOtherClass'))
      .send({ reason: 'x' });
    expect(stranger.status).toBe(403);
    const parent = await request(h.app)
      .delete(`/api/v1/final-marks/${row.id}`)
      .set(await h.headersFor('parentA'))
      .send({ reason: 'x' });
    expect(parent.status).toBe(403);
    expect(
      (await h.db.prisma.finalMark.findUniqueOrThrow({ where: { id: row.id } })).withdrawnAt,
    ).toBeNull();

    const res = await request(h.app)
      .delete(`/api/v1/final-marks/${row.id}`)
      .set(await h.headersFor('deputy'))
      .send({ reason: 'Башка окуучуга коюлуп калган' });
    expect(res.status).toBe(204);
    const after = await h.db.prisma.finalMark.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ value: 3, withdrawReason: 'Башка окуучуга коюлуп калган' });
    expect(after.withdrawnAt).not.toBeNull();
    const audit = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({
      action: 'finalMark.withdraw',
      reason: 'Башка окуучуга коюлуп калган',
    });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ type: 'final-mark.withdrawn' });
    expect(mathOf(await summary(q1))).toMatchObject({ finalMark: null, finalMarks: [] });
    expect((await suggestion(q1)).body.current).toBeNull();

    const again = await request(h.app)
      .delete(`/api/v1/final-marks/${row.id}`)
      .set(await h.headersFor('deputy'))
      .send({ reason: 'Дагы' });
    expect(again.status).toBe(404);

    // Recorded again, it is a new final: no reason needed.
    const renewed = await putFinals('teacherOfClass', {
      termId: q1,
      marks: [{ pupilId: h.world.pupilA.id, value: 4 }],
    });
    expect(renewed.status).toBe(200);
    expect(mathOf(await summary(q1))).toMatchObject({ finalMark: 4 });
  });
});

describe('early finals', () => {
  it('are refused for a term that has not ended, with its end date, and writing nothing', async () => {
    const before = await counts();
    const res = await putFinals('teacherOfClass', {
      termId: q3,
      marks: [{ pupilId: h.world.pupilA.id, value: 5 }],
    });
    expect(res.status).toBe(400);
    expect(problem(res).errors[0]).toMatchObject({ path: 'termId', code: 'termNotEnded' });
    expect(problem(res).errors[0].message).toContain('2027-03-20');
    const admin = await putFinals('admin', {
      termId: h.world.yearTerm.id,
      marks: [{ pupilId: h.world.pupilA.id, value: 5 }],
    });
    expect(problem(admin).errors[0]).toMatchObject({ code: 'termNotEnded' });
    expect(await counts()).toEqual(before);
  });

  it("are accepted on the term's last day, and earlier once the administration allows them", async () => {
    // Quarter 2 ends today.
    const lastDay = await putFinals('teacherOfClass', {
      termId: q2,
      marks: [{ pupilId: h.world.pupilA2.id, value: 4 }],
    });
    expect(lastDay.status).toBe(200);
    const allow = await request(h.app)
      .patch(`/api/v1/schools/${h.world.school.id}/settings`)
      .set(await h.headersFor('admin'))
      .send({ allowEarlyFinals: true });
    expect(allow.status).toBe(200);
    const early = await putFinals('teacherOfClass', {
      termId: q3,
      marks: [{ pupilId: h.world.pupilA.id, value: 5 }],
    });
    expect(early.status).toBe(200);
  });
});
