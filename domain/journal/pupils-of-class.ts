import type { DbOrTx } from '../db.ts';
import { invalid } from '../errors.ts';

/**
 * Checks every pupil id of a batch names a pupil of the class; the first stranger fails the batch
 * before anything is written.
 * @throws DomainError VALIDATION_FAILED pupilNotInClass (path: `<listName>.<index>.pupilId`)
 */
export const assertPupilsInClass = async (
  db: DbOrTx,
  classGroupId: number,
  pupilIds: readonly number[],
  listName: string,
) => {
  const found = await db.pupil.findMany({
    where: { id: { in: [...pupilIds] }, classGroupId },
    select: { id: true },
  });
  const inClass = new Set(found.map((p) => p.id));
  const stranger = pupilIds.findIndex((pupilId) => !inClass.has(pupilId));
  if (stranger >= 0) throw invalid([listName, stranger, 'pupilId'], 'pupilNotInClass');
};

/** A zod refinement for batches: each pupil at most once. */
export const noDuplicatePupils = <T extends { pupilId: number }>(
  items: readonly T[],
  ctx: {
    addIssue: (issue: { code: 'custom'; message: string; path: (string | number)[] }) => void;
  },
) => {
  const seen = new Set<number>();
  items.forEach((item, index) => {
    if (seen.has(item.pupilId))
      ctx.addIssue({ code: 'custom', message: 'duplicatePupil', path: [index, 'pupilId'] });
    seen.add(item.pupilId);
  });
};
