import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { assertStaff } from '../policies/index.ts';
import { parseInput } from '../validation.ts';
import { schoolIdField, TERM_ORDER, yearView } from './common.ts';

export const listYearsInput = z.object(schoolIdField).strict();
export type ListYearsInput = z.input<typeof listYearsInput>;

/**
 * The school's academic years, newest first, each with its quarters, half-years and year term.
 * For any staff member of the school.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN
 */
export const listYears = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(listYearsInput, raw);
  assertStaff(actor, input.schoolId);
  const years = await deps.db.academicYear.findMany({
    where: { schoolId: input.schoolId },
    orderBy: { startsOn: 'desc' },
    include: { terms: { orderBy: TERM_ORDER } },
  });
  return years.map((y) => yearView(y, y.terms));
};
