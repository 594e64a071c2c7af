/**
 * Generates a benchmark district in PostgreSQL with set-based SQL (INSERT … SELECT over
 * generate_series and unnest): 20 schools × 33 classes × 24 pupils, one Telegram-linked parent
 * per pupil, a full school year of lessons, attendance for every pupil at every lesson and about
 * 0.4 marks per pupil and lesson in grades 4–11. The result is cached: a marker table records the
 * generator version, and a database that has it is reused as is.
 */
import pg from 'pg';
import { dailyCounts } from '../prisma/seed/timetable.ts';
import { SUBJECTS, topicsFor, WEEKLY_HOURS } from '../prisma/seed/curriculum.ts';
import { BELLS, HALVES, LESSON_MINUTES, QUARTERS, YEAR } from '../prisma/seed/plan.ts';
import { applyMigrations } from '../prisma/scripts/schema-engine.ts';

/** Bump when the generated data changes shape, so cached benchmark databases are rebuilt. */
export const GENERATOR_VERSION = 1;

export const DISTRICT = {
  schools: 20,
  teachersPerSchool: 40,
  pupilsPerClass: 24,
  letters: ['А', 'Б', 'В'],
} as const;
/** Telegram user id of the parent of pupil `id` in the benchmark district. */
export const TG_BASE = 5_000_000_000n;

const SHIFT_1_GRADES = [1, 5, 8, 9, 10, 11];
const LAST_NAMES = [
  'Асанов',
  'Токтогулов',
  'Жумабаев',
  'Осмонов',
  'Сыдыков',
  'Мамытов',
  'Өмүрбеков',
  'Үсөнов',
  'Төрөкулов',
  'Иманалиев',
  'Касымов',
  'Иванов',
  'Петров',
  'Кадыров',
  'Эсенгулов',
  'Дүйшөнов',
];
const FIRST_NAMES = [
  'Нурлан',
  'Айзада',
  'Бекзат',
  'Айгерим',
  'Элдияр',
  'Бегимай',
  'Адилет',
  'Нурайым',
  'Темирлан',
  'Мээрим',
  'Арген',
  'Сезим',
  'Сергей',
  'Анна',
  'Нурдөөлөт',
  'Айкөкүл',
];
const FATHERS = [
  'Бакыт',
  'Талант',
  'Нурлан',
  'Азамат',
  'Эрлан',
  'Алмаз',
  'Улан',
  'Канат',
  'Медер',
  'Мирлан',
  'Өмүрбек',
  'Үсөн',
];

export interface DistrictStats {
  schools: number;
  classes: number;
  pupils: number;
  lessons: number;
  marks: number;
  attendance: number;
  generatedInS: number;
}

const log = (message: string) => console.log(`[bench] ${message}`);

/** School days of the year: Monday–Saturday (or –Friday) inside the quarters. */
const schoolDays = (daysPerWeek: number) => {
  const out: string[] = [];
  for (const [from, to] of QUARTERS) {
    for (
      let t = Date.parse(`${from}T00:00:00Z`);
      t <= Date.parse(`${to}T00:00:00Z`);
      t += 86_400_000
    ) {
      const weekday = ((new Date(t).getUTCDay() + 6) % 7) + 1;
      if (weekday <= daysPerWeek) out.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  return out;
};

/** One weekly pattern per grade: (weekday, lesson number) → subject, spread round-robin. */
const weeklyPattern = () => {
  const rows: { grade: number; weekday: number; lessonNumber: number; code: string }[] = [];
  for (let grade = 1; grade <= 11; grade++) {
    const days = grade <= 4 ? 5 : 6;
    const hours = WEEKLY_HOURS[grade] ?? [];
    const total = hours.reduce((sum, [, h]) => sum + h, 0);
    const counts = dailyCounts(total, days);
    const cells = counts.flatMap((n, d) =>
      Array.from({ length: n }, (_, i) => ({ weekday: d + 1, lessonNumber: i + 1 })),
    );
    // Deal the hours across the days so a subject lands on different days.
    const order = [...cells].sort(
      (a, b) => a.lessonNumber - b.lessonNumber || a.weekday - b.weekday,
    );
    let k = 0;
    for (const [code, h] of hours) {
      for (let i = 0; i < h; i++) {
        const cell = order[k++];
        if (cell) rows.push({ grade, ...cell, code });
      }
    }
  }
  return rows;
};

const time = (hhmm: string, plus: number) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const t = h * 60 + m + plus;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

const withClient = async <T>(url: string, run: (client: pg.Client) => Promise<T>) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};

/** Runs `tasks` over `width` connections at once (PostgreSQL uses one core per connection). */
const inParallel = async (
  url: string,
  width: number,
  tasks: ((c: pg.Client) => Promise<void>)[],
) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, () =>
      withClient(url, async (client) => {
        await client.query("SET maintenance_work_mem = '512MB'");
        await fastLoad(client);
        for (let i = next++; i < tasks.length; i = next++)
          await (tasks[i] as (c: pg.Client) => Promise<void>)(client);
      }),
    ),
  );
};

/** Skips foreign-key triggers while loading (rows are consistent by construction); superuser only. */
const fastLoad = async (client: pg.Client) => {
  const { rows } = await client.query<{ su: boolean }>(
    'SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user',
  );
  if (rows[0]?.su) await client.query('SET session_replication_role = replica');
};

const readStats = async (client: pg.Client): Promise<DistrictStats | null> => {
  const exists = await client.query("SELECT to_regclass('bench_meta') IS NOT NULL AS ok");
  if (!exists.rows[0]?.ok) return null;
  const { rows } = await client.query<{ version: number; stats: DistrictStats }>(
    'SELECT version, stats FROM bench_meta LIMIT 1',
  );
  return rows[0]?.version === GENERATOR_VERSION ? rows[0].stats : null;
};

/**
 * Makes sure `url` holds a migrated benchmark district of the current generator version:
 * reuses it when present, otherwise (re)creates the database and generates it.
 */
export const ensureDistrict = async (
  url: string,
  schools: number = DISTRICT.schools,
): Promise<DistrictStats> => {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const existing = await withClient(adminUrl.toString(), async (c) => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    return r.rowCount === 1;
  });
  if (existing) {
    await applyMigrations(url);
    const stats = await withClient(url, readStats);
    if (stats && stats.schools === schools) {
      log(`reusing the generated district in ${dbName} (generator v${GENERATOR_VERSION})`);
      return stats;
    }
    log(
      `${dbName} has no district of ${schools} schools (generator v${GENERATOR_VERSION}); recreating it`,
    );
  }
  await withClient(adminUrl.toString(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${dbName}"`);
  });
  await applyMigrations(url);
  return generate(url, schools);
};

const generate = async (url: string, schools: number): Promise<DistrictStats> => {
  const started = Date.now();
  const step = async (label: string, run: () => Promise<unknown>) => {
    const t = Date.now();
    await run();
    log(`  ${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  };
  log(`generating a district: ${schools} schools … (a few minutes, once)`);
  const pattern = weeklyPattern();
  const days6 = schoolDays(6);
  const days5 = schoolDays(5);
  const topics = [...new Set(SUBJECTS.flatMap((s) => topicsFor(s.code, 7)))];
  const bigIndexes = await withClient(url, async (c) => {
    await fastLoad(c);
    await step('schools, staff, classes, pupils, parents, timetable', () =>
      generateBase(c, pattern, schools),
    );
    const { rows } = await c.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
       WHERE schemaname = 'public' AND tablename IN ('lesson', 'attendance', 'mark') AND indexname NOT LIKE '%_pkey'`,
    );
    // Building indexes once after the load is several times faster than maintaining them row by row.
    for (const r of rows) await c.query(`DROP INDEX "${r.name}"`);
    return rows;
  });
  const schoolIds = await withClient(url, async (c) =>
    (
      await c.query<{ id: number }>("SELECT id FROM school WHERE code LIKE 'bench-%' ORDER BY id")
    ).rows.map((r) => r.id),
  );
  await step('lessons of the whole year', () =>
    inParallel(
      url,
      2,
      schoolIds.map(
        (id) => (c: pg.Client) => insertLessons(c, id, days5, days6, topics).then(() => undefined),
      ),
    ),
  );
  await step('attendance of every pupil at every lesson', () =>
    inParallel(
      url,
      2,
      schoolIds.map((id) => (c: pg.Client) => insertAttendance(c, id).then(() => undefined)),
    ),
  );
  await step('marks', () =>
    inParallel(
      url,
      2,
      schoolIds.map((id) => (c: pg.Client) => insertMarks(c, id).then(() => undefined)),
    ),
  );
  await step('substitutions', () => withClient(url, (c) => insertSubstitutions(c)));
  await step('indexes', () =>
    inParallel(
      url,
      2,
      bigIndexes.map((r) => (c: pg.Client) => c.query(r.def).then(() => undefined)),
    ),
  );
  await step('vacuum and analyze', () =>
    withClient(url, async (c) => {
      await c.query(
        'VACUUM (ANALYZE) lesson, attendance, mark, pupil, guardian, telegram_link, app_user, timetable_slot',
      );
      await c.query('ANALYZE');
    }),
  );
  return withClient(url, async (c) => {
    const count = async (table: string) =>
      Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const stats: DistrictStats = {
      schools: await count('school'),
      classes: await count('class_group'),
      pupils: await count('pupil'),
      lessons: await count('lesson'),
      marks: await count('mark'),
      attendance: await count('attendance'),
      generatedInS: Math.round((Date.now() - started) / 1000),
    };
    await c.query(
      'CREATE TABLE bench_meta (version int NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), stats jsonb NOT NULL)',
    );
    await c.query('INSERT INTO bench_meta (version, stats) VALUES ($1, $2)', [
      GENERATOR_VERSION,
      stats,
    ]);
    log(`generated in ${stats.generatedInS} s`);
    return stats;
  });
};

const generateBase = async (
  c: pg.Client,
  pattern: ReturnType<typeof weeklyPattern>,
  schools: number,
) => {
  const q = (sql: string, params: unknown[] = []) => c.query(sql, params);
  await q('BEGIN');
  const district = (
    await q("INSERT INTO district (name) VALUES ('Бишкек шаары (бенчмарк району)') RETURNING id")
  ).rows[0].id as number;
  await q(
    `INSERT INTO school (district_id, code, name)
     SELECT $1, 'bench-' || s, s || '-орто мектеп (бенчмарк)' FROM generate_series(1, $2) s`,
    [district, schools],
  );
  await q(
    `INSERT INTO academic_year (school_id, name, starts_on, ends_on, is_current)
     SELECT id, $1, $2, $3, true FROM school`,
    [YEAR.name, YEAR.startsOn, YEAR.endsOn],
  );
  const terms = [
    ...QUARTERS.map(([from, to], i) => ['QUARTER', i + 1, from, to] as const),
    ...HALVES.map(([from, to], i) => ['HALF', i + 1, from, to] as const),
    ['YEAR', 1, YEAR.startsOn, YEAR.endsOn] as const,
  ];
  await q(
    `INSERT INTO term (year_id, kind, number, starts_on, ends_on)
     SELECT y.id, t.kind, t.number, t.f, t.t FROM academic_year y,
       unnest($1::"TermKind"[], $2::int[], $3::date[], $4::date[]) AS t(kind, number, f, t)`,
    [
      terms.map((t) => t[0]),
      terms.map((t) => t[1]),
      terms.map((t) => t[2]),
      terms.map((t) => t[3]),
    ],
  );
  await q(
    `INSERT INTO assessment_scheme (school_id, year_id, grade_from, grade_to, scale, weights)
     SELECT school_id, id, 1, 3, 'UNMARKED'::"GradingScale", '{}'::jsonb FROM academic_year
     UNION ALL SELECT school_id, id, 4, 11, 'FIVE_POINT'::"GradingScale", '{"CONTROL": 2}'::jsonb FROM academic_year`,
  );
  const bells = Object.entries(BELLS).flatMap(([shift, starts]) =>
    starts.map((s, i) => [Number(shift), i + 1, s, time(s, LESSON_MINUTES)] as const),
  );
  await q(
    `INSERT INTO bell_slot (school_id, shift, number, starts_at, ends_at)
     SELECT s.id, b.shift, b.n, b.s, b.e FROM school s, unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS b(shift, n, s, e)`,
    [
      bells.map((b) => b[0]),
      bells.map((b) => b[1]),
      bells.map((b) => b[2]),
      bells.map((b) => b[3]),
    ],
  );
  await q(
    'INSERT INTO grade_level (school_id, grade) SELECT s.id, g FROM school s, generate_series(1, 11) g',
  );
  await q(
    `INSERT INTO subject (school_id, code, name_ky, name_ru)
     SELECT s.id, x.code, x.ky, x.ru FROM school s, unnest($1::text[], $2::text[], $3::text[]) AS x(code, ky, ru)`,
    [SUBJECTS.map((s) => s.code), SUBJECTS.map((s) => s.nameKy), SUBJECTS.map((s) => s.nameRu)],
  );
  await q(
    `INSERT INTO app_user (school_id, login, last_name, first_name, patronymic, language)
     SELECT s.id, 'bench-t-' || s.id || '-' || n, ($2::text[])[1 + (s.id * 7 + n) % 16],
            ($3::text[])[1 + (s.id * 5 + n * 3) % 16], ($4::text[])[1 + n % 12] || ' кызы', 'ky'
     FROM school s, generate_series(1, $1) n`,
    [DISTRICT.teachersPerSchool, LAST_NAMES, FIRST_NAMES, FATHERS],
  );
  await q(
    `INSERT INTO staff_role (user_id, school_id, role)
     SELECT id, school_id, 'TEACHER'::"StaffRoleKind" FROM app_user WHERE login LIKE 'bench-t-%'`,
  );
  await q(
    `INSERT INTO class_group (school_id, year_id, grade_level_id, letter, shift, class_teacher_id)
     SELECT s.id, y.id, gl.id, l.letter, CASE WHEN gl.grade = ANY($2::int[]) THEN 1 ELSE 2 END,
            (SELECT u.id FROM app_user u WHERE u.login = 'bench-t-' || s.id || '-' || ((gl.grade * 3 + l.i) % $3 + 1))
     FROM school s JOIN academic_year y ON y.school_id = s.id JOIN grade_level gl ON gl.school_id = s.id,
          unnest($1::text[]) WITH ORDINALITY AS l(letter, i)`,
    [DISTRICT.letters, SHIFT_1_GRADES, DISTRICT.teachersPerSchool],
  );
  await q(
    `INSERT INTO pupil (school_id, class_group_id, last_name, first_name, patronymic, birth_date)
     SELECT cg.school_id, cg.id, ($2::text[])[1 + (cg.id * 13 + k * 7) % 16], ($3::text[])[1 + (cg.id + k * 5) % 16],
            ($4::text[])[1 + (cg.id * 3 + k) % 12] || CASE WHEN k % 2 = 0 THEN ' уулу' ELSE ' кызы' END,
            make_date(2020 - gl.grade, 1 + k % 12, 1 + k % 28)
     FROM class_group cg JOIN grade_level gl ON gl.id = cg.grade_level_id, generate_series(1, $1) k`,
    [DISTRICT.pupilsPerClass, LAST_NAMES, FIRST_NAMES, FATHERS],
  );
  await q(
    `INSERT INTO app_user (school_id, last_name, first_name, patronymic, phone, language, external_id)
     SELECT p.school_id, p.last_name || 'а', ($1::text[])[1 + p.id % 16], 'Асан кызы',
            '+996700' || lpad((p.id % 1000000)::text, 6, '0'), CASE WHEN p.id % 5 = 0 THEN 'ru' ELSE 'ky' END::"Language",
            'bench-parent-' || p.id
     FROM pupil p`,
    [FIRST_NAMES],
  );
  await q(
    `INSERT INTO guardian (user_id, pupil_id, relation)
     SELECT u.id, substring(u.external_id FROM 14)::int, 'mother' FROM app_user u WHERE u.external_id LIKE 'bench-parent-%'`,
  );
  await q(
    `INSERT INTO telegram_link (user_id, telegram_user_id, chat_id)
     SELECT g.user_id, $1::bigint + g.pupil_id, $1::bigint + g.pupil_id FROM guardian g`,
    [TG_BASE.toString()],
  );
  await q(
    `INSERT INTO teaching_assignment (year_id, teacher_id, subject_id, class_group_id, hours_per_week)
     SELECT cg.year_id, u.id, s.id, cg.id, w.hours
     FROM class_group cg JOIN grade_level gl ON gl.id = cg.grade_level_id
     JOIN unnest($1::int[], $2::text[], $3::int[]) AS w(grade, code, hours) ON w.grade = gl.grade
     JOIN subject s ON s.school_id = cg.school_id AND s.code = w.code
     JOIN app_user u ON u.login = 'bench-t-' || cg.school_id || '-' || ((s.id * 7 + cg.id) % $4 + 1)`,
    [
      Object.entries(WEEKLY_HOURS).flatMap(([g, hours]) => hours.map(() => Number(g))),
      Object.values(WEEKLY_HOURS).flatMap((hours) => hours.map(([code]) => code)),
      Object.values(WEEKLY_HOURS).flatMap((hours) => hours.map(([, h]) => h)),
      DISTRICT.teachersPerSchool,
    ],
  );
  await q(
    `INSERT INTO timetable_slot (class_group_id, weekday, lesson_number, subject_id, teacher_id, room, valid_from)
     SELECT ta.class_group_id, p.weekday, p.n, ta.subject_id, ta.teacher_id, (100 + cg.id % 40)::text, $5::date
     FROM unnest($1::int[], $2::int[], $3::int[], $4::text[]) AS p(grade, weekday, n, code)
     JOIN grade_level gl ON gl.grade = p.grade
     JOIN class_group cg ON cg.grade_level_id = gl.id
     JOIN subject s ON s.school_id = cg.school_id AND s.code = p.code
     JOIN teaching_assignment ta ON ta.class_group_id = cg.id AND ta.subject_id = s.id`,
    [
      pattern.map((p) => p.grade),
      pattern.map((p) => p.weekday),
      pattern.map((p) => p.lessonNumber),
      pattern.map((p) => p.code),
      YEAR.startsOn,
    ],
  );
  await q('COMMIT');
};

const insertLessons = (
  c: pg.Client,
  schoolId: number,
  days5: string[],
  days6: string[],
  topics: string[],
) =>
  c.query(
    `INSERT INTO lesson (class_group_id, subject_id, teacher_id, date, lesson_number, topic, homework, homework_due_on, created_at, updated_at)
     SELECT ts.class_group_id, ts.subject_id, ts.teacher_id, d.day, ts.lesson_number,
            ($4::text[])[1 + abs(hashint8(ts.id::bigint * 1000 + (d.day - date '2026-09-01'))) % cardinality($4::text[])],
            CASE WHEN abs(hashint8(ts.id::bigint * 7777 + (d.day - date '2026-09-01'))) % 100 < 70
                 THEN '§' || (1 + (d.day - date '2026-09-01') / 7) || ', ' || (10 + ts.id % 40) || '-көнүгүү' END,
            CASE WHEN abs(hashint8(ts.id::bigint * 7777 + (d.day - date '2026-09-01'))) % 100 < 70 THEN d.day + 7 END,
            d.day + time '08:00', d.day + time '08:00'
     FROM class_group cg JOIN grade_level gl ON gl.id = cg.grade_level_id
     JOIN timetable_slot ts ON ts.class_group_id = cg.id
     JOIN unnest($3::date[]) AS d(day) ON extract(isodow FROM d.day) = ts.weekday
     WHERE cg.school_id = $1 AND gl.grade >= 5
     UNION ALL
     SELECT ts.class_group_id, ts.subject_id, ts.teacher_id, d.day, ts.lesson_number,
            ($4::text[])[1 + abs(hashint8(ts.id::bigint * 1000 + (d.day - date '2026-09-01'))) % cardinality($4::text[])],
            NULL, NULL, d.day + time '08:00', d.day + time '08:00'
     FROM class_group cg JOIN grade_level gl ON gl.id = cg.grade_level_id
     JOIN timetable_slot ts ON ts.class_group_id = cg.id
     JOIN unnest($2::date[]) AS d(day) ON extract(isodow FROM d.day) = ts.weekday
     WHERE cg.school_id = $1 AND gl.grade <= 4`,
    [schoolId, days5, days6, topics],
  );

/** 93% present, 1.5% late, 1% absent, 4.5% excused — from a hash of lesson and pupil. */
const insertAttendance = (c: pg.Client, schoolId: number) =>
  c.query(
    `INSERT INTO attendance (lesson_id, pupil_id, date, status, late_minutes, reason, updated_at)
     SELECT l.id, p.id, l.date,
            (CASE WHEN x.h < 930 THEN 'PRESENT' WHEN x.h < 945 THEN 'LATE' WHEN x.h < 955 THEN 'ABSENT' ELSE 'EXCUSED' END)::"AttendanceStatus",
            CASE WHEN x.h >= 930 AND x.h < 945 THEN 3 + x.h % 15 END,
            CASE WHEN x.h >= 955 THEN 'Оорусу боюнча (медициналык маалымкат)' END,
            l.created_at
     FROM class_group cg JOIN lesson l ON l.class_group_id = cg.id
     JOIN pupil p ON p.class_group_id = cg.id
     CROSS JOIN LATERAL (SELECT abs(hashint8(l.id::bigint * 100003 + p.id)) % 1000 AS h) x
     WHERE cg.school_id = $1`,
    [schoolId],
  );

/** About 0.4 marks per present pupil and lesson in grades 4–11: 5 35%, 4 40%, 3 20%, 2 5%. */
const insertMarks = (c: pg.Client, schoolId: number) =>
  c.query(
    `INSERT INTO mark (lesson_id, pupil_id, subject_id, teacher_id, date, value, kind, weight, created_at, updated_at)
     SELECT l.id, p.id, l.subject_id, l.teacher_id, l.date,
            CASE WHEN y.v < 350 THEN 5 WHEN y.v < 750 THEN 4 WHEN y.v < 950 THEN 3 ELSE 2 END,
            (CASE WHEN y.k < 55 THEN 'ORAL' WHEN y.k < 80 THEN 'HOMEWORK' WHEN y.k < 95 THEN 'WRITTEN' ELSE 'CONTROL' END)::"MarkKind",
            CASE WHEN y.k >= 95 THEN 2 ELSE 1 END,
            l.created_at + interval '3 hours', l.created_at + interval '3 hours'
     FROM class_group cg JOIN grade_level gl ON gl.id = cg.grade_level_id
     JOIN lesson l ON l.class_group_id = cg.id
     JOIN pupil p ON p.class_group_id = cg.id
     CROSS JOIN LATERAL (SELECT abs(hashint8(l.id::bigint * 100003 + p.id)) % 1000 AS h,
                                abs(hashint8(l.id::bigint * 7919 + p.id * 31 + 17)) % 1000 AS m) x
     CROSS JOIN LATERAL (SELECT abs(hashint8(l.id::bigint * 104729 + p.id * 7)) % 1000 AS v,
                                abs(hashint8(l.id::bigint * 31337 + p.id)) % 100 AS k) y
     WHERE cg.school_id = $1 AND gl.grade >= 4 AND x.h < 945 AND x.m < 430`,
    [schoolId],
  );

/** About one lesson in 200 held by a substitute. */
const insertSubstitutions = async (c: pg.Client) => {
  await fastLoad(c);
  await c.query(
    `INSERT INTO substitution (class_group_id, date, lesson_number, subject_id, absent_teacher_id, substitute_teacher_id, reason, created_by_id)
     SELECT DISTINCT ON (l.class_group_id, l.date, l.lesson_number)
            l.class_group_id, l.date, l.lesson_number, l.subject_id, l.teacher_id, cg.class_teacher_id, 'Оорусу боюнча', cg.class_teacher_id
     FROM lesson l JOIN class_group cg ON cg.id = l.class_group_id
     WHERE abs(hashint8(l.id::bigint * 65537)) % 200 = 0 AND cg.class_teacher_id <> l.teacher_id`,
  );
};
