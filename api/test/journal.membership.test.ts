import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { dateOnly } from '../../domain/dates.ts';
import { createDomain, type Domain } from '../../domain/index.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_PASSWORD } from '../../test/world.ts';
import { schoolSheets, withCells, XLSX_TYPE, xlsxOf } from './fixtures/school-workbook.ts';

// The first import runs on the tests' "now" (15 October 2026); the transfer is imported on
// 20 November 2026 by a second app over the same database.
const TRANSFER_DAY = new Date('2026-11-20T06:00:00Z');

let h: ApiHarness;
let later: { domain: Domain; app: ReturnType<typeof createApp> };
let pupilId = 0;
let classB5 = 0;
beforeAll(async () => {
  h = await createApiHarness();
  const domain = createDomain({
    databaseUrl: h.db.url,
    maxConnections: 2,
    now: () => TRANSFER_DAY,
  });
  later = {
    domain,
    app: createApp({
      domain,
      logger: pino({ level: 'silent' }),
      i18n: createI18n(),
      serviceToken: SERVICE_TOKEN,
      loginLimit: 1000,
      linkCodeLimit: 1000,
    }),
  };
});
afterAll(async () => {
  await later.domain.close();
  await h.close();
});

const login = async (
  app: ReturnType<typeof createApp>,
  who: 'admin' | 'teacherOfClass' | 'classTeacher',
) => {
  const res = await request(app)
    .post('/api/v1/auth/login')
    .send({ login: h.world.users[who].login, password: TEST_PASSWORD });
  return { cookie: String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '' };
};

const upload = async (app: ReturnType<typeof createApp>, content: Buffer) =>
  request(app)
    .post(`/api/v1/schools/${h.world.school.id}/imports`)
    .set(await login(app, 'admin'))
    .set('content-type', XLSX_TYPE)
    .set('x-file-name', 'school.xlsx')
    .send(content);

const pageOf = async (classGroupId: number, from: string, to: string) => {
  const res = await request(later.app)
    .get(`/api/v1/classes/${classGroupId}/journal`)
    .query({ subjectId: h.world.math.id, from, to })
    .set(await login(later.app, 'admin'));
  expect(res.status, res.text).toBe(200);
  return (res.body.pupils as { id: number }[]).map((p) => p.id);
};

const mathLesson = (classGroupId: number, date: string) =>
  h.db.prisma.lesson.create({
    data: {
      classGroupId,
      subjectId: h.world.math.id,
      teacherId: h.world.users.teacherOfClass.id,
      date: dateOnly(date),
      lessonNumber: 5,
    },
  });

describe('class membership with dates', () => {
  it('is opened by the import for a new pupil and moved by the import for a transfer', async () => {
    const first = await upload(h.app, await xlsxOf(schoolSheets(h.world, 'ru')));
    expect(first.status, first.text).toBe(200);
    const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { externalId: 'P-007' } });
    pupilId = pupil.id;
    expect(pupil.classGroupId).toBe(h.world.classA.id);
    expect(
      await h.db.prisma.classMembership.findMany({
        where: { pupilId },
        select: { classGroupId: true, fromDate: true, toDate: true },
      }),
    ).toEqual([
      { classGroupId: h.world.classA.id, fromDate: dateOnly('2026-10-15'), toDate: null },
    ]);

    // Pupils row 8 is P-007: moved from 5-А to 5-Б.
    const moved = withCells(schoolSheets(h.world, 'ru'), 'Ученики', 8, { 5: '5-Б' });
    const second = await upload(later.app, await xlsxOf(moved));
    expect(second.status, second.text).toBe(200);
    const after = await h.db.prisma.pupil.findUniqueOrThrow({ where: { id: pupilId } });
    classB5 = after.classGroupId;
    expect(classB5).not.toBe(h.world.classA.id);
    expect(
      await h.db.prisma.classMembership.findMany({
        where: { pupilId },
        orderBy: { fromDate: 'asc' },
        select: { classGroupId: true, fromDate: true, toDate: true },
      }),
    ).toEqual([
      {
        classGroupId: h.world.classA.id,
        fromDate: dateOnly('2026-10-15'),
        toDate: dateOnly('2026-11-19'),
      },
      { classGroupId: classB5, fromDate: dateOnly('2026-11-20'), toDate: null },
    ]);
  });

  it("keeps a transferred pupil on the old class's past pages and shows them on the new class's from the transfer", async () => {
    expect(await pageOf(h.world.classA.id, '2026-11-01', '2026-11-19')).toContain(pupilId);
    expect(await pageOf(h.world.classA.id, '2026-11-20', '2026-11-30')).not.toContain(pupilId);
    // A page spanning the transfer lists the pupil on both sides.
    expect(await pageOf(h.world.classA.id, '2026-11-09', '2026-12-28')).toContain(pupilId);
    expect(await pageOf(classB5, '2026-11-01', '2026-11-19')).not.toContain(pupilId);
    expect(await pageOf(classB5, '2026-11-20', '2026-11-30')).toContain(pupilId);
    // Pupils who never moved (no membership rows from an import) stay on every page.
    expect(await pageOf(h.world.classA.id, '2026-09-01', '2026-09-30')).toEqual(
      expect.arrayContaining([h.world.pupilA.id, h.world.pupilA2.id]),
    );
  });

  it('lets the old class teacher mark the pupil on a lesson before the transfer, not after', async () => {
    const before = await mathLesson(h.world.classA.id, '2026-11-18');
    const afterMove = await mathLesson(h.world.classA.id, '2026-11-20');
    const teacher = await login(later.app, 'teacherOfClass');
    const ok = await request(later.app)
      .post('/api/v1/marks')
      .set(teacher)
      .send({ lessonId: before.id, pupilId, value: 4 });
    expect(ok.status, ok.text).toBe(201);
    const refused = await request(later.app)
      .post('/api/v1/marks')
      .set(teacher)
      .send({ lessonId: afterMove.id, pupilId, value: 4 });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0]).toMatchObject({ code: 'pupilNotInClass' });
    const page = await request(later.app)
      .get(`/api/v1/classes/${h.world.classA.id}/journal`)
      .query({ subjectId: h.world.math.id, from: '2026-11-18', to: '2026-11-18' })
      .set(teacher);
    const row = (
      page.body.pupils as { id: number; cells: { marks: { value: number }[] }[] }[]
    ).find((p) => p.id === pupilId);
    expect(row?.cells[0]?.marks).toMatchObject([{ value: 4 }]);
  });

  it('asks the final-mark suggestion of the class the pupil was in during the term', async () => {
    // The class teacher teaches Kyrgyz in 5-А only: quarter 1 (in 5-А) yes, quarter 3 (5-Б) no.
    const teacher = await login(later.app, 'classTeacher');
    const ask = (termId: number) =>
      request(later.app)
        .get('/api/v1/final-marks/suggestion')
        .query({ pupilId, subjectId: h.world.kyrgyz.id, termId })
        .set(teacher);
    expect((await ask(h.world.terms[0]!.id)).status).toBe(200);
    expect((await ask(h.world.terms[2]!.id)).status).toBe(403);
  });

  it("keeps last year's journal rows for pupils who have since been promoted", async () => {
    const p = h.db.prisma;
    const lastYear = await p.academicYear.create({
      data: {
        schoolId: h.world.school.id,
        name: '2025-2026',
        startsOn: dateOnly('2025-09-01'),
        endsOn: dateOnly('2026-05-25'),
      },
    });
    const grade4 = await p.gradeLevel.create({ data: { schoolId: h.world.school.id, grade: 4 } });
    const oldClass = await p.classGroup.create({
      data: {
        schoolId: h.world.school.id,
        yearId: lastYear.id,
        gradeLevelId: grade4.id,
        letter: 'А',
      },
    });
    await p.classMembership.createMany({
      data: [
        {
          pupilId: h.world.pupilA.id,
          classGroupId: oldClass.id,
          fromDate: dateOnly('2025-09-01'),
          toDate: dateOnly('2026-08-31'),
        },
        {
          pupilId: h.world.pupilA.id,
          classGroupId: h.world.classA.id,
          fromDate: dateOnly('2026-09-01'),
        },
      ],
    });
    expect(await pageOf(oldClass.id, '2025-09-01', '2025-10-31')).toEqual([h.world.pupilA.id]);
    expect(await pageOf(h.world.classA.id, '2026-09-01', '2026-10-31')).toContain(
      h.world.pupilA.id,
    );
  });
});
