import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { schoolIdField } from './common.ts';
import { assertCanReadBells } from './policy.ts';

export const getBellScheduleInput = z.object(schoolIdField).strict();
export type GetBellScheduleInput = z.input<typeof getBellScheduleInput>;

/** The school's bells grouped by shift, lessons in order. */
export const readBellSchedule = async (db: DbOrTx, schoolId: number) => {
  const slots = await db.bellSlot.findMany({
    where: { schoolId },
    orderBy: [{ shift: 'asc' }, { number: 'asc' }],
  });
  const shifts: {
    shift: number;
    lessons: { number: number; startsAt: string; endsAt: string }[];
  }[] = [];
  for (const s of slots) {
    let group = shifts.at(-1);
    if (group?.shift !== s.shift) {
      group = { shift: s.shift, lessons: [] };
      shifts.push(group);
    }
    group.lessons.push({ number: s.number, startsAt: s.startsAt, endsAt: s.endsAt });
  }
  return { shifts };
};

/**
 * The bell schedule: when each lesson of each shift starts and ends. For staff of the school and
 * for the parents and pupils of its pupils (the diary shows lesson times).
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN
 */
export const getBellSchedule = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getBellScheduleInput, raw);
  await assertCanReadBells(deps.db, actor, input.schoolId);
  return readBellSchedule(deps.db, input.schoolId);
};
