import { z } from 'zod';
import { requireUser, type Actor, type UserActor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { assertCanReadPupil, hidden, isStaffOf } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import type { AudienceRole } from './audience.ts';
import { personSelect, toPerson } from './people.ts';

export const listAnnouncementsInput = z
  .object({
    /** Only what this pupil's family sees (a parent switching between children, R17). */
    pupilId: id.optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .strict();
export type ListAnnouncementsInput = z.input<typeof listAnnouncementsInput>;

interface Audience {
  schoolId: number;
  classGroupId: number;
  grade: number;
  roles: AudienceRole[];
}

/** Announcements addressed to a pupil's class, parallel, school, or to the reader's role. */
const reaching = (a: Audience): Prisma.AnnouncementWhereInput => ({
  schoolId: a.schoolId,
  OR: [
    { audience: 'SCHOOL' },
    { audience: 'CLASS', classGroupId: a.classGroupId },
    { audience: 'PARALLEL', grade: a.grade },
    { audience: 'ROLE', role: { in: a.roles } },
  ],
});

const pupilAudience = {
  id: true,
  schoolId: true,
  classGroupId: true,
  classGroup: { select: { gradeLevel: { select: { grade: true } } } },
} as const;

/** The roles in which `user` reads a pupil's announcements. */
const rolesFor = (user: UserActor, pupilId: number): AudienceRole[] => {
  const roles: AudienceRole[] = [];
  if (user.childIds.includes(pupilId)) roles.push('PARENT');
  if (user.pupilId === pupilId) roles.push('PUPIL');
  return roles.length > 0 ? roles : ['PARENT', 'PUPIL'];
};

/**
 * Announcements the user should see, newest first (R16, R19). A parent or pupil sees those whose
 * audience includes their (child's) class, parallel or school, or their role; staff see all of
 * their school's. With `pupilId`, what that pupil's family sees.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN
 */
export const listAnnouncements = async ({ db }: DomainDeps, actor: Actor, raw: unknown = {}) => {
  const user = requireUser(actor);
  const input = parseInput(listAnnouncementsInput, raw);
  const filters: Prisma.AnnouncementWhereInput[] = [];
  if (input.pupilId !== undefined) {
    const pupil = await db.pupil.findUnique({
      where: { id: input.pupilId },
      select: pupilAudience,
    });
    if (!pupil) throw hidden('pupil');
    assertCanReadPupil(user, pupil);
    filters.push(
      reaching({
        ...pupil,
        grade: pupil.classGroup.gradeLevel.grade,
        roles: rolesFor(user, pupil.id),
      }),
    );
  } else {
    if (user.schoolId !== null && isStaffOf(user, user.schoolId))
      filters.push({ schoolId: user.schoolId });
    const own = [...user.childIds, ...(user.pupilId !== null ? [user.pupilId] : [])];
    if (own.length > 0) {
      const pupils = await db.pupil.findMany({ where: { id: { in: own } }, select: pupilAudience });
      for (const pupil of pupils) {
        filters.push(
          reaching({
            ...pupil,
            grade: pupil.classGroup.gradeLevel.grade,
            roles: rolesFor(user, pupil.id),
          }),
        );
      }
    }
  }
  if (filters.length === 0) return [];
  const rows = await db.announcement.findMany({
    where: { OR: filters },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
    select: {
      id: true,
      audience: true,
      classGroupId: true,
      grade: true,
      role: true,
      title: true,
      body: true,
      createdAt: true,
      author: { select: personSelect },
    },
  });
  return rows.map(({ author, ...row }) => ({ ...row, author: toPerson(author) }));
};
