import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../domain/accounts/passwords.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import {
  DEMO_ADMIN_LOGIN,
  DEMO_PASSWORD,
  hashLinkCode,
  seedDemoSchool,
  type DemoSchool,
} from './demo-school.ts';
import { addDays, dateOnly, isoWeekday, localToday, toIsoDate } from '../../domain/dates.ts';
import { demoCalendar, planDemoSchool } from './plan.ts';

/** Seeded as `npm start` seeds it: on the real current day, whatever it is. */
const NOW = new Date();
const TODAY = localToday(NOW);
const CALENDAR = demoCalendar(TODAY);

let db: TestDb;
let demo: DemoSchool | null;
beforeAll(async () => {
  db = await createTestDb();
  demo = await seedDemoSchool(db.prisma, { now: NOW });
}, 180_000);
afterAll(() => db.drop());

const one = async <T>(sql: string): Promise<T> => {
  const rows = await db.prisma.$queryRawUnsafe<T[]>(sql);
  return rows[0] as T;
};

describe('seedDemoSchool', () => {
  it('returns the demo sheet: one password and a login for each role', () => {
    expect(demo).not.toBeNull();
    expect(demo?.password).toBe(DEMO_PASSWORD);
    expect(demo?.logins.map((l) => l.role)).toEqual([
      'admin',
      'deputy',
      'subjectTeacher',
      'classTeacher',
      'psychologist',
      'doctor',
    ]);
    expect(demo?.logins.find((l) => l.role === 'admin')?.login).toBe(DEMO_ADMIN_LOGIN);
  });

  it('gives each demo login the role it is shown for and the shared password', async () => {
    const roleOf = {
      admin: 'ADMIN',
      deputy: 'DEPUTY',
      subjectTeacher: 'TEACHER',
      classTeacher: 'CLASS_TEACHER',
      psychologist: 'PSYCHOLOGIST',
      doctor: 'DOCTOR',
    } as const;
    for (const login of demo?.logins ?? []) {
      const user = await db.prisma.user.findUniqueOrThrow({
        where: { login: login.login },
        include: { roles: true },
      });
      expect(user.roles.map((r) => r.role)).toContain(roleOf[login.role]);
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash ?? '')).toBe(true);
    }
    const subjectTeacher = demo?.logins.find((l) => l.role === 'subjectTeacher');
    const roles = await db.prisma.staffRole.findMany({
      where: { user: { login: subjectTeacher?.login } },
    });
    expect(roles.map((r) => r.role)).toEqual(['TEACHER']);
  });

  it('keeps Kyrgyz letters intact', async () => {
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { login: DEMO_ADMIN_LOGIN } });
    expect(`${admin.lastName} ${admin.firstName} ${admin.patronymic}`).toBe(
      'Жумабаева Гүлнара Өмүрбековна',
    );
    const school = await db.prisma.school.findFirstOrThrow();
    expect(school.name).toBe('Ш. Абдылдаев атындагы №12 орто мектеби');
  });

  it('creates a school of realistic size', async () => {
    const counts = {
      classes: await db.prisma.classGroup.count(),
      pupils: await db.prisma.pupil.count(),
      staff: await db.prisma.staffRole.groupBy({ by: ['userId'] }).then((r) => r.length),
      teachers: await db.prisma.staffRole.count({ where: { role: 'TEACHER' } }),
      classTeachers: await db.prisma.staffRole.count({ where: { role: 'CLASS_TEACHER' } }),
      subjects: await db.prisma.subject.count(),
    };
    expect(counts.classes).toBeGreaterThanOrEqual(20);
    expect(counts.classes).toBeLessThanOrEqual(26);
    expect(counts.pupils).toBeGreaterThanOrEqual(550);
    expect(counts.pupils).toBeLessThanOrEqual(700);
    expect(counts.staff).toBeGreaterThanOrEqual(36);
    expect(counts.staff).toBeLessThanOrEqual(45);
    expect(counts.teachers).toBeGreaterThanOrEqual(30);
    expect(counts.classTeachers).toBe(counts.classes);
    expect(counts.subjects).toBeGreaterThanOrEqual(15);
  });

  it('sets up the year with four quarters, two halves and the year', async () => {
    const terms = await db.prisma.term.findMany({ orderBy: [{ kind: 'asc' }, { number: 'asc' }] });
    const show = (d: Date) => d.toISOString().slice(0, 10);
    const { year, quarters, halves } = CALENDAR;
    expect(terms.map((t) => `${t.kind}${t.number} ${show(t.startsOn)}…${show(t.endsOn)}`)).toEqual([
      ...quarters.map(([from, to], i) => `QUARTER${i + 1} ${from}…${to}`),
      ...halves.map(([from, to], i) => `HALF${i + 1} ${from}…${to}`),
      `YEAR1 ${year.startsOn}…${year.endsOn}`,
    ]);
    // The year is the one running today (or, in summer, the one that just ended).
    expect(year.startsOn <= TODAY).toBe(true);
    expect(quarters.some(([from, to]) => from <= TODAY && TODAY <= to)).toBe(true);
    const schemes = await db.prisma.assessmentScheme.findMany({ orderBy: { gradeFrom: 'asc' } });
    expect(schemes.map((s) => [s.gradeFrom, s.gradeTo, s.scale])).toEqual([
      [1, 3, 'UNMARKED'],
      [4, 11, 'FIVE_POINT'],
    ]);
    const bells = await db.prisma.bellSlot.findMany({
      where: { number: 1 },
      orderBy: { shift: 'asc' },
    });
    expect(bells.map((b) => `${b.shift}: ${b.startsAt}–${b.endsAt}`)).toEqual([
      '1: 08:00–08:45',
      '2: 13:00–13:45',
    ]);
  });

  it('names about one pupil in five with a Russian name and the rest with uulu/kyzy patronymics', async () => {
    const pupils = await db.prisma.pupil.findMany({ select: { patronymic: true } });
    const kyrgyz = pupils.filter((p) => / (уулу|кызы)$/.test(p.patronymic ?? '')).length;
    const russian = pupils.filter((p) => /(вич|вна|ична)$/.test(p.patronymic ?? '')).length;
    expect(kyrgyz + russian).toBe(pupils.length);
    expect(russian / pupils.length).toBeGreaterThan(0.12);
    expect(russian / pupils.length).toBeLessThan(0.3);
  });

  it('gives every pupil one or two parents with a phone and a language', async () => {
    const { min, max } = await one<{ min: number; max: number }>(
      'SELECT min(n)::int AS min, max(n)::int AS max FROM (SELECT p.id, count(g.user_id) AS n FROM pupil p LEFT JOIN guardian g ON g.pupil_id = p.id GROUP BY p.id) t',
    );
    expect([min, max]).toEqual([1, 2]);
    const parents = await db.prisma.user.findMany({
      where: { children: { some: {} } },
      select: { phone: true, language: true, login: true },
    });
    expect(parents.every((p) => /^\+996\d{9}$/.test(p.phone ?? '') && p.login === null)).toBe(true);
    expect(new Set(parents.map((p) => p.language))).toEqual(new Set(['ky', 'ru']));
    const withSiblings = await one<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT user_id FROM guardian GROUP BY user_id HAVING count(*) > 1) t',
    );
    expect(withSiblings.n).toBeGreaterThan(20);
  });

  it('puts no pupil in two classes: every attendance entry and mark is in a lesson of the pupil’s own class', async () => {
    const stray = await one<{ n: number }>(`
      SELECT (SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id JOIN pupil p ON p.id = a.pupil_id WHERE l.class_group_id <> p.class_group_id)
           + (SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN pupil p ON p.id = m.pupil_id WHERE l.class_group_id <> p.class_group_id) AS n`);
    expect(Number(stray.n)).toBe(0);
  });

  it('gives every pupil one class membership, in their class from the first day of the year', async () => {
    const row = await one<{ pupils: number; fitting: number }>(`
      SELECT (SELECT count(*)::int FROM pupil) AS pupils,
             (SELECT count(*)::int FROM class_membership m JOIN pupil p ON p.id = m.pupil_id
                JOIN class_group c ON c.id = m.class_group_id JOIN academic_year y ON y.id = c.year_id
              WHERE m.class_group_id = p.class_group_id AND m.from_date = y.starts_on
                AND m.to_date IS NULL) AS fitting`);
    expect(row.fitting).toBe(row.pupils);
    expect(await db.prisma.classMembership.count()).toBe(row.pupils);
  });

  it('double-books no teacher, neither in the timetable nor in the lessons held', async () => {
    const slots = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT s.teacher_id FROM timetable_slot s JOIN class_group c ON c.id = s.class_group_id
        GROUP BY s.teacher_id, c.shift, s.weekday, s.lesson_number HAVING count(*) > 1) t`);
    expect(slots.n).toBe(0);
    const lessons = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT l.teacher_id FROM lesson l JOIN class_group c ON c.id = l.class_group_id
        GROUP BY l.teacher_id, c.shift, l.date, l.lesson_number HAVING count(*) > 1) t`);
    expect(lessons.n).toBe(0);
    const classes = await one<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM timetable_slot GROUP BY class_group_id, weekday, lesson_number HAVING count(*) > 1) t',
    );
    expect(classes.n).toBe(0);
  });

  it('holds lessons up to a week past today, on school days inside the quarters only, with topics and mostly homework', async () => {
    const r = await one<{
      n: number;
      first: Date;
      last: Date;
      sundays: number;
      topics: number;
      homework: number;
      primarySaturdays: number;
    }>(`
      SELECT count(*)::int AS n, min(date) AS first, max(date) AS last,
             count(*) FILTER (WHERE extract(isodow FROM date) = 7)::int AS sundays,
             count(*) FILTER (WHERE topic IS NOT NULL)::int AS topics,
             count(*) FILTER (WHERE homework IS NOT NULL)::int AS homework,
             count(*) FILTER (WHERE extract(isodow FROM date) = 6 AND g.grade <= 4)::int AS "primarySaturdays"
      FROM lesson l JOIN class_group c ON c.id = l.class_group_id JOIN grade_level g ON g.id = c.grade_level_id`);
    expect(r.n).toBeGreaterThan(500);
    expect(r.first.toISOString().slice(0, 10) >= CALENDAR.window.from).toBe(true);
    expect(r.last.toISOString().slice(0, 10) > TODAY).toBe(true);
    expect(r.last.toISOString().slice(0, 10) <= CALENDAR.window.to).toBe(true);
    const outside = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM lesson l WHERE NOT EXISTS (
        SELECT 1 FROM term t WHERE t.kind = 'QUARTER' AND l.date BETWEEN t.starts_on AND t.ends_on)`);
    expect(outside.n).toBe(0);
    expect(r.sundays).toBe(0);
    expect(r.primarySaturdays).toBe(0);
    expect(r.topics).toBe(r.n);
    expect(r.homework / r.n).toBeGreaterThan(0.4);
    const dueAfter = await one<{ bad: number }>(
      'SELECT count(*)::int AS bad FROM lesson WHERE homework_due_on IS NOT NULL AND homework_due_on <= date',
    );
    expect(dueAfter.bad).toBe(0);
  });

  it('has lessons today when today is a school day, and marks and attendance only up to today', async () => {
    const day = dateOnly(TODAY);
    const todays = await db.prisma.lesson.count({ where: { date: day } });
    if (isoWeekday(day) <= 6) expect(todays).toBeGreaterThan(20);
    else expect(todays).toBe(0);
    const lastWorkday = [0, 1, 2].map((n) => addDays(day, -n)).find((d) => isoWeekday(d) <= 6)!;
    expect(await db.prisma.attendance.count({ where: { date: lastWorkday } })).toBeGreaterThan(100);
    expect(await db.prisma.mark.count({ where: { date: lastWorkday } })).toBeGreaterThan(10);
    expect(await db.prisma.lesson.count({ where: { date: { gt: day } } })).toBeGreaterThan(100);
    expect(await db.prisma.attendance.count({ where: { date: { gt: day } } })).toBe(0);
    expect(await db.prisma.mark.count({ where: { date: { gt: day } } })).toBe(0);
    const ahead = await db.prisma.lesson.count({
      where: { date: { gt: day }, homework: { not: null } },
    });
    expect(ahead).toBeGreaterThan(0);
  });

  it('marks grades 4–11 on the 5-point scale, mostly 3–5, about two marks per pupil per five lessons', async () => {
    const dist = await db.prisma.mark.groupBy({ by: ['value'], _count: { _all: true } });
    const total = dist.reduce((sum, d) => sum + d._count._all, 0);
    const share = (v: number) => (dist.find((d) => d.value === v)?._count._all ?? 0) / total;
    expect(dist.every((d) => d.value >= 2 && d.value <= 5)).toBe(true);
    expect(share(3) + share(4) + share(5)).toBeGreaterThan(0.9);
    expect(share(5)).toBeGreaterThan(0.25);
    expect(share(5)).toBeLessThan(0.45);
    expect(share(4)).toBeGreaterThan(0.3);
    expect(share(2)).toBeLessThan(0.1);
    const rate = await one<{ marks: number; presences: number; unmarked: number }>(`
      SELECT (SELECT count(*) FROM mark)::int AS marks,
             (SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id JOIN class_group c ON c.id = l.class_group_id
                JOIN grade_level g ON g.id = c.grade_level_id WHERE g.grade >= 4)::int AS presences,
             (SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN class_group c ON c.id = l.class_group_id
                JOIN grade_level g ON g.id = c.grade_level_id WHERE g.grade <= 3)::int AS unmarked`);
    expect(rate.unmarked).toBe(0);
    expect(rate.marks / rate.presences).toBeGreaterThan(0.3);
    expect(rate.marks / rate.presences).toBeLessThan(0.5);
    const noMarkWhenAbsent = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM mark m JOIN attendance a ON a.lesson_id = m.lesson_id AND a.pupil_id = m.pupil_id
      WHERE a.status IN ('ABSENT', 'EXCUSED')`);
    expect(noMarkWhenAbsent.n).toBe(0);
  });

  it('records attendance for every pupil at every lesson held so far, about 93% present', async () => {
    const r = await one<{
      expected: number;
      rows: number;
      present: number;
      late: number;
      absent: number;
      excused: number;
    }>(`
      SELECT (SELECT count(*) FROM lesson l JOIN pupil p ON p.class_group_id = l.class_group_id
              WHERE l.date <= '${TODAY}')::int AS expected,
             count(*)::int AS rows,
             count(*) FILTER (WHERE status = 'PRESENT')::int AS present,
             count(*) FILTER (WHERE status = 'LATE' AND late_minutes > 0)::int AS late,
             count(*) FILTER (WHERE status = 'ABSENT')::int AS absent,
             count(*) FILTER (WHERE status = 'EXCUSED' AND reason IS NOT NULL)::int AS excused
      FROM attendance`);
    expect(r.rows).toBe(r.expected);
    expect(r.present / r.rows).toBeGreaterThan(0.9);
    expect(r.present / r.rows).toBeLessThan(0.96);
    expect(r.late).toBeGreaterThan(0);
    expect(r.absent).toBeGreaterThan(0);
    expect(r.excused).toBeGreaterThan(r.absent);
    expect(r.present + r.late + r.absent + r.excused).toBe(r.rows);
  });

  it('records a few substitutions whose lessons the substitute held', async () => {
    const subs = await db.prisma.substitution.findMany();
    expect(subs.length).toBeGreaterThanOrEqual(3);
    for (const s of subs) {
      const lesson = await db.prisma.lesson.findFirstOrThrow({
        where: { classGroupId: s.classGroupId, date: s.date, lessonNumber: s.lessonNumber },
      });
      expect(lesson.teacherId).toBe(s.substituteTeacherId);
      expect(s.absentTeacherId).not.toBe(s.substituteTeacherId);
    }
  });

  it('stores parent link codes hashed, single-use and valid for 30 days', async () => {
    expect(demo?.parentCodes.length).toBeGreaterThanOrEqual(3);
    for (const c of demo?.parentCodes ?? []) {
      const row = await db.prisma.linkCode.findUniqueOrThrow({
        where: { codeHash: hashLinkCode(c.code) },
      });
      expect(row.role).toBe('PARENT');
      expect(row.usedAt).toBeNull();
      expect(row.expiresAt.getTime()).toBe(NOW.getTime() + 30 * 86_400_000);
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(
      await db.prisma.linkCode.count({
        where: { codeHash: { in: demo?.parentCodes.map((c) => c.code) ?? [] } },
      }),
    ).toBe(0);
  });

  it('posts announcements to the school, a parallel, a class and a role', async () => {
    const audiences = await db.prisma.announcement.findMany({ select: { audience: true } });
    expect(new Set(audiences.map((a) => a.audience))).toEqual(
      new Set(['SCHOOL', 'PARALLEL', 'CLASS', 'ROLE']),
    );
  });

  describe('when the database already has a school', () => {
    it('returns null and adds nothing', async () => {
      const pupils = await db.prisma.pupil.count();
      expect(await seedDemoSchool(db.prisma)).toBeNull();
      expect(await db.prisma.pupil.count()).toBe(pupils);
      expect(await db.prisma.school.count()).toBe(1);
    });
  });
});

describe('planDemoSchool', () => {
  it('plans the same school every time', () => {
    const a = planDemoSchool(undefined, '2026-11-20');
    const b = planDemoSchool(undefined, '2026-11-20');
    expect(b.pupils).toEqual(a.pupils);
    expect(b.slots).toEqual(a.slots);
    expect(b.marks.length).toBe(a.marks.length);
    expect(b.marks.slice(0, 500)).toEqual(a.marks.slice(0, 500));
  });
});

describe('the demo calendar on any start day', () => {
  // A school day in each quarter, the first day, the holidays between quarters, and summer.
  it.each([
    '2026-09-01',
    '2026-11-20',
    '2026-12-31',
    '2027-01-05',
    '2027-03-25',
    '2027-05-25',
    '2027-07-15',
    '2027-08-31',
  ])(
    'on %s: lessons today (Mon–Sat) and a week ahead, marks only up to today, all inside the terms',
    (today) => {
      const plan = planDemoSchool(undefined, today);
      const { quarters, window } = plan.calendar;
      const inQuarter = (d: string) => quarters.some(([from, to]) => from <= d && d <= to);
      expect(plan.lessons.every((l) => inQuarter(l.date))).toBe(true);
      const weekday = isoWeekday(dateOnly(today));
      const todays = plan.lessons.filter((l) => l.date === today).length;
      if (weekday <= 6) expect(todays).toBeGreaterThan(20);
      // A week ahead, except on the very last day of a school year (31 August).
      if (today !== plan.calendar.year.endsOn) {
        expect(plan.lessons.some((l) => l.date > today)).toBe(true);
        expect(window.to).toBe(toIsoDate(addDays(dateOnly(today), 7)));
      }
      expect(plan.marks.every((m) => (plan.lessons[m.lesson]?.date ?? '') <= today)).toBe(true);
      expect(plan.attendance.every((a) => (plan.lessons[a.lesson]?.date ?? '') <= today)).toBe(
        true,
      );
      expect(plan.marks.length).toBeGreaterThan(0);
    },
  );
});
