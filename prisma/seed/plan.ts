/**
 * Plans the whole demo school in memory, deterministically from a seed: staff, classes, teaching
 * load, timetable, families, the first quarter's lessons with topics and homework, attendance,
 * marks, substitutions. Rows refer to each other by index; demo-school.ts turns indexes into ids.
 */
import {
  addDays,
  dateOnly,
  daysBetween,
  isoWeekday,
  localToday,
  toIsoDate,
} from '../../domain/dates.ts';
import { standardTerms } from '../../domain/school/create-school.ts';
import type { AttendanceStatus, MarkKind } from '../../domain/generated/prisma/enums.ts';
import {
  controlTopic,
  EXCUSE_REASONS,
  hasControlWorks,
  homeworkFor,
  PRIMARY_TEACHER_SUBJECTS,
  SUBJECT_BUNDLES,
  SUBJECTS,
  subjectDef,
  topicsFor,
  WEEKLY_HOURS,
  type SubjectCode,
} from './curriculum.ts';
import { loginFor, newFamily, type ParentPlan, type Sex } from './names.ts';
import { createRng, type Rng } from './rng.ts';
import { STAFF, type StaffPlan } from './staff.ts';
import { buildTimetable } from './timetable.ts';

/**
 * The fixed 2026-2027 calendar of the benchmark district (bench/), whose measurements must be
 * comparable between runs. The demo school uses `demoCalendar(today)` instead.
 */
export const YEAR = { name: '2026-2027', startsOn: '2026-09-01', endsOn: '2027-05-25' } as const;
export const QUARTERS = [
  ['2026-09-01', '2026-10-31'],
  ['2026-11-10', '2026-12-28'],
  ['2027-01-12', '2027-03-20'],
  ['2027-04-01', '2027-05-25'],
] as const;
export const HALVES = [
  ['2026-09-01', '2026-12-28'],
  ['2027-01-12', '2027-05-25'],
] as const;

/** How far the demo journal reaches: about a quarter back (nine weeks) and a week ahead of today. */
export const DEMO_WEEKS_BACK = 9;
export const DEMO_DAYS_AHEAD = 7;

export interface DemoCalendar {
  /** The school-local day the demo is planned for. */
  today: string;
  year: { name: string; startsOn: string; endsOn: string };
  quarters: [string, string][];
  halves: [string, string][];
  /** Lessons are planned on school days from `from` to `to`; attendance and marks up to `today`. */
  window: { from: string; to: string };
  /** The last quarter that ended before today with lessons in the window (it gets final marks). */
  finishedQuarter: number | null;
}

const minIso = (a: string, b: string) => (a < b ? a : b);
const maxIso = (a: string, b: string) => (a > b ? a : b);
const shiftIso = (iso: string, days: number) => toIsoDate(addDays(dateOnly(iso), days));

/**
 * The demo school's calendar, relative to `today` so the demo looks alive on whatever day it is
 * started: the school year that began on the last 1 September, with the standard Kyrgyz terms
 * (as `npm run school:create` makes them). On a holiday or in summer the quarter before today is
 * stretched to a week past today (a demo liberty), so "today" in the diary is never empty.
 */
export const demoCalendar = (today: string): DemoCalendar => {
  const [y = 2026, m = 9] = today.split('-').map(Number);
  const start = m >= 9 ? y : y - 1;
  const standard = standardTerms(start);
  const quarters = standard.terms
    .filter((t) => t.kind === 'QUARTER')
    .map((t): [string, string] => [t.startsOn, t.endsOn]);
  const horizon = shiftIso(today, DEMO_DAYS_AHEAD);
  let yearEnd = standard.year.endsOn;
  if (!quarters.some(([from, to]) => from <= today && today <= to)) {
    const before = quarters.findLastIndex(([from]) => from <= today);
    const quarter = quarters[before];
    if (quarter) {
      const next = quarters[before + 1];
      quarter[1] = minIso(horizon, next ? shiftIso(next[0], -1) : `${start + 1}-08-31`);
      yearEnd = maxIso(yearEnd, quarter[1]);
    }
  }
  // At the end of the year the last quarter runs on into summer too, so a week ahead is never empty.
  const last = quarters[3];
  if (last && last[0] <= today && last[1] < horizon) {
    last[1] = maxIso(last[1], minIso(horizon, `${start + 1}-08-31`));
    yearEnd = maxIso(yearEnd, last[1]);
  }
  const [q1, q2, q3, q4] = quarters as [
    [string, string],
    [string, string],
    [string, string],
    [string, string],
  ];
  const from = maxIso(standard.year.startsOn, shiftIso(today, -7 * DEMO_WEEKS_BACK));
  // A quarter gets final marks when at least three weeks of it lie in the window.
  const finished = quarters.findLastIndex(
    ([qFrom, to]) => to < today && daysBetween(dateOnly(maxIso(qFrom, from)), dateOnly(to)) >= 21,
  );
  return {
    today,
    year: { name: `${start}-${start + 1}`, startsOn: standard.year.startsOn, endsOn: yearEnd },
    quarters,
    halves: [
      [q1[0], q2[1]],
      [q3[0], q4[1]],
    ],
    window: { from, to: minIso(horizon, yearEnd) },
    finishedQuarter: finished >= 0 ? finished + 1 : null,
  };
};

/** Lesson start times per shift (45-minute lessons; the shifts do not overlap). */
export const BELLS: Readonly<Record<number, readonly string[]>> = {
  1: ['08:00', '08:50', '09:45', '10:35', '11:25', '12:15'],
  2: ['13:00', '13:50', '14:45', '15:35', '16:25', '17:15'],
};
export const LESSON_MINUTES = 45;
/** Weight of a control work in averages (the scheme's `weights`). */
export const CONTROL_WEIGHT = 2;

const SHIFT_1_GRADES = new Set([1, 5, 8, 9, 10, 11]);
const lettersOf = (grade: number) => (grade === 1 ? ['А', 'Б', 'В'] : ['А', 'Б']);
/** Grades 1–3 are not marked; from grade 4 the 5-point scale. */
export const isMarkedGrade = (grade: number) => grade >= 4;

export interface PlannedStaff extends StaffPlan {
  login: string;
}
export interface PlannedClass {
  grade: number;
  letter: string;
  shift: number;
  /** School days a week: primary classes 5, the rest 6. */
  days: number;
  classTeacher: number;
  name: string;
}
export interface PlannedPupil {
  cls: number;
  lastName: string;
  firstName: string;
  patronymic: string;
  sex: Sex;
  birthDate: string;
  family: number;
}
export interface PlannedLesson {
  cls: number;
  subject: number;
  teacher: number;
  date: string;
  lessonNumber: number;
  topic: string;
  homework: string | null;
  homeworkDueOn: string | null;
  planItem: number | null;
  /** When the teacher filled it in (the lesson's start). */
  at: string;
  isControl: boolean;
}
export interface PlannedAttendance {
  lesson: number;
  pupil: number;
  status: AttendanceStatus;
  lateMinutes: number | null;
  reason: string | null;
}
export interface PlannedMark {
  lesson: number;
  pupil: number;
  value: number;
  kind: MarkKind;
  weight: number;
  comment: string | null;
  at: string;
}
export interface PlannedSubstitution {
  cls: number;
  date: string;
  lessonNumber: number;
  subject: number;
  absent: number;
  substitute: number;
  room: string;
  reason: string;
  at: string;
}

export interface DemoPlan {
  calendar: DemoCalendar;
  staff: PlannedStaff[];
  subjects: typeof SUBJECTS;
  classes: PlannedClass[];
  assignments: { teacher: number; subject: number; cls: number; hours: number }[];
  slots: {
    cls: number;
    weekday: number;
    lessonNumber: number;
    subject: number;
    teacher: number;
    room: string;
  }[];
  parents: ParentPlan[];
  pupils: PlannedPupil[];
  guardians: { parent: number; pupil: number; relation: string }[];
  planItems: { grade: number; subject: number; position: number; topic: string; hours: number }[];
  lessons: PlannedLesson[];
  substitutions: PlannedSubstitution[];
  attendance: PlannedAttendance[];
  marks: PlannedMark[];
  finalMarks: { pupil: number; subject: number; teacher: number; value: number }[];
  /** Who the demo sheet names: the showcase class 5-А, its class teacher, a subject teacher there. */
  demo: { cls: number; classTeacher: number; subjectTeacher: number; codePupils: number[] };
}

const subjectIndex = new Map<SubjectCode, number>(SUBJECTS.map((s, i) => [s.code, i]));
const sIdx = (code: SubjectCode) => subjectIndex.get(code) as number;

/** Local "HH:MM" on a school day → UTC ISO timestamp (Bishkek is UTC+6 all year). */
const localToUtc = (date: string, hhmm: string, plusMinutes = 0) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return new Date(
    Date.parse(`${date}T00:00:00Z`) + ((h - 6) * 60 + m + plusMinutes) * 60_000,
  ).toISOString();
};

const schoolDays = (from: string, to: string, days: number): string[] => {
  const out: string[] = [];
  for (let d = dateOnly(from); d <= dateOnly(to); d = addDays(d, 1)) {
    if (isoWeekday(d) <= days) out.push(d.toISOString().slice(0, 10));
  }
  return out;
};

const planStaff = (): PlannedStaff[] => {
  const seen = new Set<string>();
  return STAFF.map((s) => {
    let login = loginFor(s.lastName, s.firstName);
    for (let n = 2; seen.has(login); n++) login = `${loginFor(s.lastName, s.firstName)}${n}`;
    seen.add(login);
    return { ...s, login };
  });
};

const planClasses = (staff: PlannedStaff[]) => {
  const primaryTeachers = staff.flatMap((s, i) => (s.teaches.includes('PRIMARY') ? [i] : []));
  const classes: PlannedClass[] = [];
  for (let grade = 1; grade <= 11; grade++) {
    for (const letter of lettersOf(grade)) {
      const classTeacher = grade <= 4 ? (primaryTeachers[classes.length] ?? -1) : -1;
      classes.push({
        grade,
        letter,
        shift: SHIFT_1_GRADES.has(grade) ? 1 : 2,
        days: grade <= 4 ? 5 : 6,
        classTeacher,
        name: `${grade}-${letter}`,
      });
    }
  }
  return classes;
};

const planLoad = (staff: PlannedStaff[], classes: PlannedClass[]) => {
  const load = staff.map(() => 0);
  const assignments: DemoPlan['assignments'] = [];
  const assign = (teacher: number, cls: number, code: SubjectCode, hours: number) => {
    assignments.push({ teacher, subject: sIdx(code), cls, hours });
    load[teacher] = (load[teacher] ?? 0) + hours;
  };
  // Heavy senior hours first, so the specialists' loads even out over the parallels.
  for (let grade = 11; grade >= 1; grade--) {
    const hours = WEEKLY_HOURS[grade] ?? [];
    const parallel = classes.flatMap((c, i) => (c.grade === grade ? [i] : []));
    const done = new Set<SubjectCode>();
    for (const [code, h] of hours) {
      if (done.has(code)) continue;
      if (grade <= 4 && PRIMARY_TEACHER_SUBJECTS.has(code)) {
        for (const cls of parallel) assign(classes[cls]?.classTeacher ?? -1, cls, code, h);
        done.add(code);
        continue;
      }
      const bundle = (SUBJECT_BUNDLES.find((b) => b.includes(code)) ?? [code]).filter((c) =>
        hours.some(([hc]) => hc === c),
      );
      bundle.forEach((c) => done.add(c));
      const bundleHours = bundle.reduce(
        (sum, c) => sum + (hours.find(([hc]) => hc === c)?.[1] ?? 0),
        0,
      );
      const candidates = staff.flatMap((s, i) =>
        bundle.every((c) => s.teaches.includes(c)) ? [i] : [],
      );
      if (candidates.length === 0) throw new Error(`nobody teaches ${bundle.join('+')}`);
      const byLoad = () => [...candidates].sort((a, b) => (load[a] ?? 0) - (load[b] ?? 0) || a - b);
      const whole = byLoad().find(
        (t) => (load[t] ?? 0) + bundleHours * parallel.length <= (staff[t]?.maxHours ?? 0),
      );
      for (const cls of parallel) {
        const teacher = whole ?? byLoad()[0];
        if (teacher === undefined) throw new Error(`nobody teaches ${bundle.join('+')}`);
        for (const c of bundle) assign(teacher, cls, c, hours.find(([hc]) => hc === c)?.[1] ?? 0);
      }
    }
  }
  // Class teachers of grades 5–11: the teacher with most hours in the class who leads none yet.
  // The math teacher of the showcase class 5-А stays a plain subject teacher for the demo sheet.
  const showcase = classes.findIndex((c) => c.name === '5-А');
  const showcaseMath = assignments.find(
    (a) => a.cls === showcase && SUBJECTS[a.subject]?.code === 'MATH',
  );
  const leading = new Set(classes.map((c) => c.classTeacher).filter((t) => t >= 0));
  if (showcaseMath) leading.add(showcaseMath.teacher);
  classes.forEach((cls, ci) => {
    if (cls.classTeacher >= 0) return;
    const hoursIn = new Map<number, number>();
    for (const a of assignments)
      if (a.cls === ci) hoursIn.set(a.teacher, (hoursIn.get(a.teacher) ?? 0) + a.hours);
    const pick = [...hoursIn.entries()]
      .filter(([t]) => !leading.has(t) && staff[t]?.teaches.some((c) => c !== 'PE' && c !== 'MUS'))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (!pick) throw new Error(`no class teacher for ${cls.name}`);
    cls.classTeacher = pick[0];
    leading.add(pick[0]);
  });
  return { assignments, load };
};

interface Family {
  parents: number[];
  isRussian: boolean;
}

const planPupils = (rng: Rng, classes: PlannedClass[]) => {
  const free = classes.map((c) => (c.grade === 1 ? rng.int(24, 27) : rng.int(24, 30)));
  const parents: ParentPlan[] = [];
  const pupils: PlannedPupil[] = [];
  const guardians: DemoPlan['guardians'] = [];
  const families: Family[] = [];
  const freeInGrade = (g: number) =>
    classes.reduce((sum, c, i) => sum + (c.grade === g ? (free[i] ?? 0) : 0), 0);
  while (free.some((n) => n > 0)) {
    const plan = newFamily(rng);
    const family = families.length;
    const parentIdx = plan.parents.map((p) => parents.push(p) - 1);
    families.push({ parents: parentIdx, isRussian: plan.isRussian });
    const kids = rng.weighted([
      [1, 65],
      [2, 27],
      [3, 8],
    ] as const);
    const grades: number[] = [];
    const open = Array.from({ length: 11 }, (_, i) => i + 1).filter((g) => freeInGrade(g) > 0);
    grades.push(rng.weighted(open.map((g) => [g, freeInGrade(g)] as const)));
    for (let k = 1; k < kids; k++) {
      const near = open.filter(
        (g) => !grades.includes(g) && Math.abs(g - (grades[0] ?? 0)) <= 4 && freeInGrade(g) > 0,
      );
      if (near.length === 0) break;
      grades.push(rng.pick(near));
    }
    for (const grade of grades) {
      const options = classes.flatMap((c, i) =>
        c.grade === grade && (free[i] ?? 0) > 0 ? [i] : [],
      );
      const most = Math.max(...options.map((i) => free[i] ?? 0));
      const cls = rng.pick(options.filter((i) => free[i] === most));
      free[cls] = (free[cls] ?? 0) - 1;
      const sex: Sex = rng.chance(0.5) ? 'm' : 'f';
      // Grade 1 in September 2026 = born between September 2019 and August 2020.
      const start = Date.parse(`${2019 - (grade - 1)}-09-01T00:00:00Z`);
      const birthDate = new Date(start + rng.int(0, 364) * 86_400_000).toISOString().slice(0, 10);
      const pupil = pupils.push({ cls, ...plan.child(sex, rng), sex, birthDate, family }) - 1;
      for (const p of parentIdx)
        guardians.push({ parent: p, pupil, relation: parents[p]?.relation ?? 'mother' });
    }
  }
  return { parents, pupils, guardians, families };
};

/** The calendar-thematic plan of one subject in one grade, long enough for `lessons` lessons. */
const planTopics = (
  code: SubjectCode,
  grade: number,
  weekly: number,
  lessons: number,
  rng: Rng,
) => {
  const topics = topicsFor(code, grade);
  const items: { topic: string; hours: number; isControl: boolean }[] = [];
  let covered = 0;
  for (let i = 0; covered < lessons; i++) {
    const base = topics[i % topics.length] ?? subjectDef(code).nameKy;
    const topic =
      i < topics.length
        ? base
        : `${subjectDef(code).lang === 'ru' ? 'Повторение' : 'Кайталоо'}: ${base}`;
    const hours = weekly >= 3 ? rng.int(2, 3) : rng.int(1, 2);
    items.push({ topic, hours, isControl: false });
    covered += hours;
    if (hasControlWorks(code) && i % 3 === 2) {
      items.push({ topic: controlTopic(code, base), hours: 1, isControl: true });
      covered += 1;
    }
  }
  return items;
};

/** Pupil profiles: how marks fall (5, 4, 3, 2) and how often they miss school. */
const PROFILES = [
  { share: 20, marks: [65, 30, 5, 0], sick: 1, truant: 0.3 },
  { share: 45, marks: [35, 48, 15, 2], sick: 1, truant: 0.7 },
  { share: 28, marks: [15, 40, 37, 8], sick: 1.2, truant: 1.5 },
  { share: 7, marks: [5, 25, 45, 25], sick: 1.3, truant: 4 },
] as const;

const COMMENTS = {
  ky: {
    good: ['Жакшы жооп берди', 'Сабакка активдүү катышты'],
    bad: ['Үй тапшырмасы аткарылган жок', 'Сабакка даярданбай келген'],
  },
  ru: {
    good: ['Отличный ответ', 'Активно работал на уроке'],
    bad: ['Не выполнено домашнее задание', 'Не готов к уроку'],
  },
} as const;

/** Plans the demo school. The same seed always gives the same school. */
export const planDemoSchool = (
  seed = 'sabak-demo-12',
  today = localToday(new Date()),
): DemoPlan => {
  const calendar = demoCalendar(today);
  const rng = createRng(seed);
  const staff = planStaff();
  const classes = planClasses(staff);
  const { assignments } = planLoad(staff, classes);

  const slotsPlaced = buildTimetable(
    classes.map((c, ci) => ({
      key: String(ci),
      shift: c.shift,
      days: c.days,
      lessons: assignments
        .filter((a) => a.cls === ci)
        .map((a) => ({ subject: String(a.subject), teacher: String(a.teacher), hours: a.hours })),
    })),
    rng.fork('timetable'),
  );
  const slots = slotsPlaced.map((s) => {
    const teacher = Number(s.teacher);
    const cls = Number(s.classKey);
    const isPrimary =
      (classes[cls]?.grade ?? 0) <= 4 && staff[teacher]?.teaches.includes('PRIMARY');
    return {
      cls,
      weekday: s.weekday,
      lessonNumber: s.lessonNumber,
      subject: Number(s.subject),
      teacher,
      room: isPrimary
        ? `${classes[cls]?.name} (${staff[teacher]?.room})`
        : (staff[teacher]?.room ?? ''),
    };
  });

  const { parents, pupils, guardians } = planPupils(rng.fork('pupils'), classes);

  // Lessons from the start of the year (for the plan's progress), class by class, with the plan's
  // topics in order; only those in the calendar's window are kept.
  const slotsByClassDay = new Map<string, typeof slots>();
  for (const s of slots) {
    const key = `${s.cls}|${s.weekday}`;
    slotsByClassDay.set(key, [...(slotsByClassDay.get(key) ?? []), s]);
  }
  const daysOf = classes.map((c) =>
    calendar.quarters.flatMap(([from, to]) =>
      from > calendar.window.to ? [] : schoolDays(from, minIso(to, calendar.window.to), c.days),
    ),
  );
  const substitutions = planSubstitutions(
    rng.fork('substitutions'),
    staff,
    classes,
    slots,
    daysOf.map((days) => days.filter((d) => d >= calendar.window.from && d <= calendar.today)),
  );
  const subOf = new Map(substitutions.map((s) => [`${s.cls}|${s.date}|${s.lessonNumber}`, s]));

  const countLessons = new Map<string, number>();
  for (const [ci, dates] of daysOf.entries()) {
    for (const date of dates) {
      for (const s of slotsByClassDay.get(`${ci}|${isoWeekday(dateOnly(date))}`) ?? []) {
        const key = `${classes[ci]?.grade}|${s.subject}|${ci}`;
        countLessons.set(key, (countLessons.get(key) ?? 0) + 1);
      }
    }
  }
  const planItems: DemoPlan['planItems'] = [];
  const planOf = new Map<
    string,
    { index: number; hours: number; topic: string; isControl: boolean }[]
  >();
  const topicRng = rng.fork('topics');
  for (let grade = 1; grade <= 11; grade++) {
    for (const [code, weekly] of WEEKLY_HOURS[grade] ?? []) {
      const subject = sIdx(code);
      const needed = Math.max(
        0,
        ...classes.map((c, ci) =>
          c.grade === grade ? (countLessons.get(`${grade}|${subject}|${ci}`) ?? 0) : 0,
        ),
      );
      const items = planTopics(code, grade, weekly, needed, topicRng).map((item, position) => {
        const index =
          planItems.push({
            grade,
            subject,
            position: position + 1,
            topic: item.topic,
            hours: item.hours,
          }) - 1;
        return { index, ...item };
      });
      planOf.set(`${grade}|${subject}`, items);
    }
  }

  const lessons: PlannedLesson[] = [];
  const lessonRng = rng.fork('lessons');
  for (const [ci, cls] of classes.entries()) {
    const progress = new Map<number, { item: number; hour: number; count: number }>();
    for (const date of daysOf[ci] ?? []) {
      const daySlots = [...(slotsByClassDay.get(`${ci}|${isoWeekday(dateOnly(date))}`) ?? [])].sort(
        (a, b) => a.lessonNumber - b.lessonNumber,
      );
      for (const s of daySlots) {
        const items = planOf.get(`${cls.grade}|${s.subject}`) ?? [];
        const p = progress.get(s.subject) ?? { item: 0, hour: 0, count: 0 };
        const item = items[Math.min(p.item, items.length - 1)];
        const code = SUBJECTS[s.subject]?.code ?? 'MATH';
        const continued =
          p.hour > 0 ? (subjectDef(code).lang === 'ru' ? ' (продолжение)' : ' (улантуу)') : '';
        const sub = subOf.get(`${ci}|${date}|${s.lessonNumber}`);
        if (date >= calendar.window.from)
          lessons.push({
            cls: ci,
            subject: s.subject,
            teacher: sub ? sub.substitute : s.teacher,
            date,
            lessonNumber: s.lessonNumber,
            topic: item ? `${item.topic}${continued}` : subjectDef(code).nameKy,
            homework: item?.isControl ? null : homeworkFor(code, p.count, lessonRng),
            homeworkDueOn: null,
            planItem: item ? item.index : null,
            at: localToUtc(date, BELLS[cls.shift]?.[s.lessonNumber - 1] ?? '08:00', 5),
            isControl: item?.isControl ?? false,
          });
        p.count++;
        p.hour++;
        if (item && p.hour >= item.hours) {
          p.item++;
          p.hour = 0;
        }
        progress.set(s.subject, p);
      }
    }
  }
  // Homework is due at the next lesson of the same subject.
  const lastOf = new Map<string, PlannedLesson>();
  for (const lesson of lessons) {
    const key = `${lesson.cls}|${lesson.subject}`;
    const previous = lastOf.get(key);
    if (previous?.homework) previous.homeworkDueOn = lesson.date;
    lastOf.set(key, lesson);
  }
  for (const last of lastOf.values()) if (last.homework) last.homework = null;

  const { attendance, marks } = planJournal(
    rng.fork('journal'),
    classes,
    pupils,
    lessons,
    daysOf,
    calendar,
  );
  const finished = calendar.finishedQuarter
    ? calendar.quarters[calendar.finishedQuarter - 1]
    : undefined;
  const finalMarks = finished
    ? planFinalMarks(
        classes,
        pupils,
        lessons,
        marks.filter((mk) => {
          const date = lessons[mk.lesson]?.date ?? '';
          return date >= finished[0] && date <= finished[1];
        }),
        assignments,
      )
    : [];

  const showcase = classes.findIndex((c) => c.name === '5-А');
  const showcaseTeacher = classes[showcase]?.classTeacher ?? -1;
  const leaders = new Set(classes.map((c) => c.classTeacher));
  const subjectTeacher =
    assignments.find(
      (a) => a.cls === showcase && !leaders.has(a.teacher) && SUBJECTS[a.subject]?.code === 'MATH',
    )?.teacher ??
    assignments.find((a) => a.cls === showcase && !leaders.has(a.teacher))?.teacher ??
    -1;
  const codePupils = planCodePupils(pupils, showcase);
  return {
    calendar,
    staff,
    subjects: SUBJECTS,
    classes,
    assignments,
    slots,
    parents,
    pupils,
    guardians,
    planItems,
    lessons,
    substitutions,
    attendance,
    marks,
    finalMarks,
    demo: { cls: showcase, classTeacher: showcaseTeacher, subjectTeacher, codePupils },
  };
};

/** A few pupils of the showcase class, one of them with a brother or sister in another class. */
const planCodePupils = (pupils: PlannedPupil[], showcase: number) => {
  const inClass = pupils.flatMap((p, i) => (p.cls === showcase ? [i] : []));
  const withSibling = inClass.find((i) =>
    pupils.some((q, j) => j !== i && q.family === pupils[i]?.family),
  );
  const sibling =
    withSibling === undefined
      ? undefined
      : pupils.findIndex((q, j) => j !== withSibling && q.family === pupils[withSibling]?.family);
  const others = inClass.filter((i) => i !== withSibling).slice(0, 2);
  return [
    ...others,
    ...(withSibling === undefined ? [] : [withSibling]),
    ...(sibling === undefined || sibling < 0 ? [] : [sibling]),
  ];
};

const planSubstitutions = (
  rng: Rng,
  staff: PlannedStaff[],
  classes: PlannedClass[],
  slots: DemoPlan['slots'],
  daysOf: string[][],
): PlannedSubstitution[] => {
  const busy = new Set(
    slots.map((s) => `${s.teacher}|${classes[s.cls]?.shift}|${s.weekday}|${s.lessonNumber}`),
  );
  const pastDays = daysOf[classes.length - 1] ?? [];
  const subjectTeachers = staff.flatMap((s, i) =>
    s.teaches.length > 0 && !s.teaches.includes('PRIMARY') ? [i] : [],
  );
  const out: PlannedSubstitution[] = [];
  const usedAt = new Set<string>();
  const reasons = [
    'Оорусу боюнча',
    'Квалификациясын жогорулатуу курсуна кетти',
    'Үй-бүлөлүк жагдай боюнча',
  ];
  for (let n = 0; n < 5; n++) {
    const absent = rng.pick(subjectTeachers);
    if (pastDays.length === 0) break;
    const date = rng.pick(pastDays);
    const weekday = isoWeekday(dateOnly(date));
    const reason = rng.pick(reasons);
    for (const s of slots) {
      if (s.teacher !== absent || s.weekday !== weekday) continue;
      const shift = classes[s.cls]?.shift ?? 1;
      const free = (t: number) =>
        t !== absent &&
        !busy.has(`${t}|${shift}|${weekday}|${s.lessonNumber}`) &&
        !usedAt.has(`${t}|${date}|${shift}|${s.lessonNumber}`);
      const code = SUBJECTS[s.subject]?.code;
      const sameSubject = subjectTeachers.filter(
        (t) => code && staff[t]?.teaches.includes(code) && free(t),
      );
      const substitute = sameSubject[0] ?? subjectTeachers.find(free);
      if (substitute === undefined) continue;
      usedAt.add(`${substitute}|${date}|${shift}|${s.lessonNumber}`);
      out.push({
        cls: s.cls,
        date,
        lessonNumber: s.lessonNumber,
        subject: s.subject,
        absent,
        substitute,
        room: staff[substitute]?.room ?? s.room,
        reason,
        at: localToUtc(date, '07:30'),
      });
    }
  }
  // One teacher absent twice the same day would make two rows for one lesson; keep the first.
  const seen = new Set<string>();
  return out.filter((s) => {
    const key = `${s.cls}|${s.date}|${s.lessonNumber}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

type DayState =
  | { kind: 'ok' }
  | { kind: 'sick' }
  | { kind: 'family' }
  | { kind: 'truant' }
  | { kind: 'leftAfter'; lesson: number };

const planJournal = (
  rng: Rng,
  classes: PlannedClass[],
  pupils: PlannedPupil[],
  lessons: PlannedLesson[],
  daysOf: string[][],
  calendar: DemoCalendar,
) => {
  const profiles = pupils.map(
    () => PROFILES[rng.weighted(PROFILES.map((p, i) => [i, p.share] as const))] ?? PROFILES[1],
  );
  const dayStates = new Map<string, DayState>();
  for (const [pi, pupil] of pupils.entries()) {
    const profile = profiles[pi] ?? PROFILES[1];
    let sickLeft = 0;
    for (const date of daysOf[pupil.cls] ?? []) {
      let state: DayState = { kind: 'ok' };
      if (sickLeft > 0) {
        state = { kind: 'sick' };
        sickLeft--;
      } else if (rng.chance(0.012 * profile.sick)) {
        sickLeft = rng.int(1, 4);
        state = { kind: 'sick' };
      } else if (rng.chance(0.003)) state = { kind: 'family' };
      else if (rng.chance(0.002 * profile.truant)) state = { kind: 'truant' };
      else if (rng.chance(0.004)) state = { kind: 'leftAfter', lesson: rng.int(2, 4) };
      if (state.kind !== 'ok') dayStates.set(`${pi}|${date}`, state);
    }
  }
  const pupilsOf = classes.map((_, ci) => pupils.flatMap((p, i) => (p.cls === ci ? [i] : [])));
  const firstLesson = new Map<string, number>();
  for (const l of lessons) {
    const key = `${l.cls}|${l.date}`;
    firstLesson.set(key, Math.min(firstLesson.get(key) ?? 99, l.lessonNumber));
  }
  const attendance: PlannedAttendance[] = [];
  const marks: PlannedMark[] = [];
  const firstDays = shiftIso(calendar.year.startsOn, 2);
  for (const [li, lesson] of lessons.entries()) {
    const cls = classes[lesson.cls];
    // Lessons ahead of today have topics and homework, but nobody attended or was marked yet.
    if (!cls || lesson.date > calendar.today) continue;
    const marked = isMarkedGrade(cls.grade);
    const code = SUBJECTS[lesson.subject]?.code ?? 'MATH';
    const lang = subjectDef(code).lang;
    const isFirst = firstLesson.get(`${lesson.cls}|${lesson.date}`) === lesson.lessonNumber;
    const regularChance = lesson.date <= firstDays ? 0.1 : 0.36;
    for (const pi of pupilsOf[lesson.cls] ?? []) {
      const state = dayStates.get(`${pi}|${lesson.date}`) ?? { kind: 'ok' };
      const profile = profiles[pi] ?? PROFILES[1];
      let status: AttendanceStatus = 'PRESENT';
      let lateMinutes: number | null = null;
      let reason: string | null = null;
      if (state.kind === 'sick') [status, reason] = ['EXCUSED', EXCUSE_REASONS.sick];
      else if (state.kind === 'family') [status, reason] = ['EXCUSED', EXCUSE_REASONS.family];
      else if (state.kind === 'truant') status = 'ABSENT';
      else if (state.kind === 'leftAfter' && lesson.lessonNumber > state.lesson)
        [status, reason] = ['EXCUSED', EXCUSE_REASONS.sick];
      else if (isFirst && rng.chance(0.035)) [status, lateMinutes] = ['LATE', rng.int(3, 20)];
      else if (rng.chance(0.004 * profile.truant)) status = 'ABSENT';
      else if (rng.chance(0.004)) [status, lateMinutes] = ['LATE', rng.int(2, 10)];
      attendance.push({ lesson: li, pupil: pi, status, lateMinutes, reason });
      if (!marked || (status !== 'PRESENT' && status !== 'LATE')) continue;
      if (!lesson.isControl && !rng.chance(regularChance)) continue;
      const value = 5 - rng.weighted(profile.marks.map((w, i) => [i, w] as const));
      const kind: MarkKind = lesson.isControl
        ? 'CONTROL'
        : rng.weighted([
            ['ORAL', 55],
            ['HOMEWORK', 25],
            ['WRITTEN', 20],
          ] as const);
      const comments = COMMENTS[lang];
      const comment =
        value >= 5 && rng.chance(0.03)
          ? rng.pick(comments.good)
          : value <= 2 && rng.chance(0.3)
            ? rng.pick(comments.bad)
            : null;
      marks.push({
        lesson: li,
        pupil: pi,
        value,
        kind,
        weight: kind === 'CONTROL' ? CONTROL_WEIGHT : 1,
        comment,
        at: new Date(Date.parse(lesson.at) + rng.int(20, 180) * 60_000).toISOString(),
      });
    }
  }
  return { attendance, marks };
};

/** First-quarter marks (чейректик баа): the weighted average, rounded half up, of three or more marks. */
const planFinalMarks = (
  classes: PlannedClass[],
  pupils: PlannedPupil[],
  lessons: PlannedLesson[],
  marks: PlannedMark[],
  assignments: DemoPlan['assignments'],
) => {
  const sums = new Map<string, { sum: number; weight: number; count: number }>();
  for (const m of marks) {
    const lesson = lessons[m.lesson];
    if (!lesson) continue;
    const key = `${m.pupil}|${lesson.subject}`;
    const s = sums.get(key) ?? { sum: 0, weight: 0, count: 0 };
    s.sum += m.value * m.weight;
    s.weight += m.weight;
    s.count++;
    sums.set(key, s);
  }
  const out: DemoPlan['finalMarks'] = [];
  for (const [key, s] of sums) {
    if (s.count < 3) continue;
    const [pupil = 0, subject = 0] = key.split('|').map(Number);
    const cls = pupils[pupil]?.cls;
    const teacher = assignments.find((a) => a.cls === cls && a.subject === subject)?.teacher;
    if (teacher === undefined || !isMarkedGrade(classes[cls ?? 0]?.grade ?? 0)) continue;
    out.push({ pupil, subject, teacher, value: Math.max(2, Math.floor(s.sum / s.weight + 0.5)) });
  }
  return out;
};
