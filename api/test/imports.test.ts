import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';
import {
  csvOf,
  schoolSheets,
  withCells,
  XLSX_TYPE,
  xlsxOf,
  type FixtureSheet,
} from './fixtures/school-workbook.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const rowCounts = async () => {
  const p = h.db.prisma;
  return {
    users: await p.user.count(),
    roles: await p.staffRole.count(),
    classes: await p.classGroup.count(),
    gradeLevels: await p.gradeLevel.count(),
    subjects: await p.subject.count(),
    pupils: await p.pupil.count(),
    guardians: await p.guardian.count(),
    load: await p.teachingAssignment.count(),
    slots: await p.timetableSlot.count(),
    audit: await p.auditEntry.count(),
    outbox: await p.outboxEvent.count(),
  };
};

const upload = async (
  content: Buffer,
  options: {
    role?: Role;
    fileName?: string;
    type?: string;
    lang?: string;
    query?: Record<string, string>;
  } = {},
) =>
  request(h.app)
    .post(`/api/v1/schools/${h.world.school.id}/imports`)
    .query(options.query ?? {})
    .set(await h.headersFor(options.role ?? 'deputy'))
    .set('accept-language', options.lang ?? 'ru')
    .set('content-type', options.type ?? XLSX_TYPE)
    .set('x-file-name', encodeURIComponent(options.fileName ?? 'мектеп-2026.xlsx'))
    .send(content);

const problem = (res: request.Response) =>
  JSON.parse(res.text) as {
    status: number;
    title: string;
    errors: { path: string; code: string; message: string }[];
  };

describe('imports.importSchoolData (POST /schools/:schoolId/imports)', () => {
  describe('when the deputy uploads a valid workbook', () => {
    let first: request.Response;
    let before: Awaited<ReturnType<typeof rowCounts>>;
    beforeAll(async () => {
      before = await rowCounts();
      first = await upload(await xlsxOf(schoolSheets(h.world, 'ru')));
    });

    it('imports every sheet and reports what it created', () => {
      expect(first.status, first.text).toBe(200);
      expect(first.body.dryRun).toBe(false);
      expect(first.body.counts).toEqual({
        classes: { created: 2, updated: 0, unchanged: 1 },
        staff: { created: 3, updated: 0, unchanged: 0 },
        subjects: { created: 3, updated: 0, unchanged: 1 },
        pupils: { created: 10, updated: 0, unchanged: 0 },
        parents: { created: 10, updated: 0, unchanged: 0 },
        guardians: { created: 12, unchanged: 0 },
        load: { created: 4, updated: 0, unchanged: 0 },
        timetable: { created: 5, updated: 0, unchanged: 0, removed: 0 },
      });
      expect(first.body.sheets.map((s: { kind: string }) => s.kind)).toEqual([
        'classes',
        'staff',
        'subjects',
        'pupils',
        'load',
        'timetable',
      ]);
    });

    it('writes the rows, with Kyrgyz letters (ң ө ү) intact', async () => {
      const p = h.db.prisma;
      const schoolId = h.world.school.id;
      const pupil = await p.pupil.findUniqueOrThrow({
        where: { schoolId_externalId: { schoolId, externalId: 'P-001' } },
        include: {
          classGroup: { include: { gradeLevel: true } },
          guardians: { include: { user: true }, orderBy: { userId: 'asc' } },
        },
      });
      expect(pupil).toMatchObject({
        lastName: 'Өмүрбеков',
        firstName: 'Нурсултан',
        patronymic: 'Талантбек уулу',
      });
      expect(pupil.birthDate?.toISOString().slice(0, 10)).toBe('2015-04-12');
      expect(`${pupil.classGroup.gradeLevel.grade}-${pupil.classGroup.letter}`).toBe('5-Б');
      expect(
        pupil.guardians.map((g) => [
          g.user.lastName,
          g.user.firstName,
          g.user.phone,
          g.user.language,
        ]),
      ).toEqual([
        ['Өмүрбекова', 'Гүлнара', '+996555123456', 'ky'],
        ['Өмүрбеков', 'Талантбек', '+996700111222', 'ky'],
      ]);
      const jangyl = await p.pupil.findUniqueOrThrow({
        where: { schoolId_externalId: { schoolId, externalId: 'P-002' } },
      });
      expect(jangyl.birthDate?.toISOString().slice(0, 10)).toBe('2015-09-03');
      const parent = await p.user.findFirstOrThrow({ where: { schoolId, phone: '+996555654321' } });
      expect([parent.lastName, parent.firstName]).toEqual(['Үсөнова', 'Жаңыл']);
      const hist = await p.subject.findUniqueOrThrow({
        where: { schoolId_code: { schoolId, code: 'HIST' } },
      });
      expect([hist.nameKy, hist.nameRu]).toEqual(['Кыргызстандын тарыхы', 'История Кыргызстана']);
      const foreign = await p.user.findFirstOrThrow({ where: { schoolId, phone: '+79161234567' } });
      expect(foreign.language).toBe('ru');
    });

    it('links siblings to the same parent accounts (matched by phone)', async () => {
      const mother = await h.db.prisma.user.findFirstOrThrow({
        where: { schoolId: h.world.school.id, phone: '+996555123456' },
        include: { children: { include: { pupil: true } } },
      });
      expect(mother.children.map((c) => c.pupil.externalId).sort()).toEqual(['P-001', 'P-005']);
    });

    it('creates staff without passwords, with their roles, and lists them', async () => {
      const p = h.db.prisma;
      const ivanov = await p.user.findUniqueOrThrow({
        where: { login: 'ivanov.p' },
        include: { roles: true, classesLed: true },
      });
      expect(ivanov.passwordHash).toBeNull();
      expect(ivanov.externalId).toBe('T-002');
      expect(ivanov.roles.map((r) => r.role).sort()).toEqual(['CLASS_TEACHER', 'TEACHER']);
      expect(ivanov.classesLed).toHaveLength(1);
      expect(ivanov.classesLed[0]).toMatchObject({ letter: 'В', shift: 2 });
      expect(first.body.needPassword.map((s: { login: string }) => s.login).sort()).toEqual([
        'ivanov.p',
        'sydykova',
        'toktogulova',
      ]);
      expect(first.text).not.toMatch(/passwordHash/);
    });

    it('writes the teaching load and the timetable', async () => {
      const p = h.db.prisma;
      const schoolId = h.world.school.id;
      const cls = await p.classGroup.findFirstOrThrow({
        where: { schoolId, letter: 'Б', gradeLevel: { grade: 5 } },
      });
      const load = await p.teachingAssignment.findMany({
        where: { classGroupId: cls.id },
        include: { subject: true },
      });
      expect(load.map((l) => [l.subject.code, l.hoursPerWeek]).sort()).toEqual([
        ['HIST', 2],
        ['MATH', 5],
      ]);
      const slots = await p.timetableSlot.findMany({
        where: { classGroupId: cls.id },
        orderBy: [{ weekday: 'asc' }, { lessonNumber: 'asc' }],
      });
      expect(slots.map((s) => [s.weekday, s.lessonNumber, s.room])).toEqual([
        [1, 1, '204'],
        [1, 2, '107'],
        [2, 1, '204'],
      ]);
      expect(slots[0]?.validFrom.toISOString().slice(0, 10)).toBe('2026-10-15');
      const music = await p.teachingAssignment.findFirstOrThrow({
        where: { subject: { code: 'MUS' } },
        include: { teacher: true, classGroup: true },
      });
      expect(music.teacher.login).toBe('sydykova');
      expect(music.classGroupId).toBe(h.world.classA.id);
    });

    it('writes one audit entry with the counts, by the deputy', async () => {
      const after = await rowCounts();
      expect(after.audit).toBe(before.audit + 1);
      const entry = await h.db.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'import.school-data' },
        orderBy: { id: 'desc' },
      });
      expect(entry.actorId).toBe(h.world.users.deputy.id);
      expect(entry.after).toMatchObject({
        fileName: 'мектеп-2026.xlsx',
        counts: { pupils: { created: 10 } },
      });
      expect(after.gradeLevels).toBe(before.gradeLevels + 1);
    });

    describe('and uploads the same file again', () => {
      it('changes nothing: every row is matched, counts stay', async () => {
        const before2 = await rowCounts();
        const again = await upload(await xlsxOf(schoolSheets(h.world, 'ru')));
        expect(again.status, again.text).toBe(200);
        const c = again.body.counts;
        for (const sheet of ['classes', 'staff', 'subjects', 'pupils', 'parents', 'load']) {
          expect(c[sheet], sheet).toMatchObject({ created: 0, updated: 0 });
        }
        expect(c.pupils.unchanged).toBe(10);
        expect(c.guardians).toEqual({ created: 0, unchanged: 12 });
        expect(c.timetable).toEqual({ created: 0, updated: 0, unchanged: 5, removed: 0 });
        expect(await rowCounts()).toEqual({ ...before2, audit: before2.audit + 1 });
      });

      it('and the same data in Kyrgyz headers and sheet names also matches everything', async () => {
        const before2 = await rowCounts();
        const again = await upload(await xlsxOf(schoolSheets(h.world, 'ky')), { lang: 'ky' });
        expect(again.status, again.text).toBe(200);
        expect(again.body.counts.pupils).toEqual({ created: 0, updated: 0, unchanged: 10 });
        expect(await rowCounts()).toEqual({ ...before2, audit: before2.audit + 1 });
      });
    });

    describe('and then a changed file', () => {
      it('updates the changed rows, replaces the class timetable and announces the change', async () => {
        let sheets = schoolSheets(h.world, 'ru');
        sheets = withCells(sheets, 'Ученики', 2, { 3: 'Талант уулу' });
        sheets = withCells(sheets, 'Нагрузка', 2, { 3: 3 });
        sheets = withCells(sheets, 'Расписание', 4, { 2: 3 });
        const before2 = await rowCounts();
        const res = await upload(await xlsxOf(sheets));
        expect(res.status, res.text).toBe(200);
        expect(res.body.counts.pupils).toEqual({ created: 0, updated: 1, unchanged: 9 });
        expect(res.body.counts.load).toEqual({ created: 0, updated: 1, unchanged: 3 });
        // Slots written today were never in force: they are replaced, not kept as history.
        expect(res.body.counts.timetable).toEqual({
          created: 3,
          updated: 0,
          unchanged: 2,
          removed: 3,
        });
        const after = await rowCounts();
        expect(after.pupils).toBe(before2.pupils);
        expect(after.slots).toBe(before2.slots);
        expect(after.outbox).toBe(before2.outbox + 1);
        const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
        expect(event.type).toBe('timetable.changed');
        const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { externalId: 'P-001' } });
        expect(pupil.patronymic).toBe('Талант уулу');
      });
    });
  });

  describe('when a row is broken (Pupils row 7: class "9-Я" and a date that does not exist)', () => {
    const broken = () =>
      xlsxOf(
        withCells(schoolSheets(h.world, 'ru').map(renameToNewSchoolYear), 'Ученики', 7, {
          4: '31.02.2014',
          5: '9-Я',
        }),
      );

    it('refuses the whole file in Russian, naming sheet, row and column of both problems, and writes nothing', async () => {
      const before = await rowCounts();
      const res = await upload(await broken(), { lang: 'ru' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = problem(res);
      expect(body.title).toBe('В данных есть ошибка.');
      expect(body.errors).toEqual([
        {
          path: 'Ученики.7.Дата рождения',
          code: 'imports.invalidDate',
          message:
            'Лист «Ученики», строка 7, столбец «Дата рождения»: «31.02.2014» — неверная дата. Пишите дату как ДД.ММ.ГГГГ (например, 12.03.2014) или ГГГГ-ММ-ДД.',
          params: expect.objectContaining({ sheet: 'Ученики', row: 7, column: 'Дата рождения' }),
        },
        {
          path: 'Ученики.7.Класс',
          code: 'imports.classNotFound',
          message:
            'Лист «Ученики», строка 7, столбец «Класс»: класса «9-Я» нет ни в файле, ни в школе.',
          params: expect.objectContaining({
            sheet: 'Ученики',
            row: 7,
            column: 'Класс',
            class: '9-Я',
          }),
        },
      ]);
      expect(await rowCounts()).toEqual(before);
      expect(await h.db.prisma.pupil.count({ where: { externalId: 'N-001' } })).toBe(0);
    });

    it('names them in Kyrgyz when the user reads Kyrgyz', async () => {
      const before = await rowCounts();
      const res = await upload(await broken(), { lang: 'ky' });
      expect(res.status).toBe(400);
      const body = problem(res);
      expect(body.title).toBe('Киргизилген маалыматта ката бар.');
      expect(body.errors.map((e) => e.message)).toEqual([
        '«Ученики» барагы, 7-сап, «Дата рождения» тилкеси: «31.02.2014» — туура эмес күн. Күндү КК.АА.ЖЖЖЖ (мисалы, 12.03.2014) же ЖЖЖЖ-АА-КК түрүндө жазыңыз.',
        '«Ученики» барагы, 7-сап, «Класс» тилкеси: «9-Я» классы файлда да, мектепте да жок.',
      ]);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('when several sheets have problems', () => {
    it('reports every one of them at once', async () => {
      let sheets = schoolSheets(h.world, 'ky');
      sheets = withCells(sheets, 'Кызматкерлер', 3, { 5: 'BOSS', 6: '12345' });
      sheets = withCells(sheets, 'Жүктөм', 3, { 1: 'XYZ', 3: 99 });
      sheets = withCells(sheets, 'Жадыбал', 2, { 1: 'жекшемби' });
      const before = await rowCounts();
      const res = await upload(await xlsxOf(sheets), { lang: 'ky' });
      expect(res.status).toBe(400);
      expect(problem(res).errors.map((e) => `${e.path} ${e.code}`)).toEqual([
        'Кызматкерлер.3.Ролдору imports.invalidRole',
        'Кызматкерлер.3.Телефон imports.invalidPhone',
        'Жүктөм.3.Жумасына саат imports.tooBig',
        'Жүктөм.3.Предметтин коду imports.subjectNotFound',
        'Жадыбал.2.Апта күнү imports.invalidWeekday',
      ]);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('when the file is not a spreadsheet (random bytes named .xlsx)', () => {
    it('answers 400 with a localized message and writes nothing', async () => {
      const before = await rowCounts();
      const res = await upload(randomBytes(4096), { fileName: 'журнал.xlsx', lang: 'ru' });
      expect(res.status).toBe(400);
      expect(problem(res).errors).toEqual([
        expect.objectContaining({
          code: 'imports.unreadableFile',
          message:
            'Не удалось прочитать файл «журнал.xlsx»: это не .xlsx и не .csv, или файл повреждён.',
        }),
      ]);
      expect(await rowCounts()).toEqual(before);
    });

    it('explains how to save an old .xls file as .xlsx', async () => {
      const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(512)]);
      const res = await upload(ole, {
        fileName: 'old.xls',
        type: 'application/vnd.ms-excel',
        lang: 'ky',
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]?.message).toContain('Excel китеби (.xlsx)');
    });
  });

  describe('when the body is larger than 10 MB', () => {
    it('answers 400 (too large) without reading it into the import', async () => {
      const res = await upload(Buffer.alloc(11 * 1024 * 1024, 0x41), {
        fileName: 'big.csv',
        type: 'text/csv',
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors[0]?.code).toBe('tooLarge');
    });
  });

  describe('when a CSV file holds one sheet (Excel, Russian locale: ";" and BOM)', () => {
    it('recognises the sheet by its header row and imports it', async () => {
      const staff: FixtureSheet = {
        name: 'staff',
        rows: [
          ['Фамилия', 'Имя', 'Логин', 'Роли', 'Телефон', 'Язык'],
          [
            'Бейшеналиева',
            'Күмүшай',
            'beishenalieva',
            'TEACHER, PSYCHOLOGIST',
            '0555 909 808',
            'кыргызча',
          ],
        ],
      };
      const res = await upload(csvOf(staff), { fileName: 'кызматкерлер.csv', type: 'text/csv' });
      expect(res.status, res.text).toBe(200);
      expect(res.body.sheets).toEqual([{ kind: 'staff', name: 'кызматкерлер', rows: 1 }]);
      const user = await h.db.prisma.user.findUniqueOrThrow({
        where: { login: 'beishenalieva' },
        include: { roles: true },
      });
      expect([user.firstName, user.phone, user.language]).toEqual([
        'Күмүшай',
        '+996555909808',
        'ky',
      ]);
      expect(user.roles.map((r) => r.role).sort()).toEqual(['PSYCHOLOGIST', 'TEACHER']);
    });

    it('reports a CSV error by the line the user sees', async () => {
      const subjects: FixtureSheet = {
        name: 's',
        rows: [
          ['Код', 'Название (рус.)'],
          ['GEO', 'География'],
          ['', 'Черчение'],
        ],
      };
      const res = await upload(csvOf(subjects, ','), {
        fileName: 'предметы.csv',
        type: 'text/csv',
      });
      expect(res.status).toBe(400);
      expect(problem(res).errors).toEqual([
        expect.objectContaining({ path: 'предметы.3.Код', code: 'imports.required' }),
      ]);
      expect(await h.db.prisma.subject.count({ where: { code: 'GEO' } })).toBe(0);
    });
  });

  describe('with ?dryRun=true', () => {
    it('checks the file and reports counts but writes nothing', async () => {
      const before = await rowCounts();
      const sheets: FixtureSheet[] = [
        { name: 'Инструкция', rows: [['Заполните листы ниже'], ['Даты — ДД.ММ.ГГГГ']] },
        {
          name: 'Предметы',
          rows: [
            ['Код', 'Название (кырг.)', 'Название (рус.)'],
            ['CHEM', 'Химия', 'Химия'],
          ],
        },
      ];
      const res = await upload(await xlsxOf(sheets), { query: { dryRun: 'true' } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.dryRun).toBe(true);
      expect(res.body.counts.subjects).toEqual({ created: 1, updated: 0, unchanged: 0 });
      expect(res.body.warnings).toEqual([
        {
          path: 'Инструкция',
          code: 'imports.unknownSheet',
          message: 'Лист «Инструкция» не распознан и пропущен.',
        },
      ]);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('when the user is not the school administration', () => {
    for (const role of ['teacherOfClass', 'classTeacher', 'psychologist'] as const) {
      it(`refuses ${role} with 403 and writes nothing`, async () => {
        const before = await rowCounts();
        const res = await upload(await xlsxOf(schoolSheets(h.world, 'ru')), { role });
        expect(res.status).toBe(403);
        expect(problem(res).title).toBe('У вас нет прав на это действие.');
        expect(await rowCounts()).toEqual(before);
      });
    }
  });
});

/** The broken-row workbook adds new pupils so "nothing written" is visible in the pupil table. */
function renameToNewSchoolYear(sheet: FixtureSheet): FixtureSheet {
  if (sheet.name !== 'Ученики') return sheet;
  return {
    ...sheet,
    rows: sheet.rows.map((r, i) =>
      i === 0 ? r : [`N-${String(i).padStart(3, '0')}`, ...r.slice(1)],
    ),
  };
}
