import type { UserActor } from './actor.ts';
import type { Tx } from './db.ts';

const plain = (value: unknown): unknown =>
  value === null || value === undefined
    ? null
    : JSON.parse(
        JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      );

/** Records who changed what, when, from which value to which (R12). Call inside the change's transaction. */
export const writeAudit = async (
  tx: Tx,
  actor: UserActor,
  entry: {
    schoolId: number | null;
    action: string;
    entity: string;
    entityId: number | string;
    before?: unknown;
    after?: unknown;
    reason?: string | null;
  },
) => {
  await tx.auditEntry.create({
    data: {
      schoolId: entry.schoolId,
      actorId: actor.userId,
      action: entry.action,
      entity: entry.entity,
      entityId: String(entry.entityId),
      before: plain(entry.before) ?? undefined,
      after: plain(entry.after) ?? undefined,
      reason: entry.reason ?? null,
    },
  });
};
