import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import type { DiaryLesson } from '../../domain/diary/assemble.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';
import {
  addAttachment,
  addAttendance,
  addBells,
  addLesson,
  addMark,
  addParent,
  addSlot,
  botHeaders,
} from './diary-factories.ts';

let h: ApiHarness;
/** Ids made by the scenario below. */
const s = {
  kyrgyzLessonId: 0,
  earlierMathLessonId: 0,
  changedMarkId: 0,
  deletedMarkId: 0,
  otherPupilMarkId: 0,
  twoChildrenTg: 2001n,
};

/*
 * 5-А (shift 1) in the week of Monday 12 October 2026; "today" is Thursday the 15th.
 *   Wed: 1 Кыргыз тили (Гүлнара, room 12), 2 Математика (Бакыт, room 21)
 *   Thu: 1 Математика, 2 Кыргыз тили — Гүлнара absent, Өмүр substitutes —, 3 Математика
 *   Fri: 1 Кыргыз тили;  Sat: 1 Математика, 2 Англис тили in two subgroups (pupil A in 1-топ)
 */
beforeAll(async () => {
  h = await createApiHarness();
  const { prisma } = h.db;
  const w = h.world;
  const { teacherOfClass, classTeacher, teacherOfOtherClass } = w.users;
  await addBells(prisma, w.school.id);
  const math = { subjectId: w.math.id, teacherId: teacherOfClass.id, room: '21' };
  const kyrgyz = { subjectId: w.kyrgyz.id, teacherId: classTeacher.id, room: '12' };
  const classGroupId = w.classA.id;
  await addSlot(prisma, { classGroupId, weekday: 3, lessonNumber: 1, ...kyrgyz });
  await addSlot(prisma, { classGroupId, weekday: 3, lessonNumber: 2, ...math });
  await addSlot(prisma, { classGroupId, weekday: 4, lessonNumber: 1, ...math });
  await addSlot(prisma, { classGroupId, weekday: 4, lessonNumber: 2, ...kyrgyz });
  await addSlot(prisma, { classGroupId, weekday: 4, lessonNumber: 3, ...math });
  await addSlot(prisma, { classGroupId, weekday: 5, lessonNumber: 1, ...kyrgyz });
  await addSlot(prisma, { classGroupId, weekday: 6, lessonNumber: 1, ...math });
  const english = await prisma.subject.create({
    data: { schoolId: w.school.id, code: 'ENG', nameKy: 'Англис тили', nameRu: 'Английский язык' },
  });
  const group1 = await prisma.subgroup.create({ data: { classGroupId, name: '1-топ' } });
  const group2 = await prisma.subgroup.create({ data: { classGroupId, name: '2-топ' } });
  await prisma.subgroupMember.create({ data: { subgroupId: group1.id, pupilId: w.pupilA.id } });
  await prisma.subgroupMember.create({ data: { subgroupId: group2.id, pupilId: w.pupilA2.id } });
  await addSlot(prisma, {
    classGroupId,
    weekday: 6,
    lessonNumber: 2,
    subjectId: english.id,
    teacherId: teacherOfClass.id,
    room: '31',
    subgroupId: group1.id,
  });
  await addSlot(prisma, {
    classGroupId,
    weekday: 6,
    lessonNumber: 2,
    subjectId: english.id,
    teacherId: w.users.deputy.id,
    room: '32',
    subgroupId: group2.id,
  });
  await prisma.assessmentScheme.create({
    data: {
      schoolId: w.school.id,
      yearId: w.year.id,
      gradeFrom: 4,
      gradeTo: 11,
      scale: 'FIVE_POINT',
      weights: { CONTROL: 2 },
    },
  });

  const kyrgyzLesson = await addLesson(prisma, {
    classGroupId,
    ...kyrgyz,
    date: '2026-10-14',
    lessonNumber: 1,
    topic: 'Зат атооч',
    material: 'Окуу китеби, 34-бет',
    homework: 'Жаттоо: «Ала-Тоо» ыры',
    homeworkDueOn: '2026-10-16',
  });
  s.kyrgyzLessonId = kyrgyzLesson.id;
  const earlier = await addLesson(prisma, {
    classGroupId,
    ...math,
    date: '2026-10-07',
    lessonNumber: 2,
    topic: 'Жөнөкөй бөлчөктөр',
  });
  s.earlierMathLessonId = earlier.id;
  const lessonA = w.lessonA;
  await prisma.individualHomework.create({
    data: { lessonId: lessonA.id, pupilId: w.pupilA.id, text: 'Кошумча: 5 мисал' },
  });
  await prisma.individualHomework.create({
    data: { lessonId: lessonA.id, pupilId: w.pupilA2.id, text: 'Айзаданын өзүнчө тапшырмасы' },
  });
  await addAttachment(prisma, lessonA.id, 'HOMEWORK', 'көнүгүүлөр.pdf');
  // A lesson that only carries another pupil's individual homework.
  const thirdThursday = await addLesson(prisma, {
    classGroupId,
    ...math,
    date: '2026-10-15',
    lessonNumber: 3,
  });
  await prisma.individualHomework.create({
    data: { lessonId: thirdThursday.id, pupilId: w.pupilA2.id, text: 'Айзада үчүн гана' },
  });

  await addMark(prisma, lessonA, w.pupilA.id, {
    value: 5,
    kind: 'ORAL',
    comment: 'Жакшы жооп берди',
  });
  const changed = await addMark(prisma, earlier, w.pupilA.id, { value: 4, kind: 'WRITTEN' });
  s.changedMarkId = changed.id;
  await prisma.auditEntry.create({
    data: {
      schoolId: w.school.id,
      actorId: teacherOfClass.id,
      action: 'mark.change',
      entity: 'mark',
      entityId: String(changed.id),
      before: { value: 3 },
      after: { value: 4 },
    },
  });
  await addMark(prisma, earlier, w.pupilA.id, { value: 3, kind: 'CONTROL' });
  s.deletedMarkId = (
    await addMark(prisma, kyrgyzLesson, w.pupilA.id, { value: 2, kind: 'ORAL', deleted: true })
  ).id;
  s.otherPupilMarkId = (
    await addMark(prisma, lessonA, w.pupilA2.id, { value: 3, kind: 'ORAL' })
  ).id;
  await addAttendance(prisma, kyrgyzLesson, w.pupilA.id, 'LATE', { lateMinutes: 10 });
  await addAttendance(prisma, earlier, w.pupilA.id, 'ABSENT');
  await prisma.finalMark.create({
    data: {
      pupilId: w.pupilA.id,
      subjectId: w.math.id,
      termId: w.terms[0]!.id,
      kind: 'TERM',
      value: 4,
      teacherId: teacherOfClass.id,
    },
  });
  await prisma.substitution.create({
    data: {
      classGroupId,
      date: dateOnly('2026-10-15'),
      lessonNumber: 2,
      subjectId: w.kyrgyz.id,
      absentTeacherId: classTeacher.id,
      substituteTeacherId: teacherOfOtherClass.id,
      room: '7',
      reason: 'Ооруп калды',
      createdById: w.users.deputy.id,
    },
  });
  await addParent(prisma, w.school.id, s.twoChildrenTg, [w.pupilA2.id, w.pupilB.id], {
    lastName: 'Өмүрбекова',
    firstName: 'Чолпон',
  });
});
afterAll(() => h.close());

const get = async (
  role: Role | Record<string, string>,
  url: string,
  query: Record<string, string> = {},
) =>
  request(h.app)
    .get(`/api/v1${url}`)
    .set(typeof role === 'string' ? await h.headersFor(role) : role)
    .query(query);

const dayOf = (body: { lessons: DiaryLesson[] }, n: number): DiaryLesson => {
  const found = body.lessons.find((l) => l.lessonNumber === n);
  if (!found) throw new Error(`no lesson ${n}`);
  return found;
};

describe('diary.listChildren (GET /me/children)', () => {
  it('gives a parent their child with class name and school', async () => {
    const res = await get('parentA', '/me/children');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        pupilId: h.world.pupilA.id,
        lastName: 'Асанов',
        firstName: 'Нурлан',
        patronymic: 'Бакыт уулу',
        className: '5-А',
        isSelf: false,
        school: { id: h.world.school.id, name: 'Ш. Абдылдаев атындагы орто мектеби' },
      }),
    ]);
  });

  describe('when a parent has two children', () => {
    it('lists both, younger class first, so the parent can switch between them', async () => {
      const res = await get(botHeaders(s.twoChildrenTg), '/me/children');
      expect(res.status).toBe(200);
      expect(
        res.body.map((c: { pupilId: number; className: string }) => [c.pupilId, c.className]),
      ).toEqual([
        [h.world.pupilA2.id, '5-А'],
        [h.world.pupilB.id, '6-Б'],
      ]);
    });

    it("lets the parent open each child's diary but no other pupil's", async () => {
      const headers = botHeaders(s.twoChildrenTg);
      expect((await get(headers, `/pupils/${h.world.pupilA2.id}/diary/day`)).status).toBe(200);
      expect((await get(headers, `/pupils/${h.world.pupilB.id}/diary/day`)).status).toBe(200);
      expect((await get(headers, `/pupils/${h.world.pupilA.id}/diary/day`)).status).toBe(403);
    });
  });

  it('gives a pupil themself', async () => {
    const res = await get('pupilA', '/me/children');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ pupilId: h.world.pupilA.id, isSelf: true, className: '5-А' }),
    ]);
  });

  it('gives staff without children an empty list', async () => {
    const res = await get('teacherOfClass', '/me/children');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('refuses an anonymous caller', async () => {
    expect((await get('anonymous', '/me/children')).status).toBe(401);
  });
});

describe('diary.getDiaryDay (GET /pupils/:pupilId/diary/day)', () => {
  describe('on a day with entered lessons', () => {
    it('shows lessons in order with bells, rooms, topics, homework, attachments, marks and attendance', async () => {
      const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/day`, {
        date: '2026-10-14',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        date: '2026-10-14',
        weekday: 3,
        isSchoolDay: true,
        pupil: { id: h.world.pupilA.id, className: '5-А' },
      });
      expect(res.body.lessons.map((l: { lessonNumber: number }) => l.lessonNumber)).toEqual([1, 2]);

      const kyrgyz = dayOf(res.body, 1);
      expect(kyrgyz).toMatchObject({
        lessonId: s.kyrgyzLessonId,
        startsAt: '08:00',
        endsAt: '08:45',
        subject: { nameKy: 'Кыргыз тили', nameRu: 'Кыргызский язык' },
        teacher: { id: h.world.users.classTeacher.id, firstName: 'Гүлнара' },
        room: '12',
        isSubstitution: false,
        topic: 'Зат атооч',
        material: 'Окуу китеби, 34-бет',
        homework: { text: 'Жаттоо: «Ала-Тоо» ыры', individual: null, dueOn: '2026-10-16' },
        attendance: { status: 'LATE', lateMinutes: 10 },
      });
      expect(kyrgyz.marks).toEqual([]);

      const math = dayOf(res.body, 2);
      expect(math).toMatchObject({
        lessonId: h.world.lessonA.id,
        startsAt: '08:55',
        subject: { nameKy: 'Математика' },
        teacher: { firstName: 'Бакыт' },
        room: '21',
        topic: 'Бөлчөктөр',
        // No due date was set: the next math lesson in the timetable is Thursday's.
        homework: { text: '§12, 3-көнүгүү', individual: 'Кошумча: 5 мисал', dueOn: '2026-10-15' },
        attendance: null,
      });
      expect(math.marks).toEqual([
        expect.objectContaining({ value: 5, kind: 'ORAL', comment: 'Жакшы жооп берди' }),
      ]);
      expect(math.attachments).toEqual([
        expect.objectContaining({ fileName: 'көнүгүүлөр.pdf', target: 'HOMEWORK' }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain('Айзада');
    });

    it('leaves out deleted marks and other pupils\u2019 marks', async () => {
      const res = await get('pupilA', `/pupils/${h.world.pupilA.id}/diary/day`, {
        date: '2026-10-14',
      });
      expect(res.status).toBe(200);
      const ids = res.body.lessons.flatMap((l: { marks: { id: number }[] }) =>
        l.marks.map((m) => m.id),
      );
      expect(ids).not.toContain(s.deletedMarkId);
      expect(ids).not.toContain(s.otherPupilMarkId);
      expect(ids).toHaveLength(1);
    });
  });

  describe('without a date', () => {
    it('shows today in Bishkek with the planned lessons and the substitution flagged', async () => {
      const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/day`);
      expect(res.status).toBe(200);
      expect(res.body.date).toBe('2026-10-15');
      expect(res.body.lessons.map((l: { lessonNumber: number }) => l.lessonNumber)).toEqual([
        1, 2, 3,
      ]);
      expect(dayOf(res.body, 1)).toMatchObject({
        lessonId: null,
        subject: { nameKy: 'Математика' },
        isSubstitution: false,
        homework: null,
      });
      const covered = dayOf(res.body, 2);
      expect(covered).toMatchObject({
        subject: { nameKy: 'Кыргыз тили' },
        teacher: { id: h.world.users.teacherOfOtherClass.id, firstName: 'Өмүр' },
        room: '7',
        isSubstitution: true,
        substitution: {
          absentTeacher: { id: h.world.users.classTeacher.id, firstName: 'Гүлнара' },
          substituteTeacher: { id: h.world.users.teacherOfOtherClass.id, firstName: 'Өмүр' },
        },
      });
      // Why a teacher is absent is for staff, not for parents.
      expect(JSON.stringify(res.body)).not.toContain('Ооруп');
      // The third lesson exists only to carry another pupil's individual homework.
      expect(dayOf(res.body, 3).homework).toBeNull();
    });
  });

  it("shows a split lesson only as the pupil's own subgroup has it", async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/day`, {
      date: '2026-10-17',
    });
    expect(res.status).toBe(200);
    expect(
      res.body.lessons.map((l: DiaryLesson) => [l.lessonNumber, l.subject.nameKy, l.room]),
    ).toEqual([
      [1, 'Математика', '21'],
      [2, 'Англис тили', '31'],
    ]);
    const classmate = await get('classTeacher', `/pupils/${h.world.pupilA2.id}/diary/day`, {
      date: '2026-10-17',
    });
    expect(dayOf(classmate.body, 2)).toMatchObject({
      room: '32',
      teacher: { firstName: 'Нургүл' },
    });
  });

  it('shows a Sunday and a holiday as days without school', async () => {
    for (const date of ['2026-10-18', '2026-11-04']) {
      const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/day`, { date });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ date, isSchoolDay: false, lessons: [] });
    }
  });

  it('lets the class teacher, the psychologist and the administration read the pupil', async () => {
    for (const role of ['classTeacher', 'psychologist', 'admin'] as const) {
      expect((await get(role, `/pupils/${h.world.pupilA.id}/diary/day`)).status, role).toBe(200);
    }
  });

  it("refuses a subject teacher the pupil's whole diary (their subject is in the class journal)", async () => {
    expect((await get('teacherOfClass', `/pupils/${h.world.pupilA.id}/diary/day`)).status).toBe(
      403,
    );
  });

  describe('when the date is invalid', () => {
    it('answers 400 with a localized message', async () => {
      for (const date of ['2026-02-30', 'tomorrow', '15.10.2026', '']) {
        const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/day`, { date });
        expect(res.status, date).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors[0]).toMatchObject({
          path: 'date',
          code: 'invalidDate',
          message: 'Күн ЖЖЖЖ-АА-КК түрүндө болушу керек.',
        });
      }
      const ru = await request(h.app)
        .get(`/api/v1/pupils/${h.world.pupilA.id}/diary/day`)
        .set(await h.headersFor('parentA'))
        .set('accept-language', 'ru')
        .query({ date: '2026-13-01' });
      expect(ru.status).toBe(400);
      expect(ru.body.errors[0].message).toBe('Дата должна быть в виде ГГГГ-ММ-ДД.');
    });

    it('answers 400 for an unknown query parameter', async () => {
      const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/day`, { pupil: '1' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ code: 'unknownField' });
    });
  });

  it('answers 404 for a pupil that does not exist', async () => {
    expect((await get('admin', '/pupils/999999/diary/day')).status).toBe(404);
  });
});

describe('diary.getDiaryWeek (GET /pupils/:pupilId/diary/week)', () => {
  it('gives Monday to Saturday of the week, each day like the day view without attachments', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/week`, {
      date: '2026-10-14',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ weekStart: '2026-10-12', weekEnd: '2026-10-17' });
    expect(
      res.body.days.map((d: { date: string; weekday: number }) => [d.date, d.weekday]),
    ).toEqual([
      ['2026-10-12', 1],
      ['2026-10-13', 2],
      ['2026-10-14', 3],
      ['2026-10-15', 4],
      ['2026-10-16', 5],
      ['2026-10-17', 6],
    ]);
    const [mon, , wed, thu, fri, sat] = res.body.days;
    expect(mon.lessons).toEqual([]);
    expect(dayOf(wed, 2)).toMatchObject({
      topic: 'Бөлчөктөр',
      marks: [expect.objectContaining({ value: 5 })],
    });
    expect(dayOf(wed, 2)).not.toHaveProperty('attachments');
    expect(dayOf(thu, 2)).toMatchObject({ isSubstitution: true, teacher: { firstName: 'Өмүр' } });
    expect(dayOf(fri, 1).subject.nameKy).toBe('Кыргыз тили');
    expect(dayOf(sat, 1).subject.nameKy).toBe('Математика');
  });

  it('takes a Sunday to the week that just ended and a Monday to its own week', async () => {
    const sunday = await get('pupilA', `/pupils/${h.world.pupilA.id}/diary/week`, {
      date: '2026-10-18',
    });
    expect(sunday.body).toMatchObject({ weekStart: '2026-10-12', weekEnd: '2026-10-17' });
    const monday = await get('pupilA', `/pupils/${h.world.pupilA.id}/diary/week`, {
      date: '2026-10-19',
    });
    expect(monday.body).toMatchObject({ weekStart: '2026-10-19', weekEnd: '2026-10-24' });
  });

  it('defaults to the current week', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/week`);
    expect(res.body).toMatchObject({ weekStart: '2026-10-12', weekEnd: '2026-10-17' });
  });

  it('answers 400 for an invalid date', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/diary/week`, {
      date: '2026-10-32',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'date', code: 'invalidDate' });
  });
});

describe('diary.listPupilMarks (GET /pupils/:pupilId/marks)', () => {
  it('lists current marks of the period newest first, flags changed ones and leaves out deleted ones', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/marks`, {
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(res.status).toBe(200);
    expect(
      res.body.marks.map((m: { date: string; value: number; kind: string }) => [
        m.date,
        m.value,
        m.kind,
      ]),
    ).toEqual([
      ['2026-10-14', 5, 'ORAL'],
      ['2026-10-07', 3, 'CONTROL'],
      ['2026-10-07', 4, 'WRITTEN'],
    ]);
    const changed = res.body.marks.find((m: { id: number }) => m.id === s.changedMarkId);
    expect(changed).toMatchObject({
      isChanged: true,
      subject: { nameKy: 'Математика' },
      topic: 'Жөнөкөй бөлчөктөр',
    });
    expect(res.body.marks.filter((m: { isChanged: boolean }) => m.isChanged)).toHaveLength(1);
  });

  it('filters by subject', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/marks`, {
      from: '2026-10-01',
      to: '2026-10-31',
      subjectId: String(h.world.kyrgyz.id),
    });
    expect(res.status).toBe(200);
    expect(res.body.marks).toEqual([]);
  });

  it('defaults to the last 30 days', async () => {
    const res = await get('pupilA', `/pupils/${h.world.pupilA.id}/marks`);
    expect(res.body).toMatchObject({ from: '2026-09-15', to: '2026-10-15' });
    expect(res.body.marks).toHaveLength(3);
  });

  describe('when the period is reversed or too long', () => {
    it('answers 400 with a localized message', async () => {
      const reversed = await get('parentA', `/pupils/${h.world.pupilA.id}/marks`, {
        from: '2026-10-31',
        to: '2026-10-01',
      });
      expect(reversed.status).toBe(400);
      expect(reversed.body.errors[0]).toMatchObject({ path: 'to', code: 'rangeReversed' });
      expect(reversed.body.errors[0].message).not.toBe('Маани туура эмес.');
      const long = await get('parentA', `/pupils/${h.world.pupilA.id}/marks`, {
        from: '2025-01-01',
        to: '2026-10-01',
      });
      expect(long.status).toBe(400);
      expect(long.body.errors[0]).toMatchObject({ code: 'rangeTooLong', params: { maxDays: 400 } });
      expect(long.body.errors[0].message).toContain('400');
    });
  });
});

describe('diary.getPupilTermSummary (GET /pupils/:pupilId/terms/:termId/summary)', () => {
  it('gives per subject the marks, weighted average, final mark, absences and the 5s needed', async () => {
    const termId = h.world.terms[0]!.id;
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/terms/${termId}/summary`);
    expect(res.status).toBe(200);
    expect(res.body.term).toMatchObject({
      id: termId,
      kind: 'QUARTER',
      number: 1,
      startsOn: '2026-09-01',
      endsOn: '2026-10-31',
    });
    expect(res.body.subjects.map((x: { subject: { nameKy: string } }) => x.subject.nameKy)).toEqual(
      ['Кыргыз тили', 'Математика'],
    );
    const [kyrgyz, math] = res.body.subjects;
    // 5 (oral) + 4 (written) + 3 (control, weight 2) → 15 / 4 = 3.75, rounds to 4; six 5s make 45 / 10 = 4.5 → 5.
    expect(math).toMatchObject({
      average: 3.75,
      fivesToNextMark: 6,
      finalMark: 4,
      absent: 1,
      late: 0,
      excused: 0,
    });
    expect(math.marks.map((m: { value: number; weight: number }) => [m.value, m.weight])).toEqual([
      [4, 1],
      [3, 2],
      [5, 1],
    ]);
    expect(kyrgyz).toMatchObject({
      marks: [],
      average: null,
      fivesToNextMark: null,
      finalMark: null,
      late: 1,
      absent: 0,
    });
  });

  it('answers 404 for a term that does not exist', async () => {
    expect((await get('parentA', `/pupils/${h.world.pupilA.id}/terms/999999/summary`)).status).toBe(
      404,
    );
  });
});

describe('diary.listHomework (GET /pupils/:pupilId/homework)', () => {
  it("lists homework due in the period with the pupil's own, never a classmate's", async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/homework`, {
      from: '2026-10-15',
      to: '2026-10-21',
    });
    expect(res.status).toBe(200);
    expect(res.body.homework).toEqual([
      expect.objectContaining({
        lessonId: h.world.lessonA.id,
        givenOn: '2026-10-14',
        dueOn: '2026-10-15',
        text: '§12, 3-көнүгүү',
        individual: 'Кошумча: 5 мисал',
        attachments: [expect.objectContaining({ fileName: 'көнүгүүлөр.pdf' })],
      }),
      expect.objectContaining({
        lessonId: s.kyrgyzLessonId,
        dueOn: '2026-10-16',
        text: 'Жаттоо: «Ала-Тоо» ыры',
        individual: null,
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('Айзада');
  });

  it('defaults to the week from today', async () => {
    const res = await get('pupilA', `/pupils/${h.world.pupilA.id}/homework`);
    expect(res.body).toMatchObject({ from: '2026-10-15', to: '2026-10-21' });
    expect(res.body.homework).toHaveLength(2);
  });

  it('leaves out homework due before the period', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/homework`, {
      from: '2026-10-17',
      to: '2026-10-23',
    });
    expect(res.body.homework).toEqual([]);
  });
});

describe('diary.listPupilAttendance (GET /pupils/:pupilId/attendance)', () => {
  it('lists entries newest first with totals', async () => {
    const res = await get('parentA', `/pupils/${h.world.pupilA.id}/attendance`, {
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(res.status).toBe(200);
    expect(res.body.entries).toEqual([
      expect.objectContaining({
        date: '2026-10-14',
        lessonNumber: 1,
        status: 'LATE',
        lateMinutes: 10,
        subject: expect.objectContaining({ nameKy: 'Кыргыз тили' }),
      }),
      expect.objectContaining({ date: '2026-10-07', lessonNumber: 2, status: 'ABSENT' }),
    ]);
    expect(res.body.totals).toEqual({ PRESENT: 0, LATE: 1, ABSENT: 1, EXCUSED: 0 });
  });
});

describe('diary access (R2)', () => {
  const endpoints = (pupilId: number) => [
    `/pupils/${pupilId}/diary/day`,
    `/pupils/${pupilId}/diary/week`,
    `/pupils/${pupilId}/marks`,
    `/pupils/${pupilId}/terms/${h.world.terms[0]!.id}/summary`,
    `/pupils/${pupilId}/homework`,
    `/pupils/${pupilId}/attendance`,
  ];

  it("refuses parent A every endpoint of pupil B's diary", async () => {
    for (const url of endpoints(h.world.pupilB.id)) {
      const res = await get('parentA', url);
      expect(res.status, url).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('Иванов');
    }
  });

  it("refuses pupil A every endpoint of classmate A2's diary", async () => {
    for (const url of endpoints(h.world.pupilA2.id)) {
      expect((await get('pupilA', url)).status, url).toBe(403);
    }
  });

  it('refuses a teacher of another class and asks an anonymous caller to sign in', async () => {
    for (const url of endpoints(h.world.pupilA.id)) {
      expect((await get('teacherOfOtherClass', url)).status, url).toBe(403);
      expect((await get('anonymous', url)).status, url).toBe(401);
    }
  });
});
