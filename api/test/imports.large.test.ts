/** A whole school in one workbook: 3,000 pupils with two parents each must import in seconds. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import {
  XLSX_TYPE,
  xlsxOf,
  type FixtureCell,
  type FixtureSheet,
} from './fixtures/school-workbook.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const LETTERS = ['А', 'Б', 'В'];
const LAST = [
  'Асанов',
  'Өмүрбеков',
  'Жеңишбеков',
  'Үсөнов',
  'Токтогулов',
  'Иванов',
  'Ким',
  'Сыдыков',
  'Ниязбеков',
  'Абдыкадыров',
];
const FIRST = [
  'Нурсултан',
  'Айбек',
  'Мээрим',
  'Элдияр',
  'Бекзат',
  'Эрлан',
  'Темирлан',
  'Өмүрбек',
  'Сергей',
  'Даниил',
];

const bigSchool = (): FixtureSheet[] => {
  const classes: FixtureCell[][] = [];
  const staff: FixtureCell[][] = [];
  const load: FixtureCell[][] = [];
  const timetable: FixtureCell[][] = [];
  for (let grade = 1; grade <= 11; grade++) {
    for (const letter of LETTERS) {
      const n = classes.length + 1;
      const login = `teacher${n}`;
      staff.push([
        `T-${n}`,
        `Мугалимов${n}`,
        'Бакыт',
        null,
        login,
        'TEACHER, CLASS_TEACHER',
        `0555 ${String(100000 + n)}`,
        'ky',
      ]);
      classes.push([grade, letter, grade % 2 === 0 ? 2 : 1, login]);
      load.push([login, 'MATH', `${grade}-${letter}`, 5], [login, 'KYRG', `${grade}-${letter}`, 4]);
      for (let day = 1; day <= 5; day++) {
        timetable.push(
          [`${grade}-${letter}`, day, 1, 'MATH', login, `${100 + n}`],
          [`${grade}-${letter}`, day, 2, 'KYRG', login, `${100 + n}`],
        );
      }
    }
  }
  const pupils: FixtureCell[][] = [];
  for (let i = 0; i < 3000; i++) {
    const grade = (i % 11) + 1;
    const letter = LETTERS[Math.floor(i / 11) % 3] ?? 'А';
    const last = LAST[i % LAST.length] ?? '';
    const first = FIRST[Math.floor(i / 7) % FIRST.length] ?? '';
    const birthYear = 2026 - 6 - grade;
    pupils.push([
      `P-${i}`,
      last,
      first,
      `${FIRST[i % 9]} уулу`,
      `${String((i % 28) + 1).padStart(2, '0')}.0${(i % 9) + 1}.${birthYear}`,
      `${grade}-${letter}`,
      `${last}а Гүлзат`,
      `0700 ${String(100000 + i)}`,
      'ky',
      `${last} ${FIRST[(i + 3) % FIRST.length]}`,
      `0770 ${String(100000 + i)}`,
    ]);
  }
  return [
    { name: 'Класстар', rows: [['Параллель', 'Тамга', 'Нөөмөт', 'Класс жетекчи'], ...classes] },
    {
      name: 'Кызматкерлер',
      rows: [
        ['Тышкы ID', 'Фамилиясы', 'Аты', 'Атасынын аты', 'Логин', 'Ролдору', 'Телефон', 'Тили'],
        ...staff,
      ],
    },
    {
      name: 'Окуучулар',
      rows: [
        [
          'Тышкы ID',
          'Фамилиясы',
          'Аты',
          'Атасынын аты',
          'Туулган күнү',
          'Класс',
          '1-ата-эне',
          '1-ата-эненин телефону',
          '1-ата-эненин тили',
          '2-ата-эне',
          '2-ата-эненин телефону',
        ],
        ...pupils,
      ],
    },
    { name: 'Жүктөм', rows: [['Мугалим', 'Предметтин коду', 'Класс', 'Жумасына саат'], ...load] },
    {
      name: 'Жадыбал',
      rows: [
        ['Класс', 'Апта күнү', 'Сабактын номери', 'Предметтин коду', 'Мугалим', 'Кабинет'],
        ...timetable,
      ],
    },
  ];
};

describe('imports.importSchoolData with a 3,000-pupil workbook', () => {
  it('imports it in one transaction within seconds, and re-imports it as unchanged', async () => {
    const file = await xlsxOf(bigSchool());
    const post = async () =>
      request(h.app)
        .post(`/api/v1/schools/${h.world.school.id}/imports`)
        .set(await h.headersFor('admin'))
        .set('content-type', XLSX_TYPE)
        .set('x-file-name', 'big.xlsx')
        .send(file);

    const started = Date.now();
    const res = await post();
    const firstMs = Date.now() - started;
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(res.body.counts.pupils).toEqual({ created: 3000, updated: 0, unchanged: 0 });
    expect(res.body.counts.parents.created).toBe(6000);
    expect(res.body.counts.guardians.created).toBe(6000);
    expect(res.body.counts.timetable.created).toBe(330);
    expect(await h.db.prisma.pupil.count({ where: { schoolId: h.world.school.id } })).toBe(3003);
    expect(firstMs).toBeLessThan(30_000);

    const again = Date.now();
    const res2 = await post();
    expect(res2.status).toBe(200);
    expect(res2.body.counts.pupils).toEqual({ created: 0, updated: 0, unchanged: 3000 });
    expect(res2.body.counts.parents).toEqual({ created: 0, updated: 0, unchanged: 6000 });
    expect(Date.now() - again).toBeLessThan(30_000);
    console.info(`3,000-pupil import: first ${firstMs} ms, again ${Date.now() - again} ms`);
  }, 120_000);
});
