import { z } from 'zod';
import { loadActor, type UserActor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, invalid } from '../errors.ts';
import { parseInput, MAX_SHORT_TEXT } from '../validation.ts';
import {
  assertCanMoveSchoolData,
  assertConsoleOperator,
  type ConsoleOperator,
  type ImportActor,
} from './policy.ts';

export const resolveImportTargetInput = z
  .object({
    /** `--school CODE`; may be left out when the deployment has one school or `login` names the school. */
    schoolCode: z.string().trim().min(1).max(MAX_SHORT_TEXT).optional(),
    /** `--as LOGIN`: import as this admin or deputy (audited under their name). */
    login: z.string().trim().min(1).max(MAX_SHORT_TEXT).optional(),
  })
  .strict();
export type ResolveImportTargetInput = z.input<typeof resolveImportTargetInput>;

export interface ImportTarget {
  school: { id: number; code: string; name: string };
  /** Who the import acts as: the named staff member, or the console operator. */
  actor: UserActor | ConsoleOperator;
}

/**
 * For the import CLI only: finds the school (`--school CODE`, the school of `--as LOGIN`, or the
 * only school of the deployment) and the actor the import runs as. With `--as` the staff
 * member's own rights apply (admin or deputy of that school); without it the console operator,
 * who holds the database credentials anyway, acts and is audited as such.
 * @throws DomainError FORBIDDEN (not called from the console, or the named user may not import)
 *   | NOT_FOUND (school or login) | VALIDATION_FAILED (several schools and none named)
 */
export const resolveImportTarget = async (
  deps: DomainDeps,
  caller: ImportActor,
  raw: unknown,
): Promise<ImportTarget> => {
  const operator = assertConsoleOperator(caller);
  const input = parseInput(resolveImportTargetInput, raw);
  const select = { id: true, code: true, name: true } as const;
  let user: UserActor | null = null;
  if (input.login) {
    const row = await deps.db.user.findUnique({
      where: { login: input.login },
      select: { id: true },
    });
    if (!row)
      throw new DomainError('NOT_FOUND', 'user not found', {
        details: { reason: 'cli.unknownLogin', login: input.login },
      });
    user = await loadActor(deps.db, row.id);
  }
  let school;
  if (input.schoolCode) {
    school = await deps.db.school.findUnique({ where: { code: input.schoolCode }, select });
  } else if (user?.schoolId) {
    school = await deps.db.school.findUnique({ where: { id: user.schoolId }, select });
  } else {
    const schools = await deps.db.school.findMany({ select, take: 2 });
    if (schools.length > 1) throw invalid(['schoolCode'], 'required');
    school = schools[0] ?? null;
  }
  if (!school)
    throw new DomainError('NOT_FOUND', 'school not found', {
      details: input.schoolCode
        ? { reason: 'cli.unknownSchool', code: input.schoolCode }
        : { reason: 'cli.noSchool' },
    });
  if (user) {
    assertCanMoveSchoolData(user, school.id);
    return { school, actor: user };
  }
  return { school, actor: operator };
};
