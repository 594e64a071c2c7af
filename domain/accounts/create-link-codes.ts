import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import { withConflict } from '../conflict.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { assertCanManageClass } from '../policies/index.ts';
import { classLabel } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { generateLinkCode, hashLinkCode } from './link-code-format.ts';

/** Largest class a school runs (city classes reach 60) with room to spare. */
const MAX_PUPILS_PER_REQUEST = 100;

export const createLinkCodesInput = z
  .object({
    classGroupId: id,
    /** PARENT: one code per guardian of each pupil; PUPIL: one code per pupil for their own account. */
    role: z.enum(['PARENT', 'PUPIL']),
    /** Only these pupils of the class; all of them when left out. */
    pupilIds: z.array(id).min(1).max(MAX_PUPILS_PER_REQUEST).optional(),
    /** PARENT only: only these guardians (user ids) of those pupils, e.g. to reprint one lost slip. */
    guardianUserIds: z
      .array(id)
      .min(1)
      .max(MAX_PUPILS_PER_REQUEST * 2)
      .optional(),
  })
  .strict();
export type CreateLinkCodesInput = z.input<typeof createLinkCodesInput>;

const KYRGYZ = new Intl.Collator('ky');

interface Person {
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

/**
 * Hands out one-time link codes for a class (R3), each for ONE person: a PARENT code for one
 * guardian of one pupil (as imported: name, relation), a PUPIL code for the pupil's own account.
 * Redeeming a code binds a Telegram account to exactly that user and grants that guardian this
 * pupil only — never a sibling in another class (see README "Linking Telegram").
 *
 * Pupils without a guardian get no PARENT code (nobody would know whom it binds); they are listed
 * in `withoutGuardian` so the school adds the parents (import) first. A guardian who is also staff
 * gets a code that only grants the child to a Telegram account already linked to their staff
 * account (`staffAccount: true`), so a slip carried home never hands over staff rights.
 *
 * Only the SHA-256 of each code is stored; the plaintext is returned this once, for printing. A new
 * code replaces the same person's older unused codes for that pupil. Codes expire after
 * `settings.linkCodeTtlHours`.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | CONFLICT
 */
export const createLinkCodes = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(createLinkCodesInput, raw);
  if (input.role === 'PUPIL' && input.guardianUserIds)
    throw invalid(['guardianUserIds'], 'guardiansOnlyForParentCodes');
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.settings.linkCodeTtlHours * 3_600_000);
  const cls = await deps.db.classGroup.findUnique({
    where: { id: input.classGroupId },
    select: { id: true, schoolId: true, letter: true, gradeLevel: { select: { grade: true } } },
  });
  if (!cls) throw notFound('class');
  const user = assertCanManageClass(actor, cls);
  const className = classLabel(cls.gradeLevel.grade, cls.letter);

  const pupils = await deps.db.pupil.findMany({
    where: { classGroupId: cls.id, ...(input.pupilIds ? { id: { in: input.pupilIds } } : {}) },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      guardians: {
        select: {
          relation: true,
          user: {
            select: {
              id: true,
              lastName: true,
              firstName: true,
              patronymic: true,
              login: true,
              passwordHash: true,
              roles: { select: { role: true }, take: 1 },
            },
          },
        },
      },
    },
  });
  if (input.pupilIds) {
    const found = new Set(pupils.map((p) => p.id));
    const stranger = input.pupilIds.findIndex((pupilId) => !found.has(pupilId));
    if (stranger >= 0) throw invalid(['pupilIds', stranger], 'pupilNotInClass');
  }
  if (input.guardianUserIds) {
    const found = new Set(pupils.flatMap((p) => p.guardians.map((g) => g.user.id)));
    const stranger = input.guardianUserIds.findIndex((userId) => !found.has(userId));
    if (stranger >= 0) throw invalid(['guardianUserIds', stranger], 'guardianNotInClass');
  }
  const byName = (a: Person, b: Person) =>
    KYRGYZ.compare(a.lastName, b.lastName) || KYRGYZ.compare(a.firstName, b.firstName);
  pupils.sort((a, b) => byName(a, b) || a.id - b.id);

  const pupilOf = (p: (typeof pupils)[number]) => ({
    id: p.id,
    lastName: p.lastName,
    firstName: p.firstName,
    patronymic: p.patronymic,
  });
  type Pupil = (typeof pupils)[number];
  type Issued = { pupil: Pupil; guardian: Pupil['guardians'][number] | null; code: string };
  const issued = pupils.flatMap((p): Issued[] => {
    if (input.role === 'PUPIL') return [{ pupil: p, guardian: null, code: generateLinkCode() }];
    return p.guardians
      .filter((g) => !input.guardianUserIds || input.guardianUserIds.includes(g.user.id))
      .sort((a, b) => byName(a.user, b.user) || a.user.id - b.user.id)
      .map((g) => ({ pupil: p, guardian: g, code: generateLinkCode() }));
  });
  const withoutGuardian =
    input.role === 'PARENT' && !input.guardianUserIds
      ? pupils.filter((p) => p.guardians.length === 0).map(pupilOf)
      : [];

  // Two equal codes out of ~10¹² happen about never; retrying is the caller's one click.
  await withConflict('link code', () =>
    deps.db.$transaction(async (tx) => {
      // Older unused codes of the same person stop working the moment new ones are printed (a lost
      // slip is harmless).
      await tx.linkCode.updateMany({
        where: {
          role: input.role,
          usedAt: null,
          expiresAt: { gt: now },
          OR: issued.map(({ pupil, guardian }) => ({
            pupilId: pupil.id,
            ...(guardian ? { forUserId: guardian.user.id } : {}),
          })),
        },
        data: { expiresAt: now },
      });
      await tx.linkCode.createMany({
        data: issued.map(({ pupil, guardian, code }) => ({
          schoolId: cls.schoolId,
          codeHash: hashLinkCode(code),
          pupilId: pupil.id,
          forUserId: guardian?.user.id ?? null,
          role: input.role,
          createdById: user.userId,
          expiresAt,
        })),
      });
      await writeAudit(tx, user, {
        schoolId: cls.schoolId,
        action: 'linkCodes.create',
        entity: 'classGroup',
        entityId: cls.id,
        after: {
          role: input.role,
          codes: issued.map(({ pupil, guardian }) => ({
            pupilId: pupil.id,
            ...(guardian ? { guardianUserId: guardian.user.id } : {}),
          })),
          expiresAt,
        },
      });
    }),
  );

  return {
    classGroupId: cls.id,
    className,
    role: input.role,
    expiresAt,
    codes: issued.map(({ pupil, guardian, code }) => ({
      code,
      pupilId: pupil.id,
      pupil: pupilOf(pupil),
      classGroupId: cls.id,
      className,
      guardian: guardian
        ? {
            userId: guardian.user.id,
            lastName: guardian.user.lastName,
            firstName: guardian.user.firstName,
            patronymic: guardian.user.patronymic,
            relation: guardian.relation,
            staffAccount:
              guardian.user.roles.length > 0 ||
              guardian.user.login !== null ||
              guardian.user.passwordHash !== null,
          }
        : null,
    })),
    withoutGuardian,
  };
};
