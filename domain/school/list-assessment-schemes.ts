import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { assertStaff } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { loadYearOfSchool, schoolIdField } from './common.ts';
import { bandView, DEFAULT_BANDS } from './schemes.ts';

export const listAssessmentSchemesInput = z.object({ ...schoolIdField, yearId: id }).strict();
export type ListAssessmentSchemesInput = z.input<typeof listAssessmentSchemesInput>;

/**
 * The grade bands of a year's assessment scheme, by grade. When the school set none, answers the
 * defaults the journal applies, with `isDefault: true`. For any staff member of the school.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const listAssessmentSchemes = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listAssessmentSchemesInput, raw);
  assertStaff(actor, input.schoolId);
  const year = await loadYearOfSchool(deps.db, input.schoolId, input.yearId);
  const rows = await deps.db.assessmentScheme.findMany({
    where: { schoolId: input.schoolId, yearId: year.id },
    orderBy: { gradeFrom: 'asc' },
  });
  return rows.length > 0
    ? { yearId: year.id, isDefault: false, bands: rows.map(bandView) }
    : { yearId: year.id, isDefault: true, bands: DEFAULT_BANDS };
};
