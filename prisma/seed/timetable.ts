/**
 * Builds a weekly timetable from the teaching load: every class gets its hours spread over the
 * week without gaps (lessons 1…n each day), no subject twice a day unless its hours demand it, and
 * no teacher in two classes at once. Shifts do not overlap in time, so a teacher may teach in both.
 */
import type { Rng } from './rng.ts';

export interface TimetableClass {
  key: string;
  shift: number;
  /** School days a week: 5 (Mon–Fri) or 6 (Mon–Sat). */
  days: number;
  lessons: readonly { subject: string; teacher: string; hours: number }[];
}

export interface PlacedLesson {
  classKey: string;
  /** 1 = Monday … 6 = Saturday */
  weekday: number;
  lessonNumber: number;
  subject: string;
  teacher: string;
}

interface Item {
  cls: TimetableClass;
  subject: string;
  teacher: string;
  cap: number;
}

/** Lessons per weekday for `hours` a week over `days` days; the heavier days come first. */
export const dailyCounts = (hours: number, days: number): number[] => {
  const base = Math.floor(hours / days);
  return Array.from({ length: days }, (_, d) => base + (d < hours % days ? 1 : 0));
};

const attempt = (
  classes: readonly TimetableClass[],
  rng: Rng,
  slack: number,
): PlacedLesson[] | null => {
  const teacherBusy = new Set<string>();
  const classFree = new Map<string, { weekday: number; lessonNumber: number }[]>();
  const subjectPerDay = new Map<string, number>();
  const items: Item[] = [];
  for (const cls of classes) {
    const total = cls.lessons.reduce((sum, l) => sum + l.hours, 0);
    const counts = dailyCounts(total, cls.days);
    classFree.set(
      cls.key,
      counts.flatMap((n, d) =>
        Array.from({ length: n }, (_, i) => ({ weekday: d + 1, lessonNumber: i + 1 })),
      ),
    );
    for (const lesson of cls.lessons) {
      const cap = Math.ceil(lesson.hours / cls.days) + slack;
      for (let h = 0; h < lesson.hours; h++)
        items.push({ cls, subject: lesson.subject, teacher: lesson.teacher, cap });
    }
  }
  const busyKey = (teacher: string, shift: number, weekday: number, n: number) =>
    `${teacher}|${shift}|${weekday}|${n}`;
  const dayKey = (cls: string, weekday: number, subject: string) => `${cls}|${weekday}|${subject}`;
  const feasible = (item: Item) =>
    (classFree.get(item.cls.key) ?? []).filter(
      (slot) =>
        !teacherBusy.has(busyKey(item.teacher, item.cls.shift, slot.weekday, slot.lessonNumber)) &&
        (subjectPerDay.get(dayKey(item.cls.key, slot.weekday, item.subject)) ?? 0) < item.cap,
    );

  const pending = rng.shuffle(items);
  // Placing a lesson only changes the options of lessons of the same class or the same teacher.
  const options = new Map<Item, { weekday: number; lessonNumber: number }[]>(
    pending.map((item) => [item, feasible(item)]),
  );
  const placed: PlacedLesson[] = [];
  while (pending.length > 0) {
    let bestIndex = 0;
    let bestSlots = options.get(pending[0] as Item) ?? [];
    for (let i = 1; i < pending.length && bestSlots.length > 0; i++) {
      const slots = options.get(pending[i] as Item) ?? [];
      if (slots.length < bestSlots.length) {
        bestIndex = i;
        bestSlots = slots;
      }
    }
    if (bestSlots.length === 0) return null;
    const item = pending.splice(bestIndex, 1)[0] as Item;
    // Spread a subject over the week: prefer days where it is not taught yet.
    const load = (slot: { weekday: number }) =>
      subjectPerDay.get(dayKey(item.cls.key, slot.weekday, item.subject)) ?? 0;
    const fewest = Math.min(...bestSlots.map(load));
    const slot = rng.pick(bestSlots.filter((s) => load(s) === fewest));
    const free = classFree.get(item.cls.key) ?? [];
    free.splice(free.indexOf(slot), 1);
    teacherBusy.add(busyKey(item.teacher, item.cls.shift, slot.weekday, slot.lessonNumber));
    const dk = dayKey(item.cls.key, slot.weekday, item.subject);
    subjectPerDay.set(dk, (subjectPerDay.get(dk) ?? 0) + 1);
    placed.push({
      classKey: item.cls.key,
      weekday: slot.weekday,
      lessonNumber: slot.lessonNumber,
      subject: item.subject,
      teacher: item.teacher,
    });
    for (const other of pending) {
      if (other.cls === item.cls || other.teacher === item.teacher)
        options.set(other, feasible(other));
    }
  }
  return placed;
};

/**
 * Places every hour of every class. Deterministic for a given `rng` seed.
 * @throws Error when no clash-free timetable was found (the load does not fit the week)
 */
export const buildTimetable = (classes: readonly TimetableClass[], rng: Rng): PlacedLesson[] => {
  for (let i = 0; i < 40; i++) {
    const result = attempt(classes, rng.fork(`attempt-${i}`), i < 20 ? 0 : 1);
    if (result) {
      return result.sort(
        (a, b) =>
          a.classKey.localeCompare(b.classKey) ||
          a.weekday - b.weekday ||
          a.lessonNumber - b.lessonNumber,
      );
    }
  }
  throw new Error('no clash-free timetable fits this teaching load');
};
