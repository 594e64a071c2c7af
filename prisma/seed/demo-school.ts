/**
 * The demo school: "Ш. Абдылдаев атындагы №12 орто мектеби" in Bishkek with grades 1–11, about
 * 600 pupils and their parents, 40 staff, a two-shift timetable and the current school year's
 * journal for the last nine weeks up to today and a week ahead (topics, homework, marks,
 * attendance, substitutions; dates relative to the day it is seeded, see `demoCalendar`). Written in one transaction, so a
 * failed seed leaves nothing behind; bulk tables go through `unnest` inserts to stay fast on PGlite.
 */
import { createHash, randomInt } from 'node:crypto';
import { hashPassword } from '../../domain/accounts/passwords.ts';
import type { Db, Tx } from '../../domain/db.ts';
import { addDays, dateOnly, localToday, toIsoDate } from '../../domain/dates.ts';
import { allocateIds, bulkInsert } from './bulk.ts';
import { BELLS, CONTROL_WEIGHT, LESSON_MINUTES, planDemoSchool, type DemoPlan } from './plan.ts';

/** The one password of every demo staff login (documented in the README and the demo sheet). */
export const DEMO_PASSWORD = 'sabak-demo-2026';
export const DEMO_SCHOOL_CODE = 'demo-bishkek-12';
export const DEMO_SCHOOL_NAME = 'Ш. Абдылдаев атындагы №12 орто мектеби';
export const DEMO_DISTRICT_NAME = 'Бишкек шаары, Свердлов району';
/** Login of the demo director (ADMIN); stable because the seed is deterministic. */
export const DEMO_ADMIN_LOGIN = 'zhumabaeva.g';

const LINK_CODE_DAYS = 30;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type DemoRole =
  'admin' | 'deputy' | 'subjectTeacher' | 'classTeacher' | 'psychologist' | 'doctor';

export interface DemoLogin {
  role: DemoRole;
  login: string;
  fullName: string;
  /** What this login shows, in Kyrgyz (e.g. "5-А классынын класс жетекчиси"). */
  note: string;
}

export interface DemoParentCode {
  /** The plaintext code; only its sha256 is stored. Single use. */
  code: string;
  pupil: string;
  className: string;
  expiresAt: Date;
}

export interface DemoSchool {
  schoolId: number;
  schoolName: string;
  password: string;
  logins: DemoLogin[];
  parentCodes: DemoParentCode[];
  /** The school days the journal covers (up to a week past the day it was seeded). */
  period: { from: string; to: string };
  counts: Record<
    | 'classes'
    | 'pupils'
    | 'parents'
    | 'staff'
    | 'lessons'
    | 'marks'
    | 'attendance'
    | 'substitutions',
    number
  >;
}

export interface SeedOptions {
  /** The clock: the journal's dates run up to this day and a week past it; link codes expire from it (default: now). */
  now?: Date;
  /** Seed of the generator; the default gives the documented demo school. */
  seed?: string;
}

/** sha256 hex of a link code, as LinkCode.codeHash stores it. */
export const hashLinkCode = (code: string) => createHash('sha256').update(code).digest('hex');

const newLinkCode = () =>
  Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const fullName = (p: { lastName: string; firstName: string; patronymic?: string | null }) =>
  [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');

const endOf = (start: string) => {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const total = h * 60 + m + LESSON_MINUTES;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/**
 * Creates the demo school unless the database already has a school (then returns null).
 * Deterministic: the same names, timetable, marks and absences every time; only the parent link
 * codes are random (they are secrets).
 */
export const seedDemoSchool = async (
  db: Db,
  options: SeedOptions = {},
): Promise<DemoSchool | null> => {
  if ((await db.school.count()) > 0) return null;
  const now = options.now ?? new Date();
  const plan = planDemoSchool(options.seed, localToday(now));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.$transaction((tx) => writePlan(tx, plan, passwordHash, now), {
    timeout: 600_000,
    maxWait: 60_000,
  });
};

const writePlan = async (
  tx: Tx,
  plan: DemoPlan,
  passwordHash: string,
  now: Date,
): Promise<DemoSchool | null> => {
  // Checked again inside the transaction: two starts racing must not seed twice.
  if ((await tx.school.count()) > 0) return null;
  const district = await tx.district.create({ data: { name: DEMO_DISTRICT_NAME } });
  const school = await tx.school.create({
    data: { districtId: district.id, code: DEMO_SCHOOL_CODE, name: DEMO_SCHOOL_NAME },
  });
  const schoolId = school.id;
  const { year: YEAR, quarters: QUARTERS, halves: HALVES } = plan.calendar;
  const year = await tx.academicYear.create({
    data: {
      schoolId,
      name: YEAR.name,
      startsOn: dateOnly(YEAR.startsOn),
      endsOn: dateOnly(YEAR.endsOn),
      isCurrent: true,
    },
  });
  const termRows = [
    ...QUARTERS.map(([from, to], i) => ({ kind: 'QUARTER' as const, number: i + 1, from, to })),
    ...HALVES.map(([from, to], i) => ({ kind: 'HALF' as const, number: i + 1, from, to })),
    { kind: 'YEAR' as const, number: 1, from: YEAR.startsOn, to: YEAR.endsOn },
  ];
  await tx.term.createMany({
    data: termRows.map((t) => ({
      yearId: year.id,
      kind: t.kind,
      number: t.number,
      startsOn: dateOnly(t.from),
      endsOn: dateOnly(t.to),
    })),
  });
  const finishedQuarter = plan.calendar.finishedQuarter
    ? await tx.term.findFirstOrThrow({
        where: { yearId: year.id, kind: 'QUARTER', number: plan.calendar.finishedQuarter },
      })
    : null;
  await tx.bellSlot.createMany({
    data: Object.entries(BELLS).flatMap(([shift, starts]) =>
      starts.map((startsAt, i) => ({
        schoolId,
        shift: Number(shift),
        number: i + 1,
        startsAt,
        endsAt: endOf(startsAt),
      })),
    ),
  });
  await tx.assessmentScheme.createMany({
    data: [
      { schoolId, yearId: year.id, gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED' },
      {
        schoolId,
        yearId: year.id,
        gradeFrom: 4,
        gradeTo: 11,
        scale: 'FIVE_POINT',
        weights: { CONTROL: CONTROL_WEIGHT },
      },
    ],
  });

  const gradeIds = await allocateIds(tx, 'grade_level', 11);
  await tx.gradeLevel.createMany({
    data: gradeIds.map((id, i) => ({ id, schoolId, grade: i + 1 })),
  });
  const gradeId = (grade: number) => gradeIds[grade - 1] as number;

  const subjectIds = await allocateIds(tx, 'subject', plan.subjects.length);
  await tx.subject.createMany({
    data: plan.subjects.map((s, i) => ({
      id: subjectIds[i] as number,
      schoolId,
      code: s.code,
      nameKy: s.nameKy,
      nameRu: s.nameRu,
    })),
  });
  const subjectId = (i: number) => subjectIds[i] as number;

  const userIds = await allocateIds(tx, 'app_user', plan.staff.length + plan.parents.length);
  const staffId = (i: number) => userIds[i] as number;
  const parentId = (i: number) => userIds[plan.staff.length + i] as number;
  await bulkInsert(
    tx,
    'app_user',
    [
      ['id', 'int'],
      ['school_id', 'int'],
      ['login', 'text'],
      ['password_hash', 'text'],
      ['last_name', 'text'],
      ['first_name', 'text'],
      ['patronymic', 'text'],
      ['phone', 'text'],
      ['language', '"Language"'],
    ],
    [
      ...plan.staff.map((s, i) => [
        staffId(i),
        schoolId,
        s.login,
        passwordHash,
        s.lastName,
        s.firstName,
        s.patronymic,
        null,
        s.language,
      ]),
      ...plan.parents.map((p, i) => [
        parentId(i),
        schoolId,
        null,
        null,
        p.lastName,
        p.firstName,
        p.patronymic,
        p.phone,
        p.language,
      ]),
    ],
  );

  const classIds = await allocateIds(tx, 'class_group', plan.classes.length);
  const classId = (i: number) => classIds[i] as number;
  await tx.classGroup.createMany({
    data: plan.classes.map((c, i) => ({
      id: classId(i),
      schoolId,
      yearId: year.id,
      gradeLevelId: gradeId(c.grade),
      letter: c.letter,
      shift: c.shift,
      classTeacherId: staffId(c.classTeacher),
    })),
  });
  const leaders = new Set(plan.classes.map((c) => c.classTeacher));
  await tx.staffRole.createMany({
    data: plan.staff.flatMap((s, i) => [
      ...s.roles.map((role) => ({ userId: staffId(i), schoolId, role })),
      ...(leaders.has(i) ? [{ userId: staffId(i), schoolId, role: 'CLASS_TEACHER' as const }] : []),
    ]),
  });
  await bulkInsert(
    tx,
    'teaching_assignment',
    [
      ['year_id', 'int'],
      ['teacher_id', 'int'],
      ['subject_id', 'int'],
      ['class_group_id', 'int'],
      ['hours_per_week', 'int'],
    ],
    plan.assignments.map((a) => [
      year.id,
      staffId(a.teacher),
      subjectId(a.subject),
      classId(a.cls),
      a.hours,
    ]),
  );
  await bulkInsert(
    tx,
    'timetable_slot',
    [
      ['class_group_id', 'int'],
      ['weekday', 'int'],
      ['lesson_number', 'int'],
      ['subject_id', 'int'],
      ['teacher_id', 'int'],
      ['room', 'text'],
      ['valid_from', 'date'],
    ],
    plan.slots.map((s) => [
      classId(s.cls),
      s.weekday,
      s.lessonNumber,
      subjectId(s.subject),
      staffId(s.teacher),
      s.room,
      YEAR.startsOn,
    ]),
  );

  const pupilIds = await allocateIds(tx, 'pupil', plan.pupils.length);
  const pupilId = (i: number) => pupilIds[i] as number;
  await bulkInsert(
    tx,
    'pupil',
    [
      ['id', 'int'],
      ['school_id', 'int'],
      ['class_group_id', 'int'],
      ['last_name', 'text'],
      ['first_name', 'text'],
      ['patronymic', 'text'],
      ['birth_date', 'date'],
    ],
    plan.pupils.map((p, i) => [
      pupilId(i),
      schoolId,
      classId(p.cls),
      p.lastName,
      p.firstName,
      p.patronymic,
      p.birthDate,
    ]),
  );
  // One membership per pupil: in their class since the first day of the year.
  await bulkInsert(
    tx,
    'class_membership',
    [
      ['pupil_id', 'int'],
      ['class_group_id', 'int'],
      ['from_date', 'date'],
    ],
    plan.pupils.map((p, i) => [pupilId(i), classId(p.cls), YEAR.startsOn]),
  );
  await bulkInsert(
    tx,
    'guardian',
    [
      ['user_id', 'int'],
      ['pupil_id', 'int'],
      ['relation', 'text'],
      ['granted_at', 'timestamp'],
    ],
    // Like an import: no parent sees a child until that child's parent code is redeemed.
    plan.guardians.map((g) => [parentId(g.parent), pupilId(g.pupil), g.relation, null]),
  );

  const planItemIds = await allocateIds(tx, 'plan_item', plan.planItems.length);
  await bulkInsert(
    tx,
    'plan_item',
    [
      ['id', 'int'],
      ['school_id', 'int'],
      ['year_id', 'int'],
      ['subject_id', 'int'],
      ['grade_level_id', 'int'],
      ['position', 'int'],
      ['topic', 'text'],
      ['hours', 'int'],
    ],
    plan.planItems.map((p, i) => [
      planItemIds[i],
      schoolId,
      year.id,
      subjectId(p.subject),
      gradeId(p.grade),
      p.position,
      p.topic,
      p.hours,
    ]),
  );

  const lessonIds = await allocateIds(tx, 'lesson', plan.lessons.length);
  const lessonId = (i: number) => lessonIds[i] as number;
  await bulkInsert(
    tx,
    'lesson',
    [
      ['id', 'int'],
      ['class_group_id', 'int'],
      ['subject_id', 'int'],
      ['teacher_id', 'int'],
      ['date', 'date'],
      ['lesson_number', 'int'],
      ['topic', 'text'],
      ['homework', 'text'],
      ['homework_due_on', 'date'],
      ['plan_item_id', 'int'],
      ['created_at', 'timestamp(3)'],
      ['updated_at', 'timestamp(3)'],
    ],
    plan.lessons.map((l, i) => [
      lessonId(i),
      classId(l.cls),
      subjectId(l.subject),
      staffId(l.teacher),
      l.date,
      l.lessonNumber,
      l.topic,
      l.homework,
      l.homeworkDueOn,
      l.planItem === null ? null : planItemIds[l.planItem],
      l.at,
      l.at,
    ]),
  );
  const deputy = plan.staff.findIndex((s) => s.roles.includes('DEPUTY'));
  await tx.substitution.createMany({
    data: plan.substitutions.map((s) => ({
      classGroupId: classId(s.cls),
      date: dateOnly(s.date),
      lessonNumber: s.lessonNumber,
      subjectId: subjectId(s.subject),
      absentTeacherId: staffId(s.absent),
      substituteTeacherId: staffId(s.substitute),
      room: s.room,
      reason: s.reason,
      createdById: staffId(deputy),
      createdAt: new Date(s.at),
    })),
  });
  await bulkInsert(
    tx,
    'attendance',
    [
      ['lesson_id', 'int'],
      ['pupil_id', 'int'],
      ['date', 'date'],
      ['status', '"AttendanceStatus"'],
      ['late_minutes', 'int'],
      ['reason', 'text'],
      ['updated_at', 'timestamp(3)'],
    ],
    plan.attendance.map((a) => {
      const lesson = plan.lessons[a.lesson];
      return [
        lessonId(a.lesson),
        pupilId(a.pupil),
        lesson?.date,
        a.status,
        a.lateMinutes,
        a.reason,
        lesson?.at,
      ];
    }),
  );
  await bulkInsert(
    tx,
    'mark',
    [
      ['lesson_id', 'int'],
      ['pupil_id', 'int'],
      ['subject_id', 'int'],
      ['teacher_id', 'int'],
      ['date', 'date'],
      ['value', 'int'],
      ['kind', '"MarkKind"'],
      ['weight', 'float8'],
      ['comment', 'text'],
      ['created_at', 'timestamp(3)'],
      ['updated_at', 'timestamp(3)'],
    ],
    plan.marks.map((m) => {
      const lesson = plan.lessons[m.lesson];
      if (!lesson) throw new Error('mark without lesson');
      return [
        lessonId(m.lesson),
        pupilId(m.pupil),
        subjectId(lesson.subject),
        staffId(lesson.teacher),
        lesson.date,
        m.value,
        m.kind,
        m.weight,
        m.comment,
        m.at,
        m.at,
      ];
    }),
  );
  const quarterEnd = finishedQuarter
    ? new Date(`${finishedQuarter.endsOn.toISOString().slice(0, 10)}T12:00:00Z`).toISOString()
    : '';
  await bulkInsert(
    tx,
    'final_mark',
    [
      ['pupil_id', 'int'],
      ['subject_id', 'int'],
      ['term_id', 'int'],
      ['kind', '"FinalMarkKind"'],
      ['value', 'int'],
      ['teacher_id', 'int'],
      ['updated_at', 'timestamp(3)'],
    ],
    plan.finalMarks.map((f) => [
      pupilId(f.pupil),
      subjectId(f.subject),
      finishedQuarter?.id ?? 0,
      'TERM',
      f.value,
      staffId(f.teacher),
      quarterEnd,
    ]),
  );

  await writeAnnouncements(tx, plan, schoolId, staffId, classId);
  const parentCodes = await writeLinkCodes(tx, plan, schoolId, staffId, pupilId, parentId, now);
  return {
    schoolId,
    schoolName: school.name,
    password: DEMO_PASSWORD,
    logins: demoLogins(plan),
    parentCodes,
    period: { from: plan.calendar.window.from, to: plan.calendar.window.to },
    counts: {
      classes: plan.classes.length,
      pupils: plan.pupils.length,
      parents: plan.parents.length,
      staff: plan.staff.length,
      lessons: plan.lessons.length,
      marks: plan.marks.length,
      attendance: plan.attendance.length,
      substitutions: plan.substitutions.length,
    },
  };
};

const demoLogins = (plan: DemoPlan): DemoLogin[] => {
  const showcase = plan.classes[plan.demo.cls]?.name ?? '5-А';
  const byRole = (role: string) => plan.staff.findIndex((s) => s.roles.includes(role as never));
  const entry = (role: DemoRole, index: number, note: string): DemoLogin => {
    const s = plan.staff[index];
    if (!s) throw new Error(`no demo ${role}`);
    return { role, login: s.login, fullName: fullName(s), note };
  };
  const taught = plan.assignments.filter((a) => a.teacher === plan.demo.subjectTeacher);
  const subjectName =
    plan.subjects[taught.find((a) => a.cls === plan.demo.cls)?.subject ?? -1]?.nameKy ?? '';
  const classNames = [...new Set(taught.map((a) => plan.classes[a.cls]?.name))].join(', ');
  return [
    entry('admin', byRole('ADMIN'), 'мектептин директору (администратор)'),
    entry('deputy', byRole('DEPUTY'), 'окуу иштери боюнча директордун орун басары (завуч)'),
    entry('subjectTeacher', plan.demo.subjectTeacher, `${subjectName} мугалими: ${classNames}`),
    entry('classTeacher', plan.demo.classTeacher, `${showcase} классынын класс жетекчиси`),
    entry('psychologist', byRole('PSYCHOLOGIST'), 'мектептин психологу'),
    entry('doctor', byRole('DOCTOR'), 'мектептин дарыгери'),
  ];
};

const writeAnnouncements = async (
  tx: Tx,
  plan: DemoPlan,
  schoolId: number,
  staffId: (i: number) => number,
  classId: (i: number) => number,
) => {
  // Announcements a few days to a few weeks old, whatever day the demo is seeded.
  const daysAgo = (days: number, utcHour: string) =>
    new Date(`${toIsoDate(addDays(dateOnly(plan.calendar.today), -days))}T${utcHour}:00:00Z`);
  const director = plan.staff.findIndex((s) => s.roles.includes('ADMIN'));
  const deputy = plan.staff.findIndex((s) => s.roles.includes('DEPUTY'));
  const showcase = plan.classes[plan.demo.cls];
  const room = plan.staff[plan.demo.classTeacher]?.room ?? '';
  await tx.announcement.createMany({
    data: [
      {
        schoolId,
        authorId: staffId(director),
        audience: 'SCHOOL',
        title: 'Күзгү каникул / Осенние каникулы',
        body:
          'Урматтуу ата-энелер жана окуучулар! Күзгү каникул 1-ноябрдан 9-ноябрга чейин. ' +
          'Экинчи чейрек 10-ноябрда башталат.\n\n' +
          'Уважаемые родители и ученики! Осенние каникулы с 1 по 9 ноября. Вторая четверть начинается 10 ноября.',
        createdAt: daysAgo(3, '04'),
      },
      {
        schoolId,
        authorId: staffId(deputy),
        audience: 'PARALLEL',
        grade: 11,
        title: 'ЖРТга даярдоо',
        body: '11-класстардын окуучулары үчүн Жалпы республикалык тестирлөөгө (ЖРТ) даярдоо боюнча кошумча сабактар ар ишемби саат 14:00дө 31-кабинетте өтөт.',
        createdAt: daysAgo(40, '05'),
      },
      {
        schoolId,
        authorId: staffId(plan.demo.classTeacher),
        audience: 'CLASS',
        classGroupId: classId(plan.demo.cls),
        title: 'Ата-энелер чогулушу',
        body: `Урматтуу ата-энелер! ${showcase?.name ?? ''} классынын ата-энелер чогулушу 23-октябрда саат 18:00дө ${room}-кабинетте болот. Күн тартиби: биринчи чейректин жыйынтыгы, күзгү каникул.`,
        createdAt: daysAgo(12, '09'),
      },
      {
        schoolId,
        authorId: staffId(director),
        audience: 'ROLE',
        role: 'TEACHER',
        title: 'Педагогикалык кеңеш',
        body: 'Биринчи чейректин жыйынтыгы боюнча педагогикалык кеңеш 30-октябрда саат 14:00дө мажилис залында өтөт. Чейректик бааларды 29-октябрга чейин коюп бүтүргүлө.',
        createdAt: daysAgo(5, '03'),
      },
    ],
  });
};

const writeLinkCodes = async (
  tx: Tx,
  plan: DemoPlan,
  schoolId: number,
  staffId: (i: number) => number,
  pupilId: (i: number) => number,
  parentId: (i: number) => number,
  now: Date,
): Promise<DemoParentCode[]> => {
  const expiresAt = new Date(now.getTime() + LINK_CODE_DAYS * 86_400_000);
  // A parent code is for one guardian: the pupil's first parent.
  const codes = plan.demo.codePupils.flatMap((p) => {
    const guardian = plan.guardians.find((g) => g.pupil === p);
    return guardian ? [{ pupil: p, parent: guardian.parent, code: newLinkCode() }] : [];
  });
  await tx.linkCode.createMany({
    data: codes.map(({ pupil, parent, code }) => {
      const cls = plan.classes[plan.pupils[pupil]?.cls ?? -1];
      return {
        schoolId,
        codeHash: hashLinkCode(code),
        pupilId: pupilId(pupil),
        forUserId: parentId(parent),
        role: 'PARENT' as const,
        createdById: staffId(cls?.classTeacher ?? 0),
        expiresAt,
      };
    }),
  });
  return codes.map(({ pupil, code }) => {
    const p = plan.pupils[pupil];
    return {
      code,
      pupil: p ? fullName(p) : '',
      className: plan.classes[p?.cls ?? -1]?.name ?? '',
      expiresAt,
    };
  });
};
