import { describe, expect, it } from 'vitest';
import { useWorldDomain } from '../../test/domain-world.ts';
import { loadActor } from '../actor.ts';
import { DomainError } from '../errors.ts';

const ctx = useWorldDomain();

const counts = async () => ({
  marks: await ctx.db.prisma.mark.count(),
  audit: await ctx.db.prisma.auditEntry.count(),
  outbox: await ctx.db.prisma.outboxEvent.count(),
});

describe('journal.recordMark', () => {
  describe('when writing the outbox event fails inside the transaction', () => {
    it('rolls back the mark and its audit entry too', async () => {
      // A trigger makes the last write of the transaction fail, as a crash or a full disk would.
      await ctx.db.prisma.$executeRawUnsafe(`
        CREATE FUNCTION fail_outbox() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql`);
      await ctx.db.prisma.$executeRawUnsafe(
        'CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox_event FOR EACH ROW EXECUTE FUNCTION fail_outbox()',
      );
      const actor = await loadActor(ctx.db.prisma, ctx.world.users.teacherOfClass.id);
      const before = await counts();
      await expect(
        ctx.domain.journal.recordMark(actor, {
          lessonId: ctx.world.lessonA.id,
          pupilId: ctx.world.pupilA.id,
          value: 4,
        }),
      ).rejects.toThrow(/outbox unavailable/);
      expect(await counts()).toEqual(before);
      await ctx.db.prisma.$executeRawUnsafe('DROP TRIGGER fail_outbox ON outbox_event');
    });
  });

  describe('when the same mark is entered again', () => {
    it('changes nothing and sends no second notification', async () => {
      const actor = await loadActor(ctx.db.prisma, ctx.world.users.teacherOfClass.id);
      const input = {
        lessonId: ctx.world.lessonA.id,
        pupilId: ctx.world.pupilA2.id,
        value: 3,
        kind: 'WRITTEN' as const,
      };
      await ctx.domain.journal.recordMark(actor, input);
      const afterFirst = await counts();
      await ctx.domain.journal.recordMark(actor, input);
      const afterSecond = await counts();
      expect(afterSecond.marks).toBe(afterFirst.marks);
      expect(afterSecond.outbox).toBe(afterFirst.outbox);
    });
  });

  describe('when a parent tries to record a mark', () => {
    it('throws FORBIDDEN and writes nothing', async () => {
      const actor = await loadActor(ctx.db.prisma, ctx.world.users.parentA.id);
      const before = await counts();
      const error = await ctx.domain.journal
        .recordMark(actor, {
          lessonId: ctx.world.lessonA.id,
          pupilId: ctx.world.pupilA.id,
          value: 5,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a teacher of another subject in the same class asks for a mark history', () => {
    it("throws FORBIDDEN: each subject page is its own teacher's", async () => {
      const teacher = await ctx.db.prisma.user.create({
        data: { schoolId: ctx.world.school.id, lastName: 'Сыдыков', firstName: 'Үсөн' },
      });
      await ctx.db.prisma.staffRole.create({
        data: { userId: teacher.id, schoolId: ctx.world.school.id, role: 'TEACHER' },
      });
      await ctx.db.prisma.teachingAssignment.create({
        data: {
          yearId: ctx.world.year.id,
          teacherId: teacher.id,
          subjectId: ctx.world.kyrgyz.id,
          classGroupId: ctx.world.classA.id,
        },
      });
      const author = await loadActor(ctx.db.prisma, ctx.world.users.teacherOfClass.id);
      const mark = await ctx.domain.journal.recordMark(author, {
        lessonId: ctx.world.lessonA.id,
        pupilId: ctx.world.pupilA.id,
        value: 2,
        kind: 'CONTROL',
      });
      const other = await loadActor(ctx.db.prisma, teacher.id);
      const error = await ctx.domain.journal
        .listMarkHistory(other, { markId: mark.id })
        .catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('FORBIDDEN');
      expect(await ctx.domain.journal.listMarkHistory(author, { markId: mark.id })).toHaveLength(1);
    });
  });
});
