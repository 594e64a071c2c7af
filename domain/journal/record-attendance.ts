import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import { toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { emitEvent } from '../events.ts';
import type { Attendance } from '../generated/prisma/client.ts';
import { AttendanceStatus } from '../generated/prisma/enums.ts';
import { id, MAX_SHORT_TEXT, optionalText, parseInput } from '../validation.ts';
import { assertLateEntryReason } from './late-entry.ts';
import { withConflict } from '../conflict.ts';
import { getLessonForWrite } from './lesson-access.ts';
import { assertPupilsInClass, noDuplicatePupils } from './pupils-of-class.ts';

/** Longest lateness still marked as late rather than absent. */
export const MAX_LATE_MINUTES = 90;
const MAX_CLASS_SIZE = 100;

const attendanceEntry = z
  .object({
    pupilId: id,
    status: z.enum(AttendanceStatus),
    /** Required for LATE (1–90), not allowed otherwise. */
    lateMinutes: z.number().int().min(1).max(MAX_LATE_MINUTES).nullable().optional(),
    /** The excuse (e.g. a sick note) for EXCUSED, not allowed otherwise. */
    reason: z.string().trim().max(MAX_SHORT_TEXT).nullable().optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.status === 'LATE' && entry.lateMinutes == null) {
      ctx.addIssue({ code: 'custom', message: 'lateMinutesRequired', path: ['lateMinutes'] });
    }
    if (entry.status !== 'LATE' && entry.lateMinutes != null) {
      ctx.addIssue({ code: 'custom', message: 'lateMinutesOnlyForLate', path: ['lateMinutes'] });
    }
    if (entry.status !== 'EXCUSED' && entry.reason) {
      ctx.addIssue({ code: 'custom', message: 'reasonOnlyForExcused', path: ['reason'] });
    }
  });

export const recordAttendanceInput = z
  .object({
    lessonId: id,
    entries: z.array(attendanceEntry).min(1).max(MAX_CLASS_SIZE).superRefine(noDuplicatePupils),
    /** Why the entry is late: required when the lesson is older than the late-entry window. */
    reason: optionalText(MAX_SHORT_TEXT),
  })
  .strict();
export type RecordAttendanceInput = z.input<typeof recordAttendanceInput>;

const sameEntry = (
  a: Attendance,
  b: { status: string; lateMinutes: number | null; reason: string | null },
) => a.status === b.status && a.lateMinutes === b.lateMinutes && a.reason === b.reason;

/** Parents hear of lateness and absence, and of any correction of what they were told. */
const isNotifiable = (before: Attendance | undefined, status: AttendanceStatus) =>
  before ? before.status !== status : status !== 'PRESENT';

/**
 * Records attendance for one lesson, many pupils at once (R6), in one transaction: every changed
 * row gets an audit entry (old and new, late-entry reason), and each pupil whose status became
 * late, absent or excused — or changed — an `attendance.recorded` event. Unchanged rows write
 * nothing. If any pupil is not in the lesson's class, nothing is written.
 * @throws DomainError VALIDATION_FAILED (pupilNotInClass, futureAttendance, lateMinutesRequired, …)
 *   | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | JOURNAL_LOCKED
 */
export const recordAttendance = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(recordAttendanceInput, raw);
  const now = deps.now();
  return withConflict('attendance', () =>
    deps.db.$transaction(async (tx) => {
      const { lesson, user } = await getLessonForWrite(tx, actor, input.lessonId);
      const schoolId = lesson.classGroup.schoolId;
      await assertLateEntryReason(tx, schoolId, lesson.date, now, input.reason, 'futureAttendance');
      const pupilIds = input.entries.map((e) => e.pupilId);
      await assertPupilsInClass(
        tx,
        lesson.classGroupId,
        { from: lesson.date, to: lesson.date },
        pupilIds,
        'entries',
      );

      const existing = new Map(
        (
          await tx.attendance.findMany({
            where: { lessonId: lesson.id, pupilId: { in: pupilIds } },
          })
        ).map((row) => [row.pupilId, row]),
      );
      const rows: Attendance[] = [];
      let changed = 0;
      for (const entry of input.entries) {
        const data = {
          status: entry.status,
          lateMinutes: entry.status === 'LATE' ? (entry.lateMinutes ?? null) : null,
          reason: entry.status === 'EXCUSED' ? entry.reason || null : null,
        };
        const before = existing.get(entry.pupilId);
        if (before && sameEntry(before, data)) {
          rows.push(before);
          continue;
        }
        const row = await tx.attendance.upsert({
          where: { lessonId_pupilId: { lessonId: lesson.id, pupilId: entry.pupilId } },
          create: { lessonId: lesson.id, pupilId: entry.pupilId, date: lesson.date, ...data },
          update: data,
        });
        changed++;
        rows.push(row);
        await writeAudit(tx, user, {
          schoolId,
          action: before ? 'attendance.change' : 'attendance.create',
          entity: 'attendance',
          entityId: row.id,
          before: before ?? null,
          after: row,
          reason: input.reason || null,
        });
        if (isNotifiable(before, row.status)) {
          await emitEvent(
            tx,
            'attendance.recorded',
            { attendanceId: row.id, pupilId: row.pupilId, lessonId: lesson.id },
            schoolId,
          );
        }
      }
      return {
        lessonId: lesson.id,
        date: toIsoDate(lesson.date),
        changed,
        entries: rows.map(({ id: rowId, pupilId, status, lateMinutes, reason }) => ({
          id: rowId,
          pupilId,
          status,
          lateMinutes,
          reason,
        })),
      };
    }),
  );
};
