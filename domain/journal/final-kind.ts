import { invalid } from '../errors.ts';
import type { FinalMarkKind, TermKind } from '../generated/prisma/enums.ts';

/** The final mark a term calls for: TERM for quarters and half-years, YEAR for the year. */
export const expectedFinalKind = (termKind: TermKind): FinalMarkKind =>
  termKind === 'YEAR' ? 'YEAR' : 'TERM';

/**
 * The kind to record for a term: the expected one, or EXAM (an exam is held in any term).
 * @throws DomainError VALIDATION_FAILED kindDoesNotMatchTerm
 */
export const finalKindFor = (
  termKind: TermKind,
  requested: FinalMarkKind | undefined,
): FinalMarkKind => {
  const expected = expectedFinalKind(termKind);
  if (requested === undefined) return expected;
  if (requested !== expected && requested !== 'EXAM')
    throw invalid(['kind'], 'kindDoesNotMatchTerm');
  return requested;
};
