import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { emitEvent } from '../events.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { AudienceKind } from '../generated/prisma/enums.ts';
import { isSchoolManager, leadsClass, refuse, teachesClass } from '../policies/index.ts';
import { id, MAX_SHORT_TEXT, parseInput, text } from '../validation.ts';
import { AUDIENCE_ROLES } from './audience.ts';
import { personSelect, toPerson } from './people.ts';

export const createAnnouncementInput = z
  .object({
    audience: z.enum(AudienceKind),
    /** For CLASS. */
    classGroupId: id.optional(),
    /** For PARALLEL: the grade (5 = every 5th class). */
    grade: z.number().int().min(1).max(12).optional(),
    /** For ROLE: PARENT, PUPIL or a staff role. */
    role: z.enum(AUDIENCE_ROLES).optional(),
    title: text(MAX_SHORT_TEXT),
    body: text(),
  })
  .strict();
export type CreateAnnouncementInput = z.input<typeof createAnnouncementInput>;

/**
 * Broadcasts an announcement (R19): a teacher to a class they teach or lead; the administration
 * also to a parallel, the whole school or everyone in a role. Writes an audit entry and an
 * `announcement.posted` outbox event in one transaction.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const createAnnouncement = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(createAnnouncementInput, raw);
  return deps.db.$transaction(async (tx) => {
    let schoolId: number;
    let target: { classGroupId: number | null; grade: number | null; role: string | null } = {
      classGroupId: null,
      grade: null,
      role: null,
    };
    if (input.audience === 'CLASS') {
      if (input.classGroupId === undefined) throw invalid(['classGroupId'], 'required');
      const cls = await tx.classGroup.findUnique({
        where: { id: input.classGroupId },
        select: { id: true, schoolId: true },
      });
      if (!cls) throw notFound('class');
      const mayPost =
        isSchoolManager(user, cls.schoolId) ||
        (user.schoolId === cls.schoolId &&
          (teachesClass(user, cls.id) || leadsClass(user, cls.id)));
      if (!mayPost) throw refuse(user, cls.schoolId, 'class', 'cannot announce to this class');
      schoolId = cls.schoolId;
      target = { ...target, classGroupId: cls.id };
    } else {
      if (user.schoolId === null || !isSchoolManager(user, user.schoolId)) {
        throw forbidden('school administration only');
      }
      schoolId = user.schoolId;
      if (input.audience === 'PARALLEL') {
        if (input.grade === undefined) throw invalid(['grade'], 'required');
        const level = await tx.gradeLevel.findUnique({
          where: { schoolId_grade: { schoolId, grade: input.grade } },
        });
        if (!level) throw invalid(['grade'], 'gradeNotInSchool', { grade: input.grade });
        target = { ...target, grade: input.grade };
      } else if (input.audience === 'ROLE') {
        if (input.role === undefined) throw invalid(['role'], 'required');
        target = { ...target, role: input.role };
      }
    }
    const announcement = await tx.announcement.create({
      data: {
        schoolId,
        authorId: user.userId,
        audience: input.audience,
        ...target,
        title: input.title,
        body: input.body,
        createdAt: deps.now(),
      },
      include: { author: { select: personSelect } },
    });
    const { author, ...row } = announcement;
    await writeAudit(tx, user, {
      schoolId,
      action: 'announcement.create',
      entity: 'announcement',
      entityId: row.id,
      after: row,
    });
    await emitEvent(tx, 'announcement.posted', { announcementId: row.id }, schoolId);
    return { ...row, author: toPerson(author) };
  });
};
