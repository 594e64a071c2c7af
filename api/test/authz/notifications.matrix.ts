import type { Db } from '../../../domain/db.ts';
import type { World } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

/** An announcement of 5-А's math teacher to the class. */
const announcementOfTeacher = async (prisma: Db, world: World) =>
  (
    await prisma.announcement.create({
      data: {
        schoolId: world.school.id,
        authorId: world.users.teacherOfClass.id,
        audience: 'CLASS',
        classGroupId: world.classA.id,
        title: 'Экскурсия',
        body: 'Бейшемби күнү музейге барабыз.',
      },
    })
  ).id;

export const notificationsMatrix: MatrixEntry[] = [
  {
    route: 'GET /announcements/:announcementId/delivery',
    // Its author and the administration; not another teacher, not the families.
    allowed: ['admin', 'deputy', 'teacherOfClass'],
    request: async ({ world, prisma }) => ({
      params: { announcementId: await announcementOfTeacher(prisma, world) },
    }),
  },
];
