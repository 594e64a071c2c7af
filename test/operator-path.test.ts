/**
 * The operator's path from README "Deploying for a real school", run literally on an EMPTY
 * PostgreSQL database with no SQL typed by hand: `npm run db:migrate` → `npm run school:create` →
 * `npm run import` of the school workbook → `npm run staff:setup-codes` → a teacher sets a
 * password through the API, signs in and records a mark.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { schoolSheets, xlsxOf } from '../api/test/fixtures/school-workbook.ts';
import { openDb, type Db } from '../domain/db.ts';
import { addDays, dateOnly, isoWeekday, localToday, toIsoDate } from '../domain/dates.ts';
import { createDomain, type Domain } from '../domain/index.ts';
import { createI18n } from '../locales/i18n.ts';
import { ADMIN_URL, urlFor } from './db.ts';
import type { World } from './world.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const npmRun = (script: string, args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', script, '--', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const name = `sabak_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
const url = urlFor(name);
const env = { DATABASE_URL: url, LANG: 'C.UTF-8' };
let dir: string;
let prisma: Db;
let domain: Domain;
/** The API's clock: real time, moved to a school day of the new year before the mark. */
let clock = new Date();

beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}"`);
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-operator-'));
  prisma = openDb({ connectionString: url, maxConnections: 2 });
  domain = createDomain({ databaseUrl: url, maxConnections: 3, now: () => clock });
});
afterAll(async () => {
  await domain.close();
  await prisma.$disconnect();
  await rm(dir, { recursive: true, force: true });
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** The fixture school of the import tests, made to stand alone (it normally extends test/world). */
const workbook = () => {
  const standIn = {
    users: { teacherOfClass: { login: 'asanov.b' }, classTeacher: { login: 'asanov.b' } },
  } as unknown as World;
  const sheets = schoolSheets(standIn, 'ky');
  const sheet = (n: string) => sheets.find((s) => s.name === n)!;
  sheet('Кызматкерлер').rows.push(
    ['T-004', 'Асанов', 'Бакыт', 'Медерович', 'asanov.b', 'мугалим, класс жетекчи', null, 'ky'],
    ['T-005', 'Бекова', 'Чолпон', null, 'bekova.ch', 'мугалим, класс жетекчи', null, 'ru'],
  );
  sheet('Класстар').rows.push([6, 'Б', 1, 'bekova.ch']);
  return sheets;
};

describe('README "Deploying for a real school", on an empty PostgreSQL database', () => {
  let codesFile: string;
  let teacherCode: string;

  it('1. npm run db:migrate creates the tables', async () => {
    const result = await npmRun('db:migrate', [], env);
    expect(result.code, result.stderr).toBe(0);
    expect(await prisma.school.count()).toBe(0);
  }, 120_000);

  it('2. npm run school:create makes the school, its year, terms, grading, bells and director', async () => {
    const result = await npmRun(
      'school:create',
      [
        '--code',
        'osh-77',
        '--name-ky',
        'Ош шаарындагы №77 орто мектеби',
        '--name-ru',
        'Средняя школа №77 города Ош',
        '--district',
        'Ош шаары',
        '--admin-login',
        'abdyrakhmanova.a',
        '--admin-name',
        'Абдырахманова Айгерим Толонбековна',
        '--lang',
        'ky',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'Мектеп түзүлдү: «Ош шаарындагы №77 орто мектеби» (коду osh-77).',
    );
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(result.stdout)?.[1];
    expect(code).toBeDefined();
    const school = await prisma.school.findUniqueOrThrow({
      where: { code: 'osh-77' },
      include: { district: true, years: { include: { terms: true } }, bellSlots: true },
    });
    expect(school.nameRu).toBe('Средняя школа №77 города Ош');
    expect(school.district.name).toBe('Ош шаары');
    expect(school.years).toHaveLength(1);
    expect(school.years[0]?.isCurrent).toBe(true);
    expect(school.years[0]?.terms.map((t) => `${t.kind}${t.number}`).sort()).toEqual([
      'HALF1',
      'HALF2',
      'QUARTER1',
      'QUARTER2',
      'QUARTER3',
      'QUARTER4',
      'YEAR1',
    ]);
    expect(school.bellSlots.length).toBeGreaterThanOrEqual(6);
    expect(await prisma.assessmentScheme.count({ where: { schoolId: school.id } })).toBe(2);
    // The director's code works: the director sets a password and signs in.
    const app = appOf();
    const setup = await request(app)
      .post('/api/v1/auth/setup-password')
      .send({ code, newPassword: 'Ош-шаары-77-мектеп' });
    expect(setup.status, setup.text).toBe(200);
    expect(result.stdout).not.toContain('Ош-шаары-77-мектеп');
  }, 120_000);

  it('refuses a second school with the same code, in Russian, without a stack trace', async () => {
    const result = await npmRun(
      'school:create',
      ['--code', 'osh-77', '--name-ky', 'x', '--name-ru', 'x', '--admin-login', 'other.admin'],
      { ...env, LANG: 'ru_RU.UTF-8' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Школа с кодом «osh-77» уже есть.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await prisma.school.count()).toBe(1);
  }, 120_000);

  it('3. npm run import loads the school workbook', async () => {
    const file = path.join(dir, 'school.xlsx');
    await writeFile(file, await xlsxOf(workbook()));
    const result = await npmRun('import', [file, '--school', 'osh-77', '--lang', 'ky'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('asanov.b');
    expect(await prisma.pupil.count()).toBe(10);
  }, 120_000);

  it('4. npm run staff:setup-codes prints a slip per staff member without a password', async () => {
    codesFile = path.join(dir, 'codes.txt');
    const result = await npmRun(
      'staff:setup-codes',
      ['--school', 'osh-77', '--out', codesFile, '--lang', 'ru'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Выданы коды установки пароля сотрудникам школы');
    const slips = await readFile(codesFile, 'utf8');
    // The five imported staff; the director already has a password.
    expect(slips.match(/Логин: /g)).toHaveLength(5);
    expect(slips).not.toContain('abdyrakhmanova.a');
    const slip = slips.split('✂').find((s) => s.includes('Логин: asanov.b')) ?? '';
    teacherCode = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(slip)?.[1] ?? '';
    expect(teacherCode).not.toBe('');
  }, 120_000);

  it('5. the teacher sets a password, signs in and records a mark', async () => {
    const app = appOf();
    const setup = await request(app)
      .post('/api/v1/auth/setup-password')
      .send({ code: teacherCode, newPassword: 'Бакыт-математика-5Б' });
    expect(setup.status, setup.text).toBe(200);

    clock = schoolDayOfCurrentYear(await prisma.term.findMany({ where: { kind: 'QUARTER' } }));
    const login = await request(app)
      .post('/api/v1/auth/login')
      .send({ login: 'asanov.b', password: 'Бакыт-математика-5Б' });
    expect(login.status, login.text).toBe(200);
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';

    const cls = await prisma.classGroup.findFirstOrThrow({
      where: { letter: 'Б', gradeLevel: { grade: 5 } },
    });
    const math = await prisma.subject.findFirstOrThrow({ where: { code: 'MATH' } });
    const pupil = await prisma.pupil.findFirstOrThrow({ where: { externalId: 'P-001' } });
    const lesson = await request(app)
      .post('/api/v1/lessons')
      .set('cookie', cookie)
      .send({
        classGroupId: cls.id,
        subjectId: math.id,
        date: localToday(clock),
        lessonNumber: 1,
        topic: 'Натуралдык сандар',
      });
    expect(lesson.status, lesson.text).toBe(201);
    const mark = await request(app)
      .post('/api/v1/marks')
      .set('cookie', cookie)
      .send({ lessonId: lesson.body.id ?? lesson.body.lessonId, pupilId: pupil.id, value: 5 });
    expect(mark.status, mark.text).toBeLessThan(300);
    const stored = await prisma.mark.findFirstOrThrow({ where: { pupilId: pupil.id } });
    expect(stored.value).toBe(5);
    const teacher = await prisma.user.findUniqueOrThrow({ where: { login: 'asanov.b' } });
    expect(stored.teacherId).toBe(teacher.id);
  }, 120_000);
});

const appOf = () =>
  createApp({
    domain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken: 'operator-path-service-token-0123456789',
  });

/**
 * Today if it is a school day (Monday–Saturday in a quarter), else the last such day before it,
 * else (the year has not begun) its first one; at noon in Bishkek.
 */
const schoolDayOfCurrentYear = (quarters: { startsOn: Date; endsOn: Date }[]) => {
  const inQuarter = (d: Date) =>
    isoWeekday(d) <= 6 && quarters.some((q) => q.startsOn <= d && d <= q.endsOn);
  const today = dateOnly(localToday(new Date()));
  const first = quarters.reduce((a, q) => (q.startsOn < a ? q.startsOn : a), today);
  let day = today;
  while (day >= first && !inQuarter(day)) day = addDays(day, -1);
  if (day < first) {
    day = first;
    while (!inQuarter(day)) day = addDays(day, 1);
  }
  return new Date(`${toIsoDate(day)}T06:00:00Z`);
};
