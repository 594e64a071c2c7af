import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, invalid, notFound } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { LinkRole } from '../generated/prisma/enums.ts';
import { assertCanManageClass } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { generateLinkCode, hashLinkCode } from './link-code-format.ts';

/** Largest class a school runs (city classes reach 60) with room to spare. */
const MAX_PUPILS_PER_REQUEST = 100;

export const createLinkCodesInput = z
  .object({
    classGroupId: id,
    role: z.enum(LinkRole),
    /** Only these pupils of the class; all of them when left out. */
    pupilIds: z.array(id).min(1).max(MAX_PUPILS_PER_REQUEST).optional(),
  })
  .strict();
export type CreateLinkCodesInput = z.input<typeof createLinkCodesInput>;

const KYRGYZ = new Intl.Collator('ky');

/**
 * Hands out one-time link codes for pupils of a class (R3): one per pupil, for parents or for the
 * pupils themselves. Only the SHA-256 of each code is stored; the plaintext is returned this once,
 * so the class teacher can print it. A new code replaces the pupil's older unused codes of the
 * same role. Codes expire after `settings.linkCodeTtlHours`.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | CONFLICT
 */
export const createLinkCodes = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(createLinkCodesInput, raw);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.settings.linkCodeTtlHours * 3_600_000);
  const cls = await deps.db.classGroup.findUnique({
    where: { id: input.classGroupId },
    select: { id: true, schoolId: true, letter: true, gradeLevel: { select: { grade: true } } },
  });
  if (!cls) throw notFound('class');
  const user = assertCanManageClass(actor, cls);

  const pupils = await deps.db.pupil.findMany({
    where: { classGroupId: cls.id, ...(input.pupilIds ? { id: { in: input.pupilIds } } : {}) },
    select: { id: true, lastName: true, firstName: true, patronymic: true },
  });
  if (input.pupilIds) {
    const found = new Set(pupils.map((p) => p.id));
    const stranger = input.pupilIds.findIndex((pupilId) => !found.has(pupilId));
    if (stranger >= 0) throw invalid(['pupilIds', stranger], 'pupilNotInClass');
  }
  pupils.sort(
    (a, b) =>
      KYRGYZ.compare(a.lastName, b.lastName) ||
      KYRGYZ.compare(a.firstName, b.firstName) ||
      a.id - b.id,
  );
  const issued = pupils.map((pupil) => ({ pupil, code: generateLinkCode() }));
  const pupilIds = pupils.map((p) => p.id);

  try {
    await deps.db.$transaction(async (tx) => {
      // Older unused codes stop working the moment new ones are printed (a lost slip is harmless).
      await tx.linkCode.updateMany({
        where: {
          pupilId: { in: pupilIds },
          role: input.role,
          usedAt: null,
          expiresAt: { gt: now },
        },
        data: { expiresAt: now },
      });
      await tx.linkCode.createMany({
        data: issued.map(({ pupil, code }) => ({
          schoolId: cls.schoolId,
          codeHash: hashLinkCode(code),
          pupilId: pupil.id,
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
        after: { role: input.role, pupilIds, expiresAt },
      });
    });
  } catch (error) {
    // Two equal codes out of ~10¹² happen about never; retrying is the caller's one click.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', 'link code collision', { cause: error });
    }
    throw error;
  }

  return {
    classGroupId: cls.id,
    className: `${cls.gradeLevel.grade}-${cls.letter}`,
    role: input.role,
    expiresAt,
    codes: issued.map(({ pupil, code }) => ({
      pupilId: pupil.id,
      lastName: pupil.lastName,
      firstName: pupil.firstName,
      patronymic: pupil.patronymic,
      code,
    })),
  };
};
