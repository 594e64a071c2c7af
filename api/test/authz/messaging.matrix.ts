import type { Db } from '../../../domain/db.ts';
import { ROLES, type World } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

const everyoneSignedIn = ROLES.filter((r) => r !== 'anonymous');

/** A conversation between the math teacher of 5-А and parent A about pupil A. */
const threadOfTeacherAndParentA = async (prisma: Db, world: World) => {
  const thread = await prisma.messageThread.create({
    data: {
      schoolId: world.school.id,
      pupilId: world.pupilA.id,
      subject: 'Үй тапшырмасы',
      participants: {
        create: [{ userId: world.users.teacherOfClass.id }, { userId: world.users.parentA.id }],
      },
      messages: { create: { authorId: world.users.teacherOfClass.id, body: 'Саламатсызбы!' } },
    },
  });
  return thread.id;
};

export const messagingMatrix: MatrixEntry[] = [
  {
    route: 'POST /threads',
    allowed: ['admin', 'deputy', 'teacherOfClass', 'classTeacher', 'parentA', 'pupilA'],
    // The family writes to pupil A's math teacher; everyone else tries to write to parent A.
    request: ({ world, role }) => ({
      body: {
        pupilId: world.pupilA.id,
        recipientUserId:
          role === 'parentA' || role === 'pupilA'
            ? world.users.teacherOfClass.id
            : world.users.parentA.id,
        subject: 'Сабак жөнүндө',
        body: 'Саламатсызбы! Бир суроом бар эле.',
      },
    }),
  },
  { route: 'GET /threads', allowed: everyoneSignedIn, request: () => ({}) },
  {
    route: 'GET /threads/:threadId',
    allowed: ['teacherOfClass', 'parentA'],
    request: async ({ world, prisma }) => ({
      params: { threadId: await threadOfTeacherAndParentA(prisma, world) },
    }),
  },
  {
    route: 'POST /threads/:threadId/messages',
    allowed: ['teacherOfClass', 'parentA'],
    request: async ({ world, prisma }) => ({
      params: { threadId: await threadOfTeacherAndParentA(prisma, world) },
      body: { body: 'Рахмат!' },
    }),
  },
  {
    route: 'GET /contacts',
    allowed: [
      'admin',
      'deputy',
      'teacherOfClass',
      'classTeacher',
      'parentA',
      'pupilA',
      'psychologist',
    ],
    request: ({ world }) => ({ query: { pupilId: String(world.pupilA.id) } }),
  },
  { route: 'GET /announcements', allowed: everyoneSignedIn, request: () => ({}) },
  {
    route: 'POST /announcements',
    allowed: ['admin', 'deputy', 'teacherOfClass', 'classTeacher'],
    request: ({ world }) => ({
      body: {
        audience: 'CLASS',
        classGroupId: world.classA.id,
        title: 'Ата-энелер чогулушу',
        body: 'Жума күнү саат 18:00дө.',
      },
    }),
  },
];
