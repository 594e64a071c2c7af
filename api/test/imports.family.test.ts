/**
 * Family identity in the import (ISSUE 5 §2): parents are matched by phone, so one phone with two
 * names must never silently become one adult guardian of both families' children.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TG } from '../../test/world.ts';
import { csvOf, XLSX_TYPE, xlsxOf, type FixtureCell } from './fixtures/school-workbook.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const HEADER = [
  'Внешний ID',
  'Фамилия',
  'Имя',
  'Класс',
  'Родитель 1',
  'Телефон родителя 1',
  'Родитель 2',
  'Телефон родителя 2',
];
type PupilRow = [string, string, string, string, string, string, string?, string?];

const pupilsCsv = (rows: PupilRow[]) =>
  csvOf({ name: 'Ученики', rows: [HEADER, ...(rows as FixtureCell[][])] });

const upload = async (content: Buffer, lang = 'ru', type = 'text/csv', name = 'ученики.csv') =>
  request(h.app)
    .post(`/api/v1/schools/${h.world.school.id}/imports`)
    .set(await h.headersFor('deputy'))
    .set('accept-language', lang)
    .set('content-type', type)
    .set('x-file-name', encodeURIComponent(name))
    .send(content);

const counts = async () => ({
  users: await h.db.prisma.user.count(),
  pupils: await h.db.prisma.pupil.count(),
  guardians: await h.db.prisma.guardian.count(),
});

const errorsOf = (res: request.Response) =>
  (JSON.parse(res.text) as { errors: { path: string; code: string; message: string }[] }).errors;

describe('imports: one phone, two names', () => {
  describe('when two rows of one file give the same phone with different names', () => {
    const rows: PupilRow[] = [
      ['F-101', 'Асанбекова', 'Айдай', '5-А', 'Асанбекова Назгүл', '0555 111 001'],
      ['F-102', 'Бакиров', 'Эмир', '5-А', 'Бакирова Жылдыз', '0555 111 001'],
    ];

    it('refuses the file with an error at the second row naming both rows, and writes nothing', async () => {
      const before = await counts();
      const res = await upload(pupilsCsv(rows), 'ru');
      expect(res.status).toBe(400);
      const errors = errorsOf(res);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        code: 'imports.parentPhoneNameConflict',
        path: 'ученики.3.Телефон родителя 1',
      });
      expect(errors[0]?.message).toBe(
        'Лист «ученики», строка 3, столбец «Телефон родителя 1»: телефон +996555111001 уже указан ' +
          'на листе «ученики» в строке 2 для «Асанбекова Назгүл», а здесь — для «Бакирова Жылдыз». ' +
          'Один телефон — один родитель: исправьте телефон или ФИО.',
      );
      expect(await counts()).toEqual(before);
    });

    it('says so in Kyrgyz and English too', async () => {
      const ky = errorsOf(await upload(pupilsCsv(rows), 'ky'))[0]?.message;
      expect(ky).toContain('«ученики» барагы, 3-сап');
      expect(ky).toContain('2-сабында «Асанбекова Назгүл»');
      expect(ky).toContain('«Бакирова Жылдыз»');
      const en = errorsOf(await upload(pupilsCsv(rows), 'en'))[0]?.message;
      expect(en).toMatch(/row 3.*row 2, for “Асанбекова Назгүл”.*“Бакирова Жылдыз”/);
    });

    it('also across sheets of one workbook and between parent 1 and parent 2 of one row', async () => {
      const before = await counts();
      const workbook = await xlsxOf([
        {
          name: 'Ученики 5-А',
          rows: [
            HEADER,
            ['F-111', 'Турдубаева', 'Алина', '5-А', 'Турдубаева Айзат', '0555 111 011'],
          ],
        },
        {
          name: 'Ученики 6-Б',
          rows: [
            HEADER,
            ['F-112', 'Мамытов', 'Бекзат', '6-Б', 'Мамытова Нуриза', '0555 111 011'],
            [
              'F-113',
              'Сатыбалдиев',
              'Адилет',
              '6-Б',
              'Сатыбалдиева Гүлмира',
              '0555 111 012',
              'Сатыбалдиев Руслан',
              '0555 111 012',
            ],
          ],
        },
      ]);
      const res = await upload(workbook, 'en', XLSX_TYPE, 'pupils.xlsx');
      expect(res.status).toBe(400);
      const errors = errorsOf(res);
      expect(errors.map((e) => [e.code, e.path])).toEqual([
        ['imports.parentPhoneNameConflict', 'Ученики 6-Б.2.Телефон родителя 1'],
        ['imports.parentPhoneNameConflict', 'Ученики 6-Б.3.Телефон родителя 2'],
      ]);
      expect(errors[0]?.message).toContain('on sheet “Ученики 5-А”, row 2');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when two rows give one phone with the same name spelled differently', () => {
    it('is one parent of both children (case, spaces, Latin look-alikes, ү typed as у)', async () => {
      const before = await counts();
      const res = await upload(
        pupilsCsv([
          ['F-121', 'Жумабаев', 'Алмаз', '5-А', 'Жумабаева Гүлиза', '0555 111 021'],
          ['F-122', 'Жумабаева', 'Аруузат', '6-Б', ' жумабаева  Гулиза', '0555 111 021'],
          ['F-123', 'Жумабаев', 'Нурэл', '6-Б', 'Жумабaева ГҮЛИЗА', '+996 555 111 021'],
        ]),
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body.warnings).toEqual([]);
      const after = await counts();
      expect(after.users - before.users).toBe(1);
      expect(after.guardians - before.guardians).toBe(3);
      const mother = await h.db.prisma.user.findFirstOrThrow({
        where: { phone: '+996555111021' },
        include: { children: true },
      });
      expect(mother.children).toHaveLength(3);
    });
  });

  describe('when a re-import gives a stored parent’s phone with another name', () => {
    it('updates the name and reports it as a localized warning listing the rows', async () => {
      const first = await upload(
        pupilsCsv([
          ['F-131', 'Токтогулова', 'Алия', '5-А', 'Токтогулова Бермет', '0555 111 031'],
          ['F-132', 'Токтогулов', 'Азат', '6-Б', 'Токтогулова Бермет', '0555 111 031'],
        ]),
      );
      expect(first.status, first.text).toBe(200);
      expect(first.body.warnings).toEqual([]);
      const again = pupilsCsv([
        ['F-131', 'Токтогулова', 'Алия', '5-А', 'Токтогулова Айгерим', '0555 111 031'],
        ['F-132', 'Токтогулов', 'Азат', '6-Б', 'Токтогулова Айгерим', '0555 111 031'],
      ]);
      const dry = await request(h.app)
        .post(`/api/v1/schools/${h.world.school.id}/imports`)
        .query({ dryRun: 'true' })
        .set(await h.headersFor('deputy'))
        .set('accept-language', 'ky')
        .set('content-type', 'text/csv')
        .set('x-file-name', encodeURIComponent('ученики.csv'))
        .send(again);
      expect(dry.status, dry.text).toBe(200);
      expect(dry.body.warnings).toEqual([
        expect.objectContaining({
          code: 'imports.parentRenamed',
          path: 'ученики.2',
          message: expect.stringContaining('«Токтогулова Бермет»'),
        }),
      ]);
      expect(dry.body.warnings[0].message).toContain('саптар: 2, 3');
      expect(dry.body.warnings[0].message).toContain('«Токтогулова Айгерим»');

      const res = await upload(again, 'ru');
      expect(res.status, res.text).toBe(200);
      expect(res.body.warnings).toEqual([
        {
          code: 'imports.parentRenamed',
          path: 'ученики.2',
          message:
            'Лист «ученики», строки: 2, 3. Родитель с телефоном +996555111031 был записан как ' +
            '«Токтогулова Бермет», в файле — «Токтогулова Айгерим». ФИО обновлено — проверьте, ' +
            'что это тот же человек.',
        },
      ]);
      const parent = await h.db.prisma.user.findFirstOrThrow({ where: { phone: '+996555111031' } });
      expect([parent.lastName, parent.firstName]).toEqual(['Токтогулова', 'Айгерим']);
      expect(res.body.counts.parents).toMatchObject({ updated: 1 });
    });
  });

  describe('when a parent linked in Telegram is given, by phone, as parent of another pupil', () => {
    it('attaches the new child without granting it: the Telegram account does not see it', async () => {
      await h.db.prisma.user.update({
        where: { id: h.world.users.parentA.id },
        data: { phone: '+996555111041' },
      });
      const res = await upload(
        pupilsCsv([['F-141', 'Асанова', 'Бегимай', '6-Б', 'Асанова Гүлзат', '0555 111 041']]),
      );
      expect(res.status, res.text).toBe(200);
      const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { externalId: 'F-141' } });
      const guardian = await h.db.prisma.guardian.findUniqueOrThrow({
        where: { userId_pupilId: { userId: h.world.users.parentA.id, pupilId: pupil.id } },
      });
      expect(guardian.grantedAt).toBeNull();
      const bot = {
        authorization: `Bearer ${SERVICE_TOKEN}`,
        'x-telegram-user-id': TG.parentA.toString(),
      };
      const children = await request(h.app).get('/api/v1/me/children').set(bot);
      expect(children.body.map((c: { pupilId: number }) => c.pupilId)).toEqual([h.world.pupilA.id]);
      const diary = await request(h.app).get(`/api/v1/pupils/${pupil.id}/marks`).set(bot);
      expect(diary.status).toBe(403);
    });
  });
});
