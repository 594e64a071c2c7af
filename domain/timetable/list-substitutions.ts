import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { dateOnly, localToday, SCHOOL_TIME_ZONE, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { isSchoolManager } from '../policies/index.ts';
import { parseInput } from '../validation.ts';
import { calendarDate, classLabel, resolveRange } from './calendar.ts';
import { isTeacher } from './policy.ts';
import { SUBSTITUTION_COLUMNS, substitutionView, type SubstitutionRow } from './schedule.ts';

/** Longest period one log request may cover. */
export const MAX_SUBSTITUTION_RANGE_DAYS = 400;

export const listSubstitutionsInput = z
  .object({
    /** First day (default: 30 days before today). */
    from: calendarDate.optional(),
    /** Last day (default: 60 days after `from`; today + 30 when both are omitted). */
    to: calendarDate.optional(),
  })
  .strict();
export type ListSubstitutionsInput = z.input<typeof listSubstitutionsInput>;

type LogRow = SubstitutionRow & {
  grade: number;
  letter: string;
  createdById: number;
  createdAt: Date;
};

/**
 * The substitution log of the acting user's school (R26), newest first. The administration sees
 * every substitution; a teacher those they were absent from or covered, and those in the class
 * they lead.
 * @throws DomainError VALIDATION_FAILED (rangeReversed | rangeTooLong) | UNAUTHENTICATED | FORBIDDEN
 */
export const listSubstitutions = async (deps: DomainDeps, actor: Actor, raw: unknown = {}) => {
  const input = parseInput(listSubstitutionsInput, raw);
  const user = requireUser(actor);
  const schoolId = user.schoolId;
  if (schoolId === null) throw forbidden('not a member of a school');
  const isManager = isSchoolManager(user, schoolId);
  if (!isManager && !isTeacher(user)) throw forbidden('substitution log is for staff who teach');
  const school = await deps.db.school.findUnique({
    where: { id: schoolId },
    select: { timeZone: true },
  });
  const today = dateOnly(localToday(deps.now(), school?.timeZone ?? SCHOOL_TIME_ZONE));
  const { from, to } = resolveRange(
    input,
    { today, daysBefore: 30, daysAfter: 30 },
    MAX_SUBSTITUTION_RANGE_DAYS,
  );
  const led =
    user.classTeacherOf.length > 0
      ? Prisma.sql`OR x.class_group_id IN (${Prisma.join(user.classTeacherOf)})`
      : Prisma.empty;
  const rows = await deps.db.$queryRaw<LogRow[]>`
    SELECT ${SUBSTITUTION_COLUMNS}, gl.grade, cg.letter, x.created_by_id AS "createdById", x.created_at AS "createdAt"
    FROM substitution x
    JOIN class_group cg ON cg.id = x.class_group_id
    JOIN grade_level gl ON gl.id = cg.grade_level_id
    JOIN subject s ON s.id = x.subject_id
    JOIN app_user a ON a.id = x.absent_teacher_id
    JOIN app_user b ON b.id = x.substitute_teacher_id
    WHERE cg.school_id = ${schoolId}
      AND x.date BETWEEN ${toIsoDate(from)}::date AND ${toIsoDate(to)}::date
      ${
        isManager
          ? Prisma.empty
          : Prisma.sql`AND (x.absent_teacher_id = ${user.userId} OR x.substitute_teacher_id = ${user.userId} ${led})`
      }
    ORDER BY x.date DESC, cg.shift, x.lesson_number, x.id`;
  return {
    from: toIsoDate(from),
    to: toIsoDate(to),
    substitutions: rows.map((x) => ({
      ...substitutionView(x),
      date: toIsoDate(x.date),
      lessonNumber: x.lessonNumber,
      classGroup: { id: x.classGroupId, name: classLabel(x.grade, x.letter) },
      reason: x.reason,
      createdById: x.createdById,
      createdAt: x.createdAt,
    })),
  };
};
