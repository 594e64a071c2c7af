import { generateLinkCode, hashLinkCode } from '../../../domain/accounts/link-code-format.ts';
import type { Db } from '../../../domain/db.ts';
import { ROLES, TEST_NOW, type World } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

let seq = 0;
/** A fresh teacher of the world's school without a password (each role's call may change one). */
const freshTeacher = async (prisma: Db, world: World) => {
  const user = await prisma.user.create({
    data: {
      schoolId: world.school.id,
      login: `matrix-teacher-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
      lastName: 'Сатыбалдиев',
      firstName: 'Нурлан',
    },
  });
  await prisma.staffRole.create({
    data: { userId: user.id, schoolId: world.school.id, role: 'TEACHER' },
  });
  return user;
};

export const staffAccessMatrix: MatrixEntry[] = [
  {
    route: 'POST /auth/setup-password',
    // Anyone holding a valid code may use it (it is how a staff member first signs in).
    allowed: [...ROLES],
    request: async ({ prisma, world }) => {
      const user = await freshTeacher(prisma, world);
      const code = generateLinkCode();
      await prisma.setupCode.create({
        data: {
          userId: user.id,
          codeHash: hashLinkCode(code),
          expiresAt: new Date(TEST_NOW.getTime() + 86_400_000),
        },
      });
      return { body: { code, newPassword: 'тоо-суу-жылдыз-77' } };
    },
  },
  {
    route: 'POST /schools/:schoolId/setup-codes',
    allowed: ['admin'],
    request: async ({ prisma, world }) => {
      await freshTeacher(prisma, world);
      return { params: { schoolId: world.school.id }, body: {} };
    },
  },
  {
    route: 'POST /schools/:schoolId/staff/:userId/reset-access',
    allowed: ['admin'],
    request: async ({ prisma, world }) => ({
      params: { schoolId: world.school.id, userId: (await freshTeacher(prisma, world)).id },
    }),
  },
  {
    route: 'PUT /schools/:schoolId/staff/:userId/active',
    allowed: ['admin'],
    request: async ({ prisma, world }) => ({
      params: { schoolId: world.school.id, userId: (await freshTeacher(prisma, world)).id },
      body: { active: false },
    }),
  },
];
