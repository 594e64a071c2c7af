import type { DbOrTx } from '../db.ts';
import { invalid } from '../errors.ts';
import { membersOf } from './membership.ts';

/**
 * Checks every pupil id of a batch names a pupil who belonged to the class during [from, to] (a
 * lesson's date, or a term), so a pupil who has moved on can still be marked on the old class's
 * past lessons and a newcomer cannot be marked before arriving; the first stranger fails the batch
 * before anything is written.
 * @throws DomainError VALIDATION_FAILED pupilNotInClass (path: `<listName>.<index>.pupilId`)
 */
export const assertPupilsInClass = async (
  db: DbOrTx,
  classGroupId: number,
  period: { from: Date; to: Date },
  pupilIds: readonly number[],
  listName: string,
) => {
  const found = await db.pupil.findMany({
    where: { id: { in: [...pupilIds] }, ...membersOf(classGroupId, period.from, period.to) },
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
