import { z } from 'zod';
import { loadActor, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { Tx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, invalid } from '../errors.ts';
import { withConflict } from '../conflict.ts';
import { id, parseInput } from '../validation.ts';
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
    /** The bot account (bot_account) the code was typed into; none: the deployment's BOT_TOKEN. */
    botAccountId: id.optional(),
  })
  .strict();
export type RedeemLinkCodeInput = z.input<typeof redeemLinkCodeInput>;

/** One message for unknown, used and expired codes, so a guesser learns nothing. */
const codeInvalid = () => invalid(['code'], 'linkCodeInvalid');

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
    },
  });
type LoadedPupil = Awaited<ReturnType<typeof loadPupil>>;

/** The pupil's own account, created on first link (named after the pupil). */
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

const isStaffAccount = (u: {
  login: string | null;
  passwordHash: string | null;
  roles: unknown[];
}) => u.roles.length > 0 || u.login !== null || u.passwordHash !== null;

/**
 * A PARENT code binds to the guardian it was issued for and grants that guardian this one pupil.
 * A guardian who is also staff is granted the child only in a Telegram account already linked to
 * their staff account (through a staff code): a slip carried home never hands over staff rights.
 */
const redeemParent = async (
  tx: Tx,
  telegramUserId: bigint,
  linkCode: { forUserId: number | null; pupilId: number | null },
  now: Date,
) => {
  if (linkCode.forUserId === null || linkCode.pupilId === null) throw codeInvalid();
  const guardian = await tx.guardian.findUnique({
    where: { userId_pupilId: { userId: linkCode.forUserId, pupilId: linkCode.pupilId } },
    select: {
      grantedAt: true,
      user: {
        select: {
          login: true,
          passwordHash: true,
          roles: { select: { role: true }, take: 1 },
          telegramLinks: { where: { telegramUserId, isActive: true }, select: { id: true } },
        },
      },
    },
  });
  // The school removed this guardian since the code was printed.
  if (!guardian) throw codeInvalid();
  if (isStaffAccount(guardian.user) && guardian.user.telegramLinks.length === 0)
    throw invalid(['code'], 'linkCodeStaffLinkFirst');
  if (guardian.grantedAt === null)
    await tx.guardian.update({
      where: { userId_pupilId: { userId: linkCode.forUserId, pupilId: linkCode.pupilId } },
      data: { grantedAt: now },
    });
  return linkCode.forUserId;
};

/** A STAFF code binds to its staff member, as long as they are still staff of their school. */
const redeemStaff = async (tx: Tx, linkCode: { forUserId: number | null }) => {
  if (linkCode.forUserId === null) throw codeInvalid();
  const staff = await tx.user.findUnique({
    where: { id: linkCode.forUserId },
    select: { id: true, schoolId: true, roles: { select: { schoolId: true } } },
  });
  if (!staff?.roles.some((r) => r.schoolId === staff.schoolId)) throw codeInvalid();
  return staff.id;
};

const classOf = (pupil: LoadedPupil) => ({
  id: pupil.id,
  lastName: pupil.lastName,
  firstName: pupil.firstName,
  patronymic: pupil.patronymic,
  classGroupId: pupil.classGroup.id,
  className: `${pupil.classGroup.gradeLevel.grade}-${pupil.classGroup.letter}`,
});

/**
 * Redeems a one-time link code in the bot (R3) and binds the Telegram user to exactly the user the
 * code was issued for: a PARENT code to that imported guardian (and grants them that one pupil —
 * a sibling in another class needs their own class teacher's code), a PUPIL code to the pupil's
 * own account, a STAFF code to that staff member. No account is ever invented for a parent.
 * The code is marked used by a guarded `UPDATE … WHERE used_at IS NULL` in the same transaction as
 * the link, the grant and the audit entry, so a code redeemed twice at once links exactly once;
 * a refused redemption leaves the code unused.
 * @throws DomainError VALIDATION_FAILED (`linkCodeInvalid`, `linkCodeStaffLinkFirst`,
 *   `telegramUserRequired`) | UNAUTHENTICATED (not the bot) | FORBIDDEN (a signed-in web user) |
 *   CONFLICT
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

  // The same Telegram user redeeming two codes of one family at the same instant.
  return withConflict('telegram link', () =>
    deps.db.$transaction(async (tx) => {
      const linkCode = await tx.linkCode.findUnique({ where: { codeHash: hashLinkCode(code) } });
      if (!linkCode) throw codeInvalid();
      const claimed = await tx.linkCode.updateMany({
        where: { id: linkCode.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw codeInvalid();

      let userId: number;
      let pupil: LoadedPupil | null = null;
      if (linkCode.role === 'STAFF') {
        userId = await redeemStaff(tx, linkCode);
      } else if (linkCode.pupilId === null) {
        throw codeInvalid();
      } else {
        pupil = await loadPupil(tx, linkCode.pupilId);
        userId =
          linkCode.role === 'PARENT'
            ? await redeemParent(tx, telegramUserId, linkCode, now)
            : await pupilUserFor(tx, pupil);
      }
      const chatId = input.chatId ?? telegramUserId;
      // Notifications go out through the bot the family talks to.
      const botAccountId = input.botAccountId ?? null;
      if (botAccountId !== null) {
        const bot = await tx.botAccount.findUnique({
          where: { id: botAccountId },
          select: { isActive: true },
        });
        if (!bot?.isActive) throw invalid(['botAccountId'], 'unknownBotAccount');
      }
      const link = await tx.telegramLink.upsert({
        where: { telegramUserId_userId: { telegramUserId, userId } },
        create: { telegramUserId, userId, chatId, botAccountId, linkedAt: now },
        update: { chatId, botAccountId, isActive: true, linkedAt: now, blockedAt: null },
      });
      await tx.linkCode.update({ where: { id: linkCode.id }, data: { usedByUserId: userId } });
      await writeAudit(tx, await loadActor(tx, userId), {
        schoolId: linkCode.schoolId,
        action: 'telegram.link',
        entity: 'telegramLink',
        entityId: link.id,
        after: {
          userId,
          pupilId: pupil?.id ?? null,
          role: linkCode.role,
          linkCodeId: linkCode.id,
          telegramUserId,
        },
      });

      const user = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { id: true, lastName: true, firstName: true, patronymic: true, language: true },
      });
      return { role: linkCode.role, user, pupil: pupil ? classOf(pupil) : null };
    }),
  );
};
