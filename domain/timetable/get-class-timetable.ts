import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { dateOnly, isoWeekday, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { id, parseInput } from '../validation.ts';
import { calendarDate, schoolDays, schoolWeek } from './calendar.ts';
import { loadClassContext } from './class-context.ts';
import { assertCanReadClassTimetable } from './policy.ts';
import {
  bellTimes,
  groupBy,
  loadClassSlots,
  loadClassSubstitutions,
  slotIsOn,
  slotSubject,
  slotTeacher,
  substitutionApplies,
  substitutionView,
  type Person,
  type SubjectName,
  type SubstitutionView,
} from './schedule.ts';
import { kyrgyzCompare } from '../collation.ts';

export const getClassTimetableInput = z
  .object({
    classGroupId: id,
    /** Any day of the wanted week; this week when omitted. */
    date: calendarDate.optional(),
  })
  .strict();
export type GetClassTimetableInput = z.input<typeof getClassTimetableInput>;

export interface ClassTimetableLesson {
  lessonNumber: number;
  startsAt: string | null;
  endsAt: string | null;
  subject: SubjectName;
  teacher: Person;
  room: string | null;
  subgroup: { id: number; name: string } | null;
  isSubstitution: boolean;
  substitution: SubstitutionView | null;
}

/**
 * A class's timetable for the Monday–Saturday week containing `date` (R16): per day the slots in
 * force that day (a change of timetable mid-week shows from its day on), with bell times and the
 * substitutions of that week applied and flagged. Days outside the quarters (holidays) are empty.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getClassTimetable = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getClassTimetableInput, raw);
  requireUser(actor);
  const cls = await loadClassContext(deps.db, input.classGroupId);
  await assertCanReadClassTimetable(deps.db, actor, { id: cls.id, schoolId: cls.schoolId });
  const dates = schoolWeek(dateOnly(input.date ?? localToday(deps.now(), cls.timeZone)));
  const from = dates[0] ?? dateOnly(localToday(deps.now(), cls.timeZone));
  const to = dates[dates.length - 1] ?? from;
  const [slots, substitutions] = await Promise.all([
    loadClassSlots(deps.db, cls.id, from, to),
    loadClassSubstitutions(deps.db, cls.id, from, to),
  ]);
  const isSchoolDay = schoolDays(cls.terms);
  const bell = bellTimes(cls.bells);
  const subsByDate = groupBy(substitutions, (x) => toIsoDate(x.date));

  const days = dates.map((date) => {
    const planned = isSchoolDay(date) ? slots.filter((s) => slotIsOn(s, date)) : [];
    const subs = subsByDate.get(toIsoDate(date)) ?? [];
    const numbers = [
      ...new Set([...planned.map((s) => s.lessonNumber), ...subs.map((x) => x.lessonNumber)]),
    ].sort((a, b) => a - b);
    const lessons = numbers.flatMap((n): ClassTimetableLesson[] => {
      const at = planned
        .filter((s) => s.lessonNumber === n)
        .sort((a, b) => kyrgyzCompare(a.subgroupName ?? '', b.subgroupName ?? ''));
      const sub = subs.find((x) => x.lessonNumber === n);
      const view = sub ? substitutionView(sub) : null;
      if (at.length === 0 && sub && view) {
        return [
          {
            lessonNumber: n,
            ...bell(cls.shift, n),
            subject: view.subject,
            teacher: view.substituteTeacher,
            room: sub.room,
            subgroup: null,
            isSubstitution: true,
            substitution: view,
          },
        ];
      }
      return at.map((s) => {
        const applies =
          sub !== undefined && view !== null && substitutionApplies(sub, s, at.length);
        return {
          lessonNumber: n,
          ...bell(cls.shift, n),
          subject: applies ? view.subject : slotSubject(s),
          teacher: applies ? view.substituteTeacher : slotTeacher(s),
          room: (applies ? sub.room : null) ?? s.room,
          subgroup: s.subgroupId !== null ? { id: s.subgroupId, name: s.subgroupName ?? '' } : null,
          isSubstitution: applies,
          substitution: applies ? view : null,
        };
      });
    });
    return {
      date: toIsoDate(date),
      weekday: isoWeekday(date),
      isSchoolDay: isSchoolDay(date),
      lessons,
    };
  });

  return {
    classGroup: { id: cls.id, name: cls.name, shift: cls.shift },
    weekStart: toIsoDate(from),
    weekEnd: toIsoDate(to),
    days,
  };
};
