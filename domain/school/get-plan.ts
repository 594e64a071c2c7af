import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { assertStaff } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { MAX_GRADE, MIN_GRADE, schoolIdField } from './common.ts';
import { assertPlanExists, readPlan, resolvePlanScope } from './plan-scope.ts';

export const getPlanInput = z
  .object({
    ...schoolIdField,
    yearId: id,
    subjectId: id,
    /** The parallel (grade level), 1–11. */
    grade: z.number().int().min(MIN_GRADE).max(MAX_GRADE),
  })
  .strict();
export type GetPlanInput = z.input<typeof getPlanInput>;

/**
 * The calendar-thematic plan of a subject in a parallel for a year (R10): its topics in order
 * with their hours, and how many lessons took each topic (those cannot be removed).
 * An empty plan has no items. For any staff member of the school.
 * @throws DomainError VALIDATION_FAILED (subjectNotInSchool, gradeNotInSchool) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const getPlan = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getPlanInput, raw);
  assertStaff(actor, input.schoolId);
  const scope = await assertPlanExists(deps.db, await resolvePlanScope(deps.db, input));
  return readPlan(deps.db, scope);
};
