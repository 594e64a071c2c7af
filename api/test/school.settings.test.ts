import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const patchSettings = async (role: Role, body: unknown, lang = 'ky') =>
  request(h.app)
    .patch(`/api/v1/schools/${h.world.school.id}/settings`)
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send(body as object);

const getBells = async (role: Role, schoolId = h.world.school.id) =>
  request(h.app)
    .get(`/api/v1/schools/${schoolId}/bell-schedule`)
    .set(await h.headersFor(role));

const putBells = async (role: Role, shifts: object[], lang = 'ky') =>
  request(h.app)
    .put(`/api/v1/schools/${h.world.school.id}/bell-schedule`)
    .set(await h.headersFor(role))
    .set('accept-language', lang)
    .send({ shifts });

const school = () => h.db.prisma.school.findUniqueOrThrow({ where: { id: h.world.school.id } });
const counts = async () => ({
  bells: await h.db.prisma.bellSlot.count(),
  audit: await h.db.prisma.auditEntry.count(),
});

const TWO_SHIFTS = [
  {
    shift: 2,
    lessons: [
      { number: 2, startsAt: '14:25', endsAt: '15:10' },
      { number: 1, startsAt: '13:30', endsAt: '14:15' },
    ],
  },
  {
    shift: 1,
    lessons: [
      { number: 1, startsAt: '08:00', endsAt: '08:45' },
      { number: 2, startsAt: '08:55', endsAt: '09:40' },
      { number: 3, startsAt: '09:40', endsAt: '10:25' },
    ],
  },
];

describe('school.getSchoolSettings', () => {
  it('gives staff the name and the late-entry window', async () => {
    const res = await request(h.app)
      .get(`/api/v1/schools/${h.world.school.id}/settings`)
      .set(await h.headersFor('teacherOfOtherClass'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: h.world.school.id,
      code: h.world.school.code,
      name: h.world.school.name,
      timeZone: 'Asia/Bishkek',
      lateEntryDays: 7,
      yearMarkRule: 'TERM_FINALS',
      allowEarlyFinals: false,
    });
  });

  describe('when a pupil or another school’s staff asks', () => {
    it('answers 403 to the pupil, and to another school 404 as for a missing school', async () => {
      const pupil = await request(h.app)
        .get(`/api/v1/schools/${h.world.school.id}/settings`)
        .set(await h.headersFor('pupilA'));
      expect(pupil.status).toBe(403);
      const foreign = await request(h.app)
        .get(`/api/v1/schools/${otherSchoolId}/settings`)
        .set(await h.headersFor('admin'));
      expect(foreign.status).toBe(404);
    });
  });
});

describe('school.updateSchoolSettings', () => {
  it('lets the administrator shorten the late-entry window, which the journal then applies', async () => {
    const before = await counts();
    const res = await patchSettings('admin', { lateEntryDays: 0 });
    expect(res.status).toBe(200);
    expect(res.body.lateEntryDays).toBe(0);
    expect((await school()).lateEntryDays).toBe(0);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const entry = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ action: 'school.settings.update', entity: 'school' });
    expect(entry.before).toMatchObject({ lateEntryDays: 7 });

    // Yesterday's lesson is now past the window: a mark needs a reason.
    const mark = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .send({ lessonId: h.world.lessonA.id, pupilId: h.world.pupilA.id, value: 5 });
    expect(mark.status).toBe(409);
    expect(problem(mark).code).toBe('JOURNAL_LOCKED');

    const renamed = await patchSettings('admin', {
      name: 'Т. Сатылганов атындагы мектеп',
      lateEntryDays: 7,
    });
    expect(renamed.status).toBe(200);
    expect(await school()).toMatchObject({
      name: 'Т. Сатылганов атындагы мектеп',
      lateEntryDays: 7,
    });
  });

  it('switches the year-mark rule and early finals, audited, and refuses an unknown rule', async () => {
    const res = await patchSettings('admin', { yearMarkRule: 'ALL_MARKS', allowEarlyFinals: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ yearMarkRule: 'ALL_MARKS', allowEarlyFinals: true });
    const entry = await h.db.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(entry.before).toMatchObject({ yearMarkRule: 'TERM_FINALS', allowEarlyFinals: false });
    expect(entry.after).toMatchObject({ yearMarkRule: 'ALL_MARKS', allowEarlyFinals: true });
    const bad = await patchSettings('admin', { yearMarkRule: 'AVERAGE' });
    expect(bad.status).toBe(400);
    expect(problem(bad).errors[0]).toMatchObject({ path: 'yearMarkRule', code: 'invalidValue' });
    const back = await patchSettings('admin', {
      yearMarkRule: 'TERM_FINALS',
      allowEarlyFinals: false,
    });
    expect(back.status).toBe(200);
    expect(await school()).toMatchObject({ yearMarkRule: 'TERM_FINALS', allowEarlyFinals: false });
  });

  describe('when the deputy tries', () => {
    it('answers 403 and changes nothing', async () => {
      const before = await school();
      const res = await patchSettings('deputy', { lateEntryDays: 30 });
      expect(res.status).toBe(403);
      expect(await school()).toEqual(before);
    });
  });

  describe('when the window is longer than 60 days or nothing is given', () => {
    it('answers 400 in Russian and changes nothing', async () => {
      const before = await school();
      const audit = await h.db.prisma.auditEntry.count();
      const long = await patchSettings('admin', { lateEntryDays: 61 }, 'ru');
      expect(long.status).toBe(400);
      expect(problem(long).errors[0]).toMatchObject({
        path: 'lateEntryDays',
        code: 'tooBig',
        message: 'Слишком много (не больше 60).',
      });
      const empty = await patchSettings('admin', {}, 'ru');
      expect(empty.status).toBe(400);
      expect(problem(empty).errors[0]).toMatchObject({
        code: 'nothingToChange',
        message: 'Не указано, что изменить.',
      });
      const text = await patchSettings('admin', { lateEntryDays: '7' }, 'ru');
      expect(text.status).toBe(400);
      expect(await school()).toEqual(before);
      expect(await h.db.prisma.auditEntry.count()).toBe(audit);
    });
  });
});

describe('school.setBellSchedule', () => {
  it('replaces the schedule of every shift and audits it', async () => {
    const before = await counts();
    const res = await putBells('deputy', TWO_SHIFTS);
    expect(res.status).toBe(200);
    expect(res.body.shifts.map((s: { shift: number }) => s.shift)).toEqual([1, 2]);
    expect(res.body.shifts[1].lessons).toEqual([
      { number: 1, startsAt: '13:30', endsAt: '14:15' },
      { number: 2, startsAt: '14:25', endsAt: '15:10' },
    ]);
    expect(await counts()).toEqual({ bells: 5, audit: before.audit + 1 });

    const onlyFirst = await putBells('admin', [TWO_SHIFTS[1] ?? {}]);
    expect(onlyFirst.status).toBe(200);
    expect(await h.db.prisma.bellSlot.count()).toBe(3);
  });

  describe('when lessons overlap', () => {
    it('answers 400 bellsOverlap in Kyrgyz and changes nothing', async () => {
      const before = await counts();
      const res = await putBells('admin', [
        {
          shift: 1,
          lessons: [
            { number: 1, startsAt: '08:00', endsAt: '08:45' },
            { number: 2, startsAt: '08:40', endsAt: '09:25' },
          ],
        },
      ]);
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]).toMatchObject({
        path: 'shifts.0.lessons.1.startsAt',
        code: 'bellsOverlap',
        message: '2-сабак 1-сабак бүткөндөн кийин башталышы керек.',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('when times are malformed, reversed or repeated', () => {
    it('names every problem and changes nothing', async () => {
      const before = await counts();
      const malformed = await putBells('admin', [
        { shift: 1, lessons: [{ number: 1, startsAt: '8:00', endsAt: '24:10' }] },
      ]);
      expect(malformed.status).toBe(400);
      expect(problem(malformed).errors.map((e: { code: string }) => e.code)).toEqual([
        'invalidTime',
        'invalidTime',
      ]);
      expect(problem(malformed).errors[0].message).toBe(
        'Убакыт СС:ММ түрүндө болушу керек (мисалы, 08:00).',
      );
      const reversed = await putBells('admin', [
        {
          shift: 1,
          lessons: [
            { number: 1, startsAt: '08:45', endsAt: '08:00' },
            { number: 1, startsAt: '09:00', endsAt: '09:45' },
          ],
        },
        { shift: 1, lessons: [{ number: 1, startsAt: '08:00', endsAt: '08:45' }] },
      ]);
      expect(reversed.status).toBe(400);
      expect(
        problem(reversed).errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`),
      ).toEqual([
        'shifts.0.lessons.1.number duplicateLessonNumber',
        'shifts.0.lessons.0.endsAt lessonEndsBeforeStart',
        'shifts.1.shift duplicateShift',
      ]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a teacher tries', () => {
    it('answers 403 and changes nothing', async () => {
      const before = await counts();
      expect((await putBells('classTeacher', TWO_SHIFTS)).status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });
});

describe('school.getBellSchedule', () => {
  it('shows the bells to staff, parents and pupils of the school', async () => {
    for (const role of ['psychologist', 'parentA', 'parentB', 'pupilA'] as const) {
      const res = await getBells(role);
      expect(res.status, role).toBe(200);
      expect(res.body.shifts[0].lessons[0]).toEqual({
        number: 1,
        startsAt: '08:00',
        endsAt: '08:45',
      });
    }
  });

  describe('when the school is not the user’s', () => {
    it('answers a parent and staff as for a missing school (404)', async () => {
      expect((await getBells('parentA', otherSchoolId)).status).toBe(404);
      expect((await getBells('admin', otherSchoolId)).status).toBe(404);
      expect((await getBells('anonymous')).status).toBe(401);
    });
  });
});
