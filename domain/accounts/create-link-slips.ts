import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { id, parseInput } from '../validation.ts';
import { createLinkCodes } from './create-link-codes.ts';

export const createLinkSlipsInput = z
  .object({
    classGroupId: id,
    /** Whose slips: every guardian and every pupil (default), only the parents, only the pupils. */
    include: z.enum(['ALL', 'PARENTS', 'PUPILS']).default('ALL'),
  })
  .strict();
export type CreateLinkSlipsInput = z.input<typeof createLinkSlipsInput>;

interface Name {
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

export interface LinkSlip {
  kind: 'PARENT' | 'PUPIL';
  /** The one-time code, in clear (only its hash is stored). */
  code: string;
  /** `https://t.me/<bot>?start=<code>`: opening it (or its QR code) starts the bot with the code. */
  deepLink: string | null;
  /** Whom the slip is for: the guardian, or the pupil themself. */
  holder: Name;
  pupil: Name & { id: number };
  /** The guardian's relation as imported (mother, father, …); null on a pupil's slip. */
  relation: string | null;
  className: string;
  /** A guardian who is also staff: the code only adds the child to their linked staff account. */
  staffAccount: boolean;
}

/**
 * The bot a school's families link to: the school's own bot, else its district's, else the
 * deployment's default (`settings.botUsername`). Null when none is known (slips then carry the
 * code without a link).
 */
const botUsernameFor = async (deps: DomainDeps, schoolId: number, districtId: number) => {
  const own = await deps.db.botAccount.findFirst({
    where: { isActive: true, OR: [{ schoolId }, { districtId }] },
    orderBy: [{ schoolId: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    select: { username: true },
  });
  return own?.username ?? deps.settings.botUsername;
};

/**
 * The printable link-code slips of a class (R3): one per guardian of each pupil and one per pupil,
 * each with the holder's name, the class, a fresh one-time code and the bot's deep link (for the
 * QR code). Issues the codes through `createLinkCodes` — so the same rules hold: class teacher or
 * administration only, hashes stored, a person's older unused codes stop working. Ordered by
 * pupil (Kyrgyz alphabet), the pupil's own slip before their guardians'.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | CONFLICT
 */
export const createLinkSlips = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(createLinkSlipsInput, raw);
  const parents =
    input.include === 'PUPILS'
      ? null
      : await createLinkCodes(deps, actor, { classGroupId: input.classGroupId, role: 'PARENT' });
  const pupils =
    input.include === 'PARENTS'
      ? null
      : await createLinkCodes(deps, actor, { classGroupId: input.classGroupId, role: 'PUPIL' });
  const issued = parents ?? pupils;
  if (!issued) throw notFound('class');
  const cls = await deps.db.classGroup.findUniqueOrThrow({
    where: { id: input.classGroupId },
    select: { schoolId: true, school: { select: { districtId: true, name: true } } },
  });
  const botUsername = await botUsernameFor(deps, cls.schoolId, cls.school.districtId);
  const linkOf = (code: string) =>
    botUsername ? `https://t.me/${botUsername}?start=${code}` : null;

  const slips: LinkSlip[] = [];
  const order = [...(pupils?.codes ?? []), ...(parents?.codes ?? [])];
  const pupilOrder = new Map<number, number>();
  for (const c of order) if (!pupilOrder.has(c.pupilId)) pupilOrder.set(c.pupilId, pupilOrder.size);
  for (const c of pupils?.codes ?? [])
    slips.push({
      kind: 'PUPIL',
      code: c.code,
      deepLink: linkOf(c.code),
      holder: c.pupil,
      pupil: c.pupil,
      relation: null,
      className: c.className,
      staffAccount: false,
    });
  for (const c of parents?.codes ?? [])
    if (c.guardian)
      slips.push({
        kind: 'PARENT',
        code: c.code,
        deepLink: linkOf(c.code),
        holder: {
          lastName: c.guardian.lastName,
          firstName: c.guardian.firstName,
          patronymic: c.guardian.patronymic,
        },
        pupil: c.pupil,
        relation: c.guardian.relation,
        className: c.className,
        staffAccount: c.guardian.staffAccount,
      });
  // Stable: within one pupil the pupil's slip (pushed first) stays before the guardians'.
  slips.sort((a, b) => (pupilOrder.get(a.pupil.id) ?? 0) - (pupilOrder.get(b.pupil.id) ?? 0));
  return {
    classGroupId: issued.classGroupId,
    className: issued.className,
    schoolName: cls.school.name,
    expiresAt: issued.expiresAt,
    botUsername,
    slips,
    withoutGuardian: parents?.withoutGuardian ?? [],
  };
};
