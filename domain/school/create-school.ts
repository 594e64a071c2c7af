import { z } from 'zod';
import { issueSetupCode } from '../accounts/setup-codes.ts';
import { withConflict } from '../conflict.ts';
import { dateOnly, localToday } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, throwIfIssues, type ValidationIssue } from '../errors.ts';
import { assertConsoleOperator, type ImportActor } from '../imports/policy.ts';
import { MAX_SHORT_TEXT, parseInput } from '../validation.ts';
import { DEFAULT_BANDS } from './schemes.ts';

/** School codes are what the operator types: `osh-77`, `bishkek-12`. */
const SCHOOL_CODE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** Logins as the import writes them: `zhumabaeva.g`. */
const LOGIN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

const name = z.string().trim().min(1).max(MAX_SHORT_TEXT);

export const createSchoolInput = z
  .object({
    code: z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => SCHOOL_CODE.test(v), { message: 'schoolCodeFormat' }),
    nameKy: name,
    nameRu: name,
    /** The district (район) by name; found or created. Left out: the deployment's only district. */
    district: name.optional(),
    adminLogin: z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => LOGIN.test(v), { message: 'loginFormat' }),
    /** "Фамилия Аты Атасынын аты" of the first administrator (director). */
    adminName: name.optional(),
    adminLanguage: z.enum(['ky', 'ru', 'en']).default('ky'),
  })
  .strict();
export type CreateSchoolInput = z.input<typeof createSchoolInput>;

/** Bells of a two-shift school: 45-minute lessons, the long break after the second lesson. */
const SHIFT_STARTS: Record<number, readonly string[]> = {
  1: ['08:00', '08:50', '09:45', '10:35', '11:25', '12:15'],
  2: ['13:00', '13:50', '14:45', '15:35', '16:25', '17:15'],
};
const LESSON_MINUTES = 45;
const plusMinutes = (hhmm: string, minutes: number) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/**
 * The school year a school set up on `today` works in: from July on, the year starting this
 * September; before July, the year that started last September.
 */
export const schoolYearOf = (today: string) => {
  const [y = 0, m = 0] = today.split('-').map(Number);
  const start = m >= 7 ? y : y - 1;
  return { name: `${start}-${start + 1}`, start };
};

/**
 * The usual Kyrgyz calendar (the ministry's order changes it by a few days each year; schools edit
 * it with setTerms): quarters with the autumn, winter and spring (Nooruz) holidays between them,
 * half-years made of two quarters each, and the year itself.
 */
export const standardTerms = (start: number) => {
  const next = start + 1;
  const quarters = [
    [`${start}-09-01`, `${start}-10-31`],
    [`${start}-11-10`, `${start}-12-28`],
    [`${next}-01-12`, `${next}-03-20`],
    [`${next}-04-01`, `${next}-05-25`],
  ] as const;
  const year = { startsOn: `${start}-09-01`, endsOn: `${next}-05-25` };
  return {
    year,
    terms: [
      ...quarters.map(([from, to], i) => ({
        kind: 'QUARTER' as const,
        number: i + 1,
        startsOn: from,
        endsOn: to,
      })),
      { kind: 'HALF' as const, number: 1, startsOn: quarters[0][0], endsOn: quarters[1][1] },
      { kind: 'HALF' as const, number: 2, startsOn: quarters[2][0], endsOn: quarters[3][1] },
      { kind: 'YEAR' as const, number: 1, ...year },
    ],
  };
};

const splitName = (full: string | undefined) => {
  const parts = (full ?? '').split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { lastName: 'Администратор', firstName: '', patronymic: null };
  return {
    lastName: parts[0] ?? '',
    firstName: parts[1] ?? '',
    patronymic: parts.length > 2 ? parts.slice(2).join(' ') : null,
  };
};

/**
 * Creates a school from nothing, in one transaction, so a real school can start without SQL: the
 * district (found by name or created), the school, the current academic year with the standard
 * Kyrgyz terms (four quarters, two half-years, the year), the default assessment scheme per grade
 * band, a two-shift bell schedule, and the first administrator (director) with a one-time
 * password-setup code, returned once in clear (only its hash is stored). Every date and setting
 * can be changed afterwards with the school-setup use cases. Audited as a console action.
 * For the console operator only (`npm run school:create`).
 * @throws DomainError VALIDATION_FAILED (schoolCodeFormat, loginFormat, schoolCodeTaken,
 *   loginTaken, districtRequired) | FORBIDDEN | CONFLICT
 */
export const createSchool = async (deps: DomainDeps, actor: ImportActor, raw: unknown) => {
  assertConsoleOperator(actor);
  const input = parseInput(createSchoolInput, raw);
  const now = deps.now();
  const schoolYear = schoolYearOf(localToday(now));
  const calendar = standardTerms(schoolYear.start);
  return withConflict('school', () =>
    deps.db.$transaction(async (tx) => {
      const issues: ValidationIssue[] = [];
      if (await tx.school.findUnique({ where: { code: input.code }, select: { id: true } }))
        issues.push({ path: ['code'], key: 'schoolCodeTaken', params: { code: input.code } });
      if (await tx.user.findUnique({ where: { login: input.adminLogin }, select: { id: true } }))
        issues.push({
          path: ['adminLogin'],
          key: 'loginTaken',
          params: { login: input.adminLogin },
        });
      throwIfIssues(issues);

      let district = input.district
        ? await tx.district.findFirst({ where: { name: input.district }, orderBy: { id: 'asc' } })
        : null;
      let districtCreated = false;
      if (!district && !input.district) {
        const all = await tx.district.findMany({ take: 2, orderBy: { id: 'asc' } });
        if (all.length > 1) throw invalid(['district'], 'districtRequired');
        district = all[0] ?? null;
      }
      if (!district) {
        district = await tx.district.create({ data: { name: input.district ?? input.nameKy } });
        districtCreated = true;
      }

      const school = await tx.school.create({
        data: {
          districtId: district.id,
          code: input.code,
          name: input.nameKy,
          nameRu: input.nameRu,
        },
      });
      const year = await tx.academicYear.create({
        data: {
          schoolId: school.id,
          name: schoolYear.name,
          startsOn: dateOnly(calendar.year.startsOn),
          endsOn: dateOnly(calendar.year.endsOn),
          isCurrent: true,
        },
      });
      await tx.term.createMany({
        data: calendar.terms.map((t) => ({
          yearId: year.id,
          kind: t.kind,
          number: t.number,
          startsOn: dateOnly(t.startsOn),
          endsOn: dateOnly(t.endsOn),
        })),
      });
      await tx.assessmentScheme.createMany({
        data: DEFAULT_BANDS.map((b) => ({ ...b, schoolId: school.id, yearId: year.id })),
      });
      await tx.bellSlot.createMany({
        data: Object.entries(SHIFT_STARTS).flatMap(([shift, starts]) =>
          starts.map((startsAt, i) => ({
            schoolId: school.id,
            shift: Number(shift),
            number: i + 1,
            startsAt,
            endsAt: plusMinutes(startsAt, LESSON_MINUTES),
          })),
        ),
      });
      const admin = await tx.user.create({
        data: {
          schoolId: school.id,
          login: input.adminLogin,
          language: input.adminLanguage,
          ...splitName(input.adminName),
        },
      });
      await tx.staffRole.create({
        data: { userId: admin.id, schoolId: school.id, role: 'ADMIN' },
      });
      const setupCode = await issueSetupCode(tx, admin.id, null, now);
      await tx.auditEntry.create({
        data: {
          schoolId: school.id,
          actorId: null,
          action: 'school.create',
          entity: 'school',
          entityId: String(school.id),
          after: {
            code: school.code,
            name: school.name,
            nameRu: school.nameRu,
            district: district.name,
            year: year.name,
            adminUserId: admin.id,
            via: 'console',
          },
        },
      });
      return {
        school: { id: school.id, code: school.code, name: school.name, nameRu: school.nameRu },
        district: { id: district.id, name: district.name, created: districtCreated },
        year: {
          id: year.id,
          name: year.name,
          startsOn: calendar.year.startsOn,
          endsOn: calendar.year.endsOn,
          quarters: calendar.terms
            .filter((t) => t.kind === 'QUARTER')
            .map((t) => ({ number: t.number, startsOn: t.startsOn, endsOn: t.endsOn })),
        },
        bands: DEFAULT_BANDS.map((b) => ({
          gradeFrom: b.gradeFrom,
          gradeTo: b.gradeTo,
          scale: b.scale,
        })),
        shifts: Object.keys(SHIFT_STARTS).length,
        admin: { userId: admin.id, login: admin.login ?? input.adminLogin },
        setupCode,
      };
    }),
  );
};
