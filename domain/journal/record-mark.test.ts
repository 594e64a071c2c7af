import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, TEST_NOW, type World } from '../../test/world.ts';
import { loadActor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { createDomain, type Domain } from '../index.ts';

let db: TestDb;
let world: World;
let domain: Domain;
beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
  domain = createDomain({ databaseUrl: db.url, now: () => TEST_NOW, maxConnections: 2 });
});
afterAll(async () => {
  await domain.close();
  await db.drop();
});

const counts = async () => ({
  marks: await db.prisma.mark.count(),
  audit: await db.prisma.auditEntry.count(),
  outbox: await db.prisma.outboxEvent.count(),
});

describe('journal.recordMark', () => {
  describe('when writing the outbox event fails inside the transaction', () => {
    it('rolls back the mark and its audit entry too', async () => {
      // A trigger makes the last write of the transaction fail, as a crash or a full disk would.
      await db.prisma.$executeRawUnsafe(`
        CREATE FUNCTION fail_outbox() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql`);
      await db.prisma.$executeRawUnsafe(
        'CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox_event FOR EACH ROW EXECUTE FUNCTION fail_outbox()',
      );
      const actor = await loadActor(db.prisma, world.users.teacherOfClass.id);
      const before = await counts();
      await expect(
        domain.journal.recordMark(actor, {
          lessonId: world.lessonA.id,
          pupilId: world.pupilA.id,
          value: 4,
        }),
      ).rejects.toThrow(/outbox unavailable/);
      expect(await counts()).toEqual(before);
      await db.prisma.$executeRawUnsafe('DROP TRIGGER fail_outbox ON outbox_event');
    });
  });

  describe('when the same mark is entered again', () => {
    it('changes nothing and sends no second notification', async () => {
      const actor = await loadActor(db.prisma, world.users.teacherOfClass.id);
      const input = {
        lessonId: world.lessonA.id,
        pupilId: world.pupilA2.id,
        value: 3,
        kind: 'WRITTEN' as const,
      };
      await domain.journal.recordMark(actor, input);
      const afterFirst = await counts();
      await domain.journal.recordMark(actor, input);
      const afterSecond = await counts();
      expect(afterSecond.marks).toBe(afterFirst.marks);
      expect(afterSecond.outbox).toBe(afterFirst.outbox);
    });
  });

  describe('when a parent tries to record a mark', () => {
    it('throws FORBIDDEN and writes nothing', async () => {
      const actor = await loadActor(db.prisma, world.users.parentA.id);
      const before = await counts();
      const error = await domain.journal
        .recordMark(actor, { lessonId: world.lessonA.id, pupilId: world.pupilA.id, value: 5 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a teacher of another subject in the same class asks for a mark history', () => {
    it("throws FORBIDDEN: each subject page is its own teacher's", async () => {
      const teacher = await db.prisma.user.create({
        data: { schoolId: world.school.id, lastName: 'Сыдыков', firstName: 'Үсөн' },
      });
      await db.prisma.staffRole.create({
        data: { userId: teacher.id, schoolId: world.school.id, role: 'TEACHER' },
      });
      await db.prisma.teachingAssignment.create({
        data: {
          yearId: world.year.id,
          teacherId: teacher.id,
          subjectId: world.kyrgyz.id,
          classGroupId: world.classA.id,
        },
      });
      const author = await loadActor(db.prisma, world.users.teacherOfClass.id);
      const mark = await domain.journal.recordMark(author, {
        lessonId: world.lessonA.id,
        pupilId: world.pupilA.id,
        value: 2,
        kind: 'CONTROL',
      });
      const other = await loadActor(db.prisma, teacher.id);
      const error = await domain.journal
        .listMarkHistory(other, { markId: mark.id })
        .catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('FORBIDDEN');
      expect(await domain.journal.listMarkHistory(author, { markId: mark.id })).toHaveLength(1);
    });
  });
});
