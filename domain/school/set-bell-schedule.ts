import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import type { ValidationIssue } from '../errors.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { parseInput } from '../validation.ts';
import { lockSchool, schoolIdField } from './common.ts';
import { readBellSchedule } from './get-bell-schedule.ts';

/** Schools run up to three shifts of up to ten lessons. */
export const MAX_SHIFTS = 3;
export const MAX_LESSONS = 10;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A local time "HH:MM" (24 h); zero-padded, so such strings compare like the times they are. */
const time = z.string().refine((v) => TIME.test(v), { message: 'invalidTime' });

const lessonInput = z
  .object({ number: z.number().int().min(1).max(MAX_LESSONS), startsAt: time, endsAt: time })
  .strict();

export const setBellScheduleInput = z
  .object({
    ...schoolIdField,
    /** The complete schedule: a shift left out has no bells any more. */
    shifts: z
      .array(
        z
          .object({
            shift: z.number().int().min(1).max(MAX_SHIFTS),
            lessons: z.array(lessonInput).min(1).max(MAX_LESSONS),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_SHIFTS),
  })
  .strict();
export type SetBellScheduleInput = z.input<typeof setBellScheduleInput>;

type Shifts = z.output<typeof setBellScheduleInput>['shifts'];

/** Each shift once; in a shift each lesson once, ending after it starts, after the previous one. */
const checkShifts = (shifts: Shifts): ValidationIssue[] => {
  const issues: ValidationIssue[] = [];
  const seenShifts = new Set<number>();
  shifts.forEach((s, si) => {
    if (seenShifts.has(s.shift))
      issues.push({ path: ['shifts', si, 'shift'], key: 'duplicateShift' });
    seenShifts.add(s.shift);
    const seen = new Set<number>();
    const lessons = s.lessons.map((l, li) => {
      if (seen.has(l.number)) {
        issues.push({
          path: ['shifts', si, 'lessons', li, 'number'],
          key: 'duplicateLessonNumber',
        });
      }
      seen.add(l.number);
      return { ...l, li };
    });
    let previous: (typeof lessons)[number] | undefined;
    for (const l of lessons.sort((a, b) => a.number - b.number)) {
      const path = ['shifts', si, 'lessons', l.li];
      if (l.endsAt <= l.startsAt)
        issues.push({ path: [...path, 'endsAt'], key: 'lessonEndsBeforeStart' });
      if (previous && l.startsAt < previous.endsAt) {
        issues.push({
          path: [...path, 'startsAt'],
          key: 'bellsOverlap',
          params: { number: l.number, previous: previous.number },
        });
      }
      previous = l;
    }
  });
  return issues;
};

/**
 * Replaces the school's bell schedule (every shift at once) in one transaction with an audit
 * entry. Times ascend and lessons do not overlap; a break may be zero minutes long.
 * For the administration (admin, deputy).
 * @throws DomainError VALIDATION_FAILED (invalidTime, duplicateShift, duplicateLessonNumber,
 *   lessonEndsBeforeStart, bellsOverlap) | UNAUTHENTICATED | FORBIDDEN
 */
export const setBellSchedule = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(setBellScheduleInput, raw);
  const user = assertSchoolManager(actor, input.schoolId);
  throwIfIssues(checkShifts(input.shifts));
  return deps.db.$transaction(async (tx) => {
    await lockSchool(tx, input.schoolId);
    const before = await readBellSchedule(tx, input.schoolId);
    await tx.bellSlot.deleteMany({ where: { schoolId: input.schoolId } });
    await tx.bellSlot.createMany({
      data: input.shifts.flatMap((s) =>
        s.lessons.map((l) => ({
          schoolId: input.schoolId,
          shift: s.shift,
          number: l.number,
          startsAt: l.startsAt,
          endsAt: l.endsAt,
        })),
      ),
    });
    const after = await readBellSchedule(tx, input.schoolId);
    await writeAudit(tx, user, {
      schoolId: input.schoolId,
      action: 'bell-schedule.set',
      entity: 'school',
      entityId: input.schoolId,
      before,
      after,
    });
    return after;
  });
};
