/**
 * Who may load and export a school's data: its administration (admin, deputy director), and the
 * operator at the server console who runs `npm run import` holding the database credentials.
 */
import type { Actor, UserActor } from '../actor.ts';
import type { Tx } from '../db.ts';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { assertSchoolManager } from '../policies/index.ts';

const OPERATOR = Symbol('sabak.console-operator');

/**
 * The person at the server console. Only `consoleOperator()` makes one, and only the import CLI
 * (a composition root inside domain/) calls it: no request can carry this actor, because the
 * symbol never leaves domain/ and lint forbids apps to import this file.
 */
export interface ConsoleOperator {
  kind: 'operator';
  [OPERATOR]: true;
}

export const consoleOperator = (): ConsoleOperator => ({ kind: 'operator', [OPERATOR]: true });

export type ImportActor = Actor | ConsoleOperator;

export const isConsoleOperator = (actor: unknown): actor is ConsoleOperator =>
  typeof actor === 'object' &&
  actor !== null &&
  (actor as Partial<ConsoleOperator>)[OPERATOR] === true;

/**
 * Import and export of a whole school: admin or deputy of that school, or the console operator.
 * Returns the user to audit (null for the operator).
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertCanMoveSchoolData = (actor: ImportActor, schoolId: number): UserActor | null => {
  if (isConsoleOperator(actor)) return null;
  if (typeof actor !== 'object' || actor === null || !('kind' in actor)) {
    throw new DomainError('UNAUTHENTICATED', 'sign-in required');
  }
  return assertSchoolManager(actor, schoolId);
};

/** @throws DomainError FORBIDDEN unless the actor is the console operator */
export const assertConsoleOperator = (actor: ImportActor): ConsoleOperator => {
  if (!isConsoleOperator(actor)) throw new DomainError('FORBIDDEN', 'console only');
  return actor;
};

/** Audit entry of an import or export; the console operator is recorded as no user, with `via: console`. */
export const auditSchoolData = async (
  tx: Tx,
  user: UserActor | null,
  entry: { schoolId: number; action: string; after: Record<string, unknown> },
) => {
  const base = {
    schoolId: entry.schoolId,
    action: entry.action,
    entity: 'school',
    entityId: entry.schoolId,
  };
  if (user) {
    await writeAudit(tx, user, { ...base, after: entry.after });
    return;
  }
  await tx.auditEntry.create({
    data: {
      ...base,
      entityId: String(entry.schoolId),
      actorId: null,
      after: { ...entry.after, via: 'console' },
    },
  });
};
