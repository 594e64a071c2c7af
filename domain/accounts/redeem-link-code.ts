import { z } from 'zod';
import { loadActor, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { Tx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, invalid } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { parseInput } from '../validation.ts';
import type { BotCaller } from './bot-caller.ts';
import { hashLinkCode, isWellFormedLinkCode, normalizeLinkCode } from './link-code-format.ts';

const telegramId = z
  .union([
    z
      .number()
      .int()
      .min(-(2 ** 53))
      .max(2 ** 53),
    z.string().regex(/^-?\d{1,19}$/),
  ])
  .transform((v) => BigInt(v));

export const redeemLinkCodeInput = z
  .object({
    /** As printed ("ABCD-EFGH"); case, spaces and dashes do not matter. */
    code: z.string().max(64),
    /** The private chat to notify; defaults to the Telegram user's own chat. */
    chatId: telegramId.optional(),
  })
  .strict();
export type RedeemLinkCodeInput = z.input<typeof redeemLinkCodeInput>;

/** One message for unknown, used and expired codes, so a guesser learns nothing. */
const codeInvalid = () => invalid(['code'], 'linkCodeInvalid');

type LoadedPupil = Awaited<ReturnType<typeof loadPupil>>;

const loadPupil = (tx: Tx, pupilId: number) =>
  tx.pupil.findUniqueOrThrow({
    where: { id: pupilId },
    select: {
      id: true,
      schoolId: true,
      userId: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      classGroup: { select: { id: true, letter: true, gradeLevel: { select: { grade: true } } } },
      guardians: {
        select: {
          user: {
            select: {
              id: true,
              login: true,
              passwordHash: true,
              roles: { select: { role: true } },
              telegramLinks: { select: { telegramUserId: true } },
            },
          },
        },
      },
    },
  });

/**
 * The parent account a PARENT code links to, in this order: the parent this Telegram user already
 * is (a second child); a guardian of the pupil once linked to this Telegram user; the one guardian
 * created at import who was never linked; otherwise a new account named after the pupil. Staff
 * accounts are never handed over by a code.
 */
const parentFor = async (tx: Tx, actor: Actor, telegramUserId: bigint, pupil: LoadedPupil) => {
  if (actor.kind === 'user' && actor.roles.length === 0 && actor.pupilId === null)
    return actor.userId;
  const guardians = pupil.guardians
    .map((g) => g.user)
    .filter((u) => u.roles.length === 0 && u.login === null && u.passwordHash === null);
  const before = guardians.find((u) =>
    u.telegramLinks.some((l) => l.telegramUserId === telegramUserId),
  );
  if (before) return before.id;
  const neverLinked = guardians.filter((u) => u.telegramLinks.length === 0);
  if (neverLinked.length === 1 && neverLinked[0]) return neverLinked[0].id;
  const created = await tx.user.create({
    data: { schoolId: pupil.schoolId, lastName: pupil.lastName, firstName: 'ата-энеси' },
    select: { id: true },
  });
  return created.id;
};

/** The pupil's own account, created on first link. */
const pupilUserFor = async (tx: Tx, pupil: LoadedPupil) => {
  if (pupil.userId !== null) return pupil.userId;
  const created = await tx.user.create({
    data: {
      schoolId: pupil.schoolId,
      lastName: pupil.lastName,
      firstName: pupil.firstName,
      patronymic: pupil.patronymic,
    },
    select: { id: true },
  });
  await tx.pupil.update({ where: { id: pupil.id }, data: { userId: created.id } });
  return created.id;
};

/**
 * Redeems a one-time link code in the bot (R3): links the Telegram user to the pupil's parent
 * account (PARENT code) or to the pupil's own account (PUPIL code). The code is marked used by a
 * guarded `UPDATE … WHERE used_at IS NULL` in the same transaction as the link, the guardian row
 * and the audit entry, so a code redeemed twice at once links exactly once.
 * @throws DomainError VALIDATION_FAILED (`linkCodeInvalid`, `telegramUserRequired`) |
 *   UNAUTHENTICATED (not the bot) | FORBIDDEN (a signed-in web user) | CONFLICT
 */
export const redeemLinkCode = async (
  deps: DomainDeps,
  actor: Actor,
  raw: unknown,
  caller: BotCaller = {},
) => {
  const { telegramUserId } = caller;
  if (telegramUserId === undefined) {
    if (caller.viaBot) throw invalid(['telegramUserId'], 'telegramUserRequired');
    if (actor.kind === 'anonymous')
      throw new DomainError('UNAUTHENTICATED', 'link codes are redeemed through the bot');
    throw new DomainError('FORBIDDEN', 'link codes are redeemed through the bot', {
      details: { reason: 'linkCodeBotOnly' },
    });
  }
  const input = parseInput(redeemLinkCodeInput, raw);
  const code = normalizeLinkCode(input.code);
  if (!isWellFormedLinkCode(code)) throw codeInvalid();
  const now = deps.now();

  try {
    return await deps.db.$transaction(async (tx) => {
      const linkCode = await tx.linkCode.findUnique({ where: { codeHash: hashLinkCode(code) } });
      if (!linkCode) throw codeInvalid();
      const claimed = await tx.linkCode.updateMany({
        where: { id: linkCode.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw codeInvalid();

      const pupil = await loadPupil(tx, linkCode.pupilId);
      let userId: number;
      if (linkCode.role === 'PARENT') {
        userId = await parentFor(tx, actor, telegramUserId, pupil);
        await tx.guardian.upsert({
          where: { userId_pupilId: { userId, pupilId: pupil.id } },
          create: { userId, pupilId: pupil.id },
          update: {},
        });
      } else {
        userId = await pupilUserFor(tx, pupil);
      }
      const chatId = input.chatId ?? telegramUserId;
      const link = await tx.telegramLink.upsert({
        where: { telegramUserId_userId: { telegramUserId, userId } },
        create: { telegramUserId, userId, chatId, linkedAt: now },
        update: { chatId, isActive: true, linkedAt: now },
      });
      await tx.linkCode.update({ where: { id: linkCode.id }, data: { usedByUserId: userId } });
      await writeAudit(tx, await loadActor(tx, userId), {
        schoolId: pupil.schoolId,
        action: 'telegram.link',
        entity: 'telegramLink',
        entityId: link.id,
        after: {
          userId,
          pupilId: pupil.id,
          role: linkCode.role,
          linkCodeId: linkCode.id,
          telegramUserId,
        },
      });

      const user = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { id: true, lastName: true, firstName: true, patronymic: true, language: true },
      });
      return {
        role: linkCode.role,
        user,
        pupil: {
          id: pupil.id,
          lastName: pupil.lastName,
          firstName: pupil.firstName,
          patronymic: pupil.patronymic,
          classGroupId: pupil.classGroup.id,
          className: `${pupil.classGroup.gradeLevel.grade}-${pupil.classGroup.letter}`,
        },
      };
    });
  } catch (error) {
    // The same Telegram user redeeming two codes of one family at the same instant.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', 'linked concurrently', { cause: error });
    }
    throw error;
  }
};
