import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import { withConflict } from '../conflict.ts';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DbOrTx } from '../db.ts';
import { dateOnly, isoWeekday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import type { ValidationIssue } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { id, optionalText, parseInput, MAX_SHORT_TEXT } from '../validation.ts';
import { calendarDate, MAX_LESSON_NUMBER, SCHOOL_WEEK_DAYS, schoolDays } from './calendar.ts';
import { isSubjectOf, staffOf } from './checks.ts';
import { loadClassContext } from './class-context.ts';

/** Longest room name ("204", "Спортзал", "Актовый зал"). */
export const MAX_ROOM = 50;

export const recordSubstitutionInput = z
  .object({
    classGroupId: id,
    date: calendarDate,
    lessonNumber: z.number().int().min(1).max(MAX_LESSON_NUMBER),
    /** The subject taught in the covered lesson (the absent teacher's, or the substitute's own). */
    subjectId: id,
    absentTeacherId: id,
    substituteTeacherId: id,
    room: optionalText(MAX_ROOM),
    /** Why the teacher is absent; staff see it in the log, parents do not. */
    reason: optionalText(MAX_SHORT_TEXT),
  })
  .strict();
export type RecordSubstitutionInput = z.input<typeof recordSubstitutionInput>;

/**
 * Does the substitute already teach at that hour: another substitution, or their own timetable
 * lesson in another class of the same shift that nobody covers? (Lesson numbers of different
 * shifts are different hours.)
 */
const isBusy = async (
  db: DbOrTx,
  args: {
    teacherId: number;
    classGroupId: number;
    date: Date;
    lessonNumber: number;
    shift: number;
  },
) => {
  const { teacherId, classGroupId, date, lessonNumber, shift } = args;
  const [covering, slots] = await Promise.all([
    db.substitution.findFirst({
      where: {
        substituteTeacherId: teacherId,
        date,
        lessonNumber,
        classGroupId: { not: classGroupId },
        classGroup: { shift },
      },
      select: { id: true },
    }),
    db.timetableSlot.findMany({
      where: {
        teacherId,
        weekday: isoWeekday(date),
        lessonNumber,
        classGroupId: { not: classGroupId },
        classGroup: { shift },
        validFrom: { lte: date },
        OR: [{ validTo: null }, { validTo: { gte: date } }],
      },
      select: { classGroupId: true },
    }),
  ]);
  if (covering) return true;
  if (slots.length === 0) return false;
  const coveredByOthers = await db.substitution.findMany({
    where: {
      absentTeacherId: teacherId,
      date,
      lessonNumber,
      classGroupId: { in: slots.map((s) => s.classGroupId) },
    },
    select: { classGroupId: true },
  });
  return slots.some((s) => !coveredByOthers.some((c) => c.classGroupId === s.classGroupId));
};

const view = (s: {
  id: number;
  classGroupId: number;
  date: Date;
  lessonNumber: number;
  subjectId: number;
  absentTeacherId: number;
  substituteTeacherId: number;
  room: string | null;
  reason: string | null;
  createdById: number;
  createdAt: Date;
}) => ({ ...s, date: toIsoDate(s.date) });

/**
 * Records who covers a lesson of a class while its teacher is absent (R26). Re-posting the same
 * class, date and lesson number changes that substitution. For the school's administration. The
 * substitute must be staff of the school and free at that hour; the date a school day inside a
 * quarter. Writes the substitution, an audit entry and a `substitution.recorded` outbox event in
 * one transaction; an unchanged re-post writes nothing.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN | CONFLICT
 */
export const recordSubstitution = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(recordSubstitutionInput, raw);
  requireUser(actor);
  const { db } = deps;
  const cls = await loadClassContext(db, input.classGroupId);
  const user = assertSchoolManager(actor, cls.schoolId);
  const date = dateOnly(input.date);

  const issues: ValidationIssue[] = [];
  if (isoWeekday(date) > SCHOOL_WEEK_DAYS) issues.push({ path: ['date'], key: 'notSchoolDay' });
  else if (!schoolDays(cls.terms)(date)) issues.push({ path: ['date'], key: 'dateOutsideTerm' });
  const [subjectOk, staff] = await Promise.all([
    isSubjectOf(db, cls.schoolId, input.subjectId),
    staffOf(db, cls.schoolId, [input.absentTeacherId, input.substituteTeacherId]),
  ]);
  if (!subjectOk) issues.push({ path: ['subjectId'], key: 'unknownSubject' });
  if (!staff.has(input.absentTeacherId))
    issues.push({ path: ['absentTeacherId'], key: 'notStaffOfSchool' });
  if (!staff.has(input.substituteTeacherId))
    issues.push({ path: ['substituteTeacherId'], key: 'notStaffOfSchool' });
  else if (input.substituteTeacherId === input.absentTeacherId) {
    issues.push({ path: ['substituteTeacherId'], key: 'sameTeacher' });
  } else if (
    await isBusy(db, {
      teacherId: input.substituteTeacherId,
      classGroupId: cls.id,
      date,
      lessonNumber: input.lessonNumber,
      shift: cls.shift,
    })
  ) {
    issues.push({ path: ['substituteTeacherId'], key: 'substituteBusy' });
  }
  throwIfIssues(issues);

  const key = { classGroupId: cls.id, date, lessonNumber: input.lessonNumber };
  const data = {
    subjectId: input.subjectId,
    absentTeacherId: input.absentTeacherId,
    substituteTeacherId: input.substituteTeacherId,
    room: input.room || null,
    reason: input.reason || null,
  };
  return withConflict('substitution', () =>
    db.$transaction(async (tx) => {
      const before = await tx.substitution.findUnique({
        where: { classGroupId_date_lessonNumber: key },
      });
      if (
        before &&
        (Object.keys(data) as (keyof typeof data)[]).every((k) => before[k] === data[k])
      ) {
        return { substitution: view(before), created: false };
      }
      const saved = before
        ? await tx.substitution.update({ where: { id: before.id }, data })
        : await tx.substitution.create({ data: { ...key, ...data, createdById: user.userId } });
      await writeAudit(tx, user, {
        schoolId: cls.schoolId,
        action: before ? 'substitution.change' : 'substitution.create',
        entity: 'substitution',
        entityId: saved.id,
        before,
        after: saved,
        reason: data.reason,
      });
      await emitEvent(
        tx,
        'substitution.recorded',
        { substitutionId: saved.id, classGroupId: cls.id },
        cls.schoolId,
      );
      return { substitution: view(saved), created: before === null };
    }),
  );
};
