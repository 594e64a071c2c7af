import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import { withConflict } from '../conflict.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import type { ValidationIssue } from '../errors.ts';
import { assertStaff } from '../policies/index.ts';
import { id, parseInput, text } from '../validation.ts';
import { MAX_GRADE, MIN_GRADE, schoolIdField } from './common.ts';
import { assertPlanExists, readPlan, resolvePlanScope } from './plan-scope.ts';
import { assertCanEditPlan } from './policy.ts';

/** A year has at most about 200 lessons of a subject; room for hours split into topics. */
export const MAX_PLAN_ITEMS = 400;
export const MAX_POSITION = 1000;
export const MAX_TOPIC = 500;
export const MAX_ITEM_HOURS = 50;

const itemInput = z
  .object({
    /** An existing item to keep (and renumber or rename); new items have none. */
    id: id.optional(),
    position: z.number().int().min(1).max(MAX_POSITION),
    topic: text(MAX_TOPIC),
    hours: z.number().int().min(1).max(MAX_ITEM_HOURS).default(1),
  })
  .strict();

export const setPlanInput = z
  .object({
    ...schoolIdField,
    yearId: id,
    subjectId: id,
    /** The parallel (grade level), 1–11. */
    grade: z.number().int().min(MIN_GRADE).max(MAX_GRADE),
    /** The complete plan, in any order; positions are unique. */
    items: z.array(itemInput).max(MAX_PLAN_ITEMS),
  })
  .strict();
export type SetPlanInput = z.input<typeof setPlanInput>;

type Item = z.output<typeof itemInput>;
interface Existing {
  id: number;
  position: number;
  topic: string;
  hours: number;
  lessonCount: number;
}

/**
 * Pairs the new items with the plan's existing ones: by id where given, then by the same topic
 * (so inserting a topic renumbers the rest without moving their lessons to other topics), then by
 * position (a renamed topic). Existing items nobody claims are removed — which is refused for an
 * item a lesson took its topic from (the lesson would lose its link to the program).
 */
const matchItems = (items: Item[], existing: Existing[]) => {
  const issues: ValidationIssue[] = [];
  const byId = new Map(existing.map((e) => [e.id, e]));
  const claimed = new Map<number, number>();
  const taken = new Set<number>();
  const positions = new Set<number>();
  items.forEach((item, index) => {
    if (positions.has(item.position)) {
      issues.push({
        path: ['items', index, 'position'],
        key: 'duplicatePosition',
        params: { position: item.position },
      });
    }
    positions.add(item.position);
    if (item.id === undefined) return;
    const e = byId.get(item.id);
    if (!e) issues.push({ path: ['items', index, 'id'], key: 'planItemNotInPlan' });
    else if (taken.has(e.id)) issues.push({ path: ['items', index, 'id'], key: 'duplicateItemId' });
    else {
      claimed.set(index, e.id);
      taken.add(e.id);
    }
  });
  const claimBy = (same: (item: Item, e: Existing) => boolean) =>
    items.forEach((item, index) => {
      if (item.id !== undefined || claimed.has(index)) return;
      const e = existing.find((x) => !taken.has(x.id) && same(item, x));
      if (e) {
        claimed.set(index, e.id);
        taken.add(e.id);
      }
    });
  claimBy((item, e) => item.topic === e.topic);
  claimBy((item, e) => item.position === e.position);
  const removed = existing.filter((e) => !taken.has(e.id));
  for (const e of removed.filter((r) => r.lessonCount > 0)) {
    issues.push({
      path: ['items'],
      key: 'planItemInUse',
      params: { position: e.position, topic: e.topic, lessons: e.lessonCount },
    });
  }
  return { issues, claimed, removed };
};

/**
 * Sets the calendar-thematic plan of a subject in a parallel for a year (R10), one plan shared by
 * all classes of the parallel. Items are matched to the existing plan (by `id`, else by topic,
 * else by position) and updated in place, so lessons keep their link; unmatched new items are created
 * and unmatched old ones deleted — unless a lesson refers to one, which is refused with the
 * item's position and topic. One transaction with an audit entry.
 * For the administration and any teacher of the subject in a class of the parallel.
 * @throws DomainError VALIDATION_FAILED (duplicatePosition, planItemNotInPlan, duplicateItemId,
 *   planItemInUse, subjectNotInSchool, gradeNotInSchool) | NOT_FOUND | UNAUTHENTICATED |
 *   FORBIDDEN | CONFLICT
 */
export const setPlan = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(setPlanInput, raw);
  assertStaff(actor, input.schoolId);
  return withConflict('plan', () =>
    deps.db.$transaction(async (tx) => {
      const unchecked = await resolvePlanScope(tx, input);
      const user = assertCanEditPlan(actor, unchecked);
      const scope = await assertPlanExists(tx, unchecked);
      // One edit of a plan at a time: both would read the same items and renumber them.
      await tx.$queryRaw`SELECT id FROM grade_level WHERE id = ${scope.gradeLevelId} FOR UPDATE`;
      const before = await readPlan(tx, scope);
      const { issues, claimed, removed } = matchItems(input.items, before.items);
      throwIfIssues(issues);

      const where = {
        yearId: scope.yearId,
        subjectId: scope.subjectId,
        gradeLevelId: scope.gradeLevelId,
      };
      if (removed.length > 0) {
        await tx.planItem.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
      }
      // Kept items move out of the way first, so renumbering never trips the unique position.
      await tx.$executeRaw`UPDATE plan_item SET position = -position
        WHERE year_id = ${scope.yearId} AND subject_id = ${scope.subjectId}
          AND grade_level_id = ${scope.gradeLevelId}`;
      const created: { position: number; topic: string; hours: number }[] = [];
      for (const [index, item] of input.items.entries()) {
        const existingId = claimed.get(index);
        const data = { position: item.position, topic: item.topic, hours: item.hours };
        if (existingId === undefined) created.push(data);
        else await tx.planItem.update({ where: { id: existingId }, data });
      }
      if (created.length > 0) {
        await tx.planItem.createMany({
          data: created.map((c) => ({ ...c, ...where, schoolId: scope.schoolId })),
        });
      }
      const after = await readPlan(tx, scope);
      await writeAudit(tx, user, {
        schoolId: scope.schoolId,
        action: 'plan.set',
        entity: 'plan',
        entityId: `${scope.yearId}:${scope.subjectId}:${scope.gradeLevelId}`,
        before: before.items,
        after: after.items,
      });
      return after;
    }),
  );
};
