import { generateLinkCode, hashLinkCode } from '../../../domain/accounts/link-code-format.ts';
import type { Db } from '../../../domain/db.ts';
import { ROLES, TEST_NOW, TEST_PASSWORD, TG, type Role, type World } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

const everyoneSignedIn = ROLES.filter((r) => r !== 'anonymous');
const staff: Role[] = [
  'admin',
  'deputy',
  'teacherOfClass',
  'teacherOfOtherClass',
  'classTeacher',
  'psychologist',
];

/** A fresh unused code (each role's call may consume one). */
const freshCode = async (
  prisma: Db,
  world: World,
  pupilId: number,
  role: 'PARENT' | 'PUPIL',
  forUserId: number | null = null,
) => {
  const code = generateLinkCode();
  await prisma.linkCode.create({
    data: {
      schoolId: world.school.id,
      codeHash: hashLinkCode(code),
      pupilId,
      forUserId,
      role,
      createdById: world.users.classTeacher.id,
      expiresAt: new Date(TEST_NOW.getTime() + 86_400_000),
    },
  });
  return code;
};

export const linksMatrix: MatrixEntry[] = [
  {
    route: 'POST /classes/:classGroupId/link-codes',
    allowed: ['admin', 'deputy', 'classTeacher'],
    request: ({ world }) => ({
      params: { classGroupId: world.classA.id },
      body: { role: 'PARENT', pupilIds: [world.pupilA2.id] },
    }),
  },
  {
    route: 'POST /classes/:classGroupId/link-slips',
    allowed: ['admin', 'deputy', 'classTeacher'],
    request: ({ world }) => ({ params: { classGroupId: world.classA.id }, body: {} }),
  },
  {
    route: 'POST /classes/:classGroupId/link-slips/pdf',
    allowed: ['admin', 'deputy', 'classTeacher'],
    request: ({ world }) => ({
      params: { classGroupId: world.classA.id },
      body: { include: 'PUPILS' },
    }),
  },
  {
    route: 'POST /link-codes/redeem',
    // Bot users re-link their own family (so the other rows keep acting as the same users).
    allowed: ['parentA', 'parentB', 'pupilA'],
    request: async ({ world, prisma, role }) => {
      const code =
        role === 'parentA'
          ? await freshCode(prisma, world, world.pupilA.id, 'PARENT', world.users.parentA.id)
          : role === 'parentB'
            ? await freshCode(prisma, world, world.pupilB.id, 'PARENT', world.users.parentB.id)
            : role === 'pupilA'
              ? await freshCode(prisma, world, world.pupilA.id, 'PUPIL')
              : await freshCode(prisma, world, world.pupilA2.id, 'PARENT');
      return { body: { code } };
    },
  },
  {
    route: 'POST /staff/:userId/link-code',
    // Administration for any staff member of the school; the staff member for themselves; on the
    // web only (bot users are refused even when linked).
    allowed: ['admin', 'deputy', 'teacherOfClass'],
    request: ({ world }) => ({ params: { userId: world.users.teacherOfClass.id } }),
  },
  {
    route: 'DELETE /me/telegram',
    allowed: everyoneSignedIn,
    // Unlinking turns the bot users anonymous: every call first restores the world's links.
    request: async ({ prisma }) => {
      await prisma.telegramLink.updateMany({
        where: { telegramUserId: { in: [TG.parentA, TG.parentB, TG.pupilA] } },
        data: { isActive: true },
      });
      return {};
    },
  },
  {
    route: 'POST /me/password',
    allowed: staff,
    // The same password again, so later rows can still sign in.
    request: () => ({ body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }),
  },
  { route: 'GET /me/notification-preferences', allowed: everyoneSignedIn, request: () => ({}) },
  {
    route: 'PUT /me/notification-preferences',
    allowed: everyoneSignedIn,
    request: () => ({ body: { marks: true } }),
  },
  {
    route: 'PUT /me/telegram/chat-status',
    // Only the bot, for the Telegram user it acts for; staff on the web have no chat to report.
    allowed: ['parentA', 'parentB', 'pupilA'],
    request: () => ({ body: { isBlocked: false } }),
  },
  {
    route: 'GET /bot-accounts',
    // Only the bot process itself (service token without a Telegram user): no person, not even
    // through the bot (see bot-accounts in api/test/bot-support.test.ts).
    allowed: [],
    request: () => ({}),
  },
  {
    route: 'PUT /me/language',
    allowed: everyoneSignedIn,
    // Each user keeps their language, so the other rows see the world unchanged.
    request: ({ world, role }) => ({
      body: { language: role === 'anonymous' ? 'ky' : world.users[role].language },
    }),
  },
];
