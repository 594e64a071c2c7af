import { invalid } from '../errors.ts';
import type { FinalMarkKind, TermKind } from '../generated/prisma/enums.ts';

/**
 * The one mapping from a term's kind to the final mark that closes it, used by the writer
 * (recordFinalMarks), the suggestion and every reader (journal page, diary term summary), so a
 * final is always looked up under the kind it was saved with.
 */
export const FINAL_KIND_OF_TERM = {
  QUARTER: 'TERM',
  HALF: 'HALF_YEAR',
  YEAR: 'YEAR',
} as const satisfies Record<TermKind, FinalMarkKind>;

/** The final mark a term calls for: TERM for a quarter, HALF_YEAR for a half-year, YEAR for the year. */
export const expectedFinalKind = (termKind: TermKind): FinalMarkKind =>
  FINAL_KIND_OF_TERM[termKind];

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
