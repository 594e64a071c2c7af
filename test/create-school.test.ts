/** school.createSchool (ISSUE 5 §1): the use case behind `npm run school:create`, and its CLI's failures. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLinkCode, normalizeLinkCode } from '../domain/accounts/link-code-format.ts';
import { consoleOperator } from '../domain/imports/policy.ts';
import { ANONYMOUS, createDomain, DomainError, type Domain } from '../domain/index.ts';
import { schoolYearOf, standardTerms } from '../domain/school/create-school.ts';
import { createTestDb, type TestDb } from './db.ts';
import { buildWorld, TEST_NOW, TEST_PASSWORD } from './world.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let db: TestDb;
let domain: Domain;
beforeAll(async () => {
  db = await createTestDb();
  domain = createDomain({ databaseUrl: db.url, maxConnections: 2, now: () => TEST_NOW });
});
afterAll(async () => {
  await domain.close();
  await db.drop();
});

const input = (over: Record<string, unknown> = {}) => ({
  code: 'naryn-5',
  nameKy: 'Нарын шаарындагы №5 мектеп-гимназиясы',
  nameRu: 'Школа-гимназия №5 города Нарын',
  district: 'Нарын шаары',
  adminLogin: 'sultanova.b',
  adminName: 'Султанова Бермет Асанбековна',
  ...over,
});

const issueKeys = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return ((error as DomainError).details.issues ?? []).map((i) => i.key);
};

describe('the standard calendar', () => {
  it.each([
    ['2026-12-01', '2026-2027'],
    ['2027-06-15', '2026-2027'],
    ['2027-07-01', '2027-2028'],
    ['2026-09-01', '2026-2027'],
  ])('on %s the current school year is %s', (today, name) => {
    expect(schoolYearOf(today).name).toBe(name);
  });

  it('has four quarters in order inside the year, two half-years and the year', () => {
    const { year, terms } = standardTerms(2026);
    const quarters = terms.filter((t) => t.kind === 'QUARTER');
    expect(quarters).toHaveLength(4);
    for (const [i, q] of quarters.entries()) {
      expect(q.startsOn < q.endsOn).toBe(true);
      expect(q.startsOn >= year.startsOn && q.endsOn <= year.endsOn).toBe(true);
      const next = quarters[i + 1];
      if (next) expect(q.endsOn < next.startsOn).toBe(true);
    }
    expect(terms.filter((t) => t.kind === 'HALF').map((h) => [h.startsOn, h.endsOn])).toEqual([
      [quarters[0]!.startsOn, quarters[1]!.endsOn],
      [quarters[2]!.startsOn, quarters[3]!.endsOn],
    ]);
  });
});

describe('school.createSchool', () => {
  it('creates everything a school needs to start, and a hashed setup code for the director', async () => {
    const made = await domain.school.createSchool(consoleOperator(), input());
    expect(made.year.name).toBe('2026-2027');
    const school = await db.prisma.school.findUniqueOrThrow({
      where: { code: 'naryn-5' },
      include: { years: { include: { terms: true } }, bellSlots: true, assessmentSchemes: true },
    });
    expect(school.years[0]?.terms).toHaveLength(7);
    expect(school.bellSlots).toHaveLength(12);
    expect(school.assessmentSchemes.map((s) => [s.gradeFrom, s.gradeTo, s.scale])).toEqual([
      [1, 3, 'UNMARKED'],
      [4, 11, 'FIVE_POINT'],
    ]);
    const admin = await db.prisma.user.findUniqueOrThrow({
      where: { login: 'sultanova.b' },
      include: { roles: true, setupCodes: true },
    });
    expect([admin.lastName, admin.firstName, admin.patronymic]).toEqual([
      'Султанова',
      'Бермет',
      'Асанбековна',
    ]);
    expect(admin.passwordHash).toBeNull();
    expect(admin.roles.map((r) => r.role)).toEqual(['ADMIN']);
    expect(admin.setupCodes[0]?.codeHash).toBe(
      hashLinkCode(normalizeLinkCode(made.setupCode.code)),
    );
    const audit = await db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'school.create', schoolId: school.id },
    });
    expect(audit.after).toMatchObject({ via: 'console', code: 'naryn-5' });
  });

  it('refuses a taken code and a taken login together, and writes nothing', async () => {
    const schools = await db.prisma.school.count();
    const keys = await issueKeys(domain.school.createSchool(consoleOperator(), input()));
    expect(keys).toEqual(['schoolCodeTaken', 'loginTaken']);
    expect(await db.prisma.school.count()).toBe(schools);
  });

  it('refuses malformed codes and logins', async () => {
    expect(
      await issueKeys(
        domain.school.createSchool(consoleOperator(), input({ code: 'Ош 77', adminLogin: 'a b' })),
      ),
    ).toEqual(['schoolCodeFormat', 'loginFormat']);
  });

  it('needs --district when the deployment has several districts', async () => {
    await db.prisma.district.create({ data: { name: 'Ат-Башы району' } });
    expect(
      await issueKeys(
        domain.school.createSchool(
          consoleOperator(),
          input({ code: 'naryn-6', adminLogin: 'other.admin', district: undefined }),
        ),
      ),
    ).toEqual(['districtRequired']);
    const made = await domain.school.createSchool(
      consoleOperator(),
      input({ code: 'naryn-6', adminLogin: 'other.admin' }),
    );
    expect(made.district).toMatchObject({ name: 'Нарын шаары', created: false });
  });

  it('is for the console operator only: a director signed in to the API is refused', async () => {
    const world = await buildWorld(db.prisma);
    const session = await domain.accounts.login(ANONYMOUS, {
      login: world.users.admin.login,
      password: TEST_PASSWORD,
    });
    const director = await domain.auth.actorForSession(session.token);
    expect(director).toMatchObject({ kind: 'user', roles: ['ADMIN'] });
    await expect(
      domain.school.createSchool(director, input({ code: 'x-1' })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await db.prisma.school.count({ where: { code: 'x-1' } })).toBe(0);
  });
});

describe('npm run school:create with an unreachable database', () => {
  it('exits 2 with one localized line and no stack trace', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        [
          'domain/school/create-school-cli.ts',
          ...['--code', 'a-1', '--name-ky', 'А', '--name-ru', 'А', '--admin-login', 'abc'],
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
            LANG: 'ky_KG.UTF-8',
          },
          timeout: 60_000,
        },
        (error, _stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Маалымат базасына (127.0.0.1:1/none) туташуу мүмкүн болгон жок',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
