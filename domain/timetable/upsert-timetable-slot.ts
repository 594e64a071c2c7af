import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import { withConflict } from '../conflict.ts';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DbOrTx } from '../db.ts';
import { addDays, dateOnly, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import type { ValidationIssue } from '../errors.ts';
import { emitEvent } from '../events.ts';
import type { TimetableSlot } from '../generated/prisma/client.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { id, optionalText, parseInput } from '../validation.ts';
import { calendarDate, MAX_LESSON_NUMBER, SCHOOL_WEEK_DAYS } from './calendar.ts';
import { isSubjectOf, staffOf } from './checks.ts';
import { loadClassContext } from './class-context.ts';
import { MAX_ROOM } from './record-substitution.ts';

export const upsertTimetableSlotInput = z
  .object({
    classGroupId: id,
    /** A lesson of one subgroup only (e.g. a foreign-language group); whole class when omitted. */
    subgroupId: id.nullish(),
    /** 1 = Monday … 6 = Saturday */
    weekday: z.number().int().min(1).max(SCHOOL_WEEK_DAYS),
    lessonNumber: z.number().int().min(1).max(MAX_LESSON_NUMBER),
    subjectId: id,
    teacherId: id,
    room: optionalText(MAX_ROOM),
    /** First day this slot is in force; it replaces what was there from that day on. */
    validFrom: calendarDate,
  })
  .strict();
export type UpsertTimetableSlotInput = z.input<typeof upsertTimetableSlotInput>;

const slotView = (s: TimetableSlot) => ({
  ...s,
  validFrom: toIsoDate(s.validFrom),
  validTo: s.validTo ? toIsoDate(s.validTo) : null,
});

/** Does the teacher already have a lesson at that hour in another class of the same shift? */
const isTeacherBusy = async (
  db: DbOrTx,
  args: {
    teacherId: number;
    classGroupId: number;
    weekday: number;
    lessonNumber: number;
    shift: number;
    from: Date;
  },
) =>
  (await db.timetableSlot.findFirst({
    where: {
      teacherId: args.teacherId,
      weekday: args.weekday,
      lessonNumber: args.lessonNumber,
      classGroupId: { not: args.classGroupId },
      classGroup: { shift: args.shift },
      OR: [{ validTo: null }, { validTo: { gte: args.from } }],
    },
    select: { id: true },
  })) !== null;

/**
 * Puts a lesson into a class's timetable (R11, R16) from `validFrom` on: the slot in force at that
 * hour (for the whole class, or for the same subgroup) ends the day before, a slot starting that
 * very day is changed in place, and a change already planned for later stays and ends this one.
 * So past weeks keep the timetable they had. For the school's administration. Writes the slots,
 * an audit entry and a `timetable.changed` outbox event in one transaction.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN | CONFLICT
 */
export const upsertTimetableSlot = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(upsertTimetableSlotInput, raw);
  requireUser(actor);
  const { db } = deps;
  const cls = await loadClassContext(db, input.classGroupId);
  const user = assertSchoolManager(actor, cls.schoolId);
  const validFrom = dateOnly(input.validFrom);
  const subgroupId = input.subgroupId ?? null;

  const issues: ValidationIssue[] = [];
  if (validFrom < cls.yearStartsOn || validFrom > cls.yearEndsOn) {
    issues.push({ path: ['validFrom'], key: 'dateOutsideYear' });
  }
  const [subjectOk, staff, subgroup] = await Promise.all([
    isSubjectOf(db, cls.schoolId, input.subjectId),
    staffOf(db, cls.schoolId, [input.teacherId]),
    subgroupId === null
      ? Promise.resolve(null)
      : db.subgroup.findFirst({
          where: { id: subgroupId, classGroupId: cls.id },
          select: { id: true },
        }),
  ]);
  if (!subjectOk) issues.push({ path: ['subjectId'], key: 'unknownSubject' });
  if (subgroupId !== null && !subgroup)
    issues.push({ path: ['subgroupId'], key: 'subgroupNotInClass' });
  if (!staff.has(input.teacherId)) issues.push({ path: ['teacherId'], key: 'notStaffOfSchool' });
  else if (
    await isTeacherBusy(db, {
      teacherId: input.teacherId,
      classGroupId: cls.id,
      weekday: input.weekday,
      lessonNumber: input.lessonNumber,
      shift: cls.shift,
      from: validFrom,
    })
  ) {
    issues.push({ path: ['teacherId'], key: 'teacherBusy' });
  }
  throwIfIssues(issues);

  const content = {
    subjectId: input.subjectId,
    teacherId: input.teacherId,
    room: input.room || null,
  };
  return withConflict('timetable slot', () =>
    db.$transaction(async (tx) => {
      // One timetable change per class at a time, so two edits never both "close" the same slot.
      await tx.$queryRaw`SELECT id FROM class_group WHERE id = ${cls.id} FOR UPDATE`;
      const existing = await tx.timetableSlot.findMany({
        where: { classGroupId: cls.id, weekday: input.weekday, lessonNumber: input.lessonNumber },
        orderBy: { validFrom: 'asc' },
      });
      // A whole-class slot and any subgroup slot at the same hour exclude each other; two
      // different subgroups can share it.
      const clashing = existing.filter(
        (s) => subgroupId === null || s.subgroupId === null || s.subgroupId === subgroupId,
      );
      const starts = validFrom.getTime();
      const same = clashing.find(
        (s) => s.validFrom.getTime() === starts && s.subgroupId === subgroupId,
      );
      const nextChange = clashing.find((s) => s.validFrom.getTime() > starts);
      const closed = clashing.filter(
        (s) =>
          s.validFrom.getTime() < starts && (s.validTo === null || s.validTo.getTime() >= starts),
      );
      const removed = clashing.filter((s) => s !== same && s.validFrom.getTime() === starts);

      for (const s of closed) {
        await tx.timetableSlot.update({
          where: { id: s.id },
          data: { validTo: addDays(validFrom, -1) },
        });
      }
      if (removed.length > 0)
        await tx.timetableSlot.deleteMany({ where: { id: { in: removed.map((s) => s.id) } } });
      const slot = same
        ? await tx.timetableSlot.update({ where: { id: same.id }, data: content })
        : await tx.timetableSlot.create({
            data: {
              ...content,
              classGroupId: cls.id,
              subgroupId,
              weekday: input.weekday,
              lessonNumber: input.lessonNumber,
              validFrom,
              validTo: nextChange ? addDays(nextChange.validFrom, -1) : null,
            },
          });
      await writeAudit(tx, user, {
        schoolId: cls.schoolId,
        action: same ? 'timetable.slot.change' : 'timetable.slot.create',
        entity: 'timetable_slot',
        entityId: slot.id,
        before: { changed: same ?? null, ended: closed, removed },
        after: slot,
      });
      await emitEvent(tx, 'timetable.changed', { classGroupId: cls.id }, cls.schoolId);
      return slotView(slot);
    }),
  );
};
