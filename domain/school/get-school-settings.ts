import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { assertStaff } from '../policies/index.ts';
import { parseInput } from '../validation.ts';
import { schoolIdField } from './common.ts';

export const getSchoolSettingsInput = z.object(schoolIdField).strict();
export type GetSchoolSettingsInput = z.input<typeof getSchoolSettingsInput>;

export const SETTINGS_SELECT = {
  id: true,
  code: true,
  name: true,
  timeZone: true,
  lateEntryDays: true,
  yearMarkRule: true,
  allowEarlyFinals: true,
} as const;

/** @throws DomainError NOT_FOUND */
export const loadSettings = async (db: DbOrTx, schoolId: number) => {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: SETTINGS_SELECT });
  if (!school) throw notFound('school');
  return school;
};

/**
 * The school's settings: name, time zone, `lateEntryDays` — how old a lesson may be before a
 * change of its marks or attendance needs a reason —, `yearMarkRule` — how the year mark is
 * suggested (TERM_FINALS: from the quarter or half-year finals, the default; ALL_MARKS: from every
 * mark of the year) — and `allowEarlyFinals` — whether finals may be recorded before a term's last
 * day. For any staff member of the school.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getSchoolSettings = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getSchoolSettingsInput, raw);
  assertStaff(actor, input.schoolId);
  return loadSettings(deps.db, input.schoolId);
};
