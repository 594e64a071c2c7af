import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { YearMarkRule } from '../generated/prisma/enums.ts';
import { parseInput, text, MAX_SHORT_TEXT } from '../validation.ts';
import { schoolIdField } from './common.ts';
import { loadSettings, SETTINGS_SELECT } from './get-school-settings.ts';
import { assertSchoolAdmin } from './policy.ts';

/** Longest late-entry window a school may set (two months). */
export const MAX_LATE_ENTRY_DAYS = 60;

export const updateSchoolSettingsInput = z
  .object({
    ...schoolIdField,
    name: text(MAX_SHORT_TEXT).optional(),
    /** Marks and attendance of lessons older than this many days need a reason (0–60). */
    lateEntryDays: z.number().int().min(0).max(MAX_LATE_ENTRY_DAYS).optional(),
    /** TERM_FINALS (default): the year mark is suggested from the term finals; ALL_MARKS: from every mark. */
    yearMarkRule: z.enum(YearMarkRule).optional(),
    /** Whether teachers may record a term's finals before its last day (default false). */
    allowEarlyFinals: z.boolean().optional(),
  })
  .strict();
export type UpdateSchoolSettingsInput = z.input<typeof updateSchoolSettingsInput>;

/**
 * Changes the school's name, late-entry window, year-mark rule or early-finals permission. There
 * is no hard date lock: past the window a
 * teacher gives a reason, recorded in the audit. Fields left out stay; writes an audit entry in
 * the same transaction. For the school administrator only (the deputy reads but does not change).
 * @throws DomainError VALIDATION_FAILED (nothingToChange) | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const updateSchoolSettings = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(updateSchoolSettingsInput, raw);
  const user = assertSchoolAdmin(actor, input.schoolId);
  const data = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.lateEntryDays === undefined ? {} : { lateEntryDays: input.lateEntryDays }),
    ...(input.yearMarkRule === undefined ? {} : { yearMarkRule: input.yearMarkRule }),
    ...(input.allowEarlyFinals === undefined ? {} : { allowEarlyFinals: input.allowEarlyFinals }),
  };
  if (Object.keys(data).length === 0) throw invalid([], 'nothingToChange');
  return deps.db.$transaction(async (tx) => {
    const before = await loadSettings(tx, input.schoolId);
    const after = await tx.school.update({
      where: { id: input.schoolId },
      data,
      select: SETTINGS_SELECT,
    });
    await writeAudit(tx, user, {
      schoolId: input.schoolId,
      action: 'school.settings.update',
      entity: 'school',
      entityId: input.schoolId,
      before,
      after,
    });
    return after;
  });
};
