/**
 * The diary keeps each school's directory (subjects, staff names, bells, terms, timetables) in
 * memory by `school_directory.version`, which triggers bump in the same transaction as any change
 * to those rows. So every kind of change shows on the very next read of a process whose copy is
 * warm, and a change that bypassed the triggers would not: that is what proves the copy is used.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWorldDomain } from '../../test/domain-world.ts';
import { buildWorld, TEST_NOW, TG, type World } from '../../test/world.ts';
import { claimedActor } from '../actor.ts';
import { dateOnly } from '../dates.ts';
import { createDomain, type Domain } from '../index.ts';

const DATE = '2026-10-14'; // a Wednesday of the first quarter

const ctx = useWorldDomain();
let other: World;
beforeAll(async () => {
  other = await buildWorld(ctx.db.prisma);
  await ctx.db.prisma.bellSlot.create({
    data: {
      schoolId: ctx.world.school.id,
      shift: 1,
      number: 1,
      startsAt: '08:00',
      endsAt: '08:45',
    },
  });
  await ctx.db.prisma.timetableSlot.create({
    data: {
      classGroupId: ctx.world.classA.id,
      weekday: 3,
      lessonNumber: 1,
      subjectId: ctx.world.kyrgyz.id,
      teacherId: ctx.world.users.classTeacher.id,
      room: '12',
      validFrom: dateOnly('2026-09-01'),
    },
  });
});

// Both worlds link the same Telegram ids: the claim names this world's parent.
const parentA = () =>
  claimedActor({
    kind: 'telegram',
    telegramUserId: TG.parentA,
    userId: ctx.world.users.parentA.id,
  });
const readDay = (d: Domain = ctx.domain) =>
  d.diary.getDiaryDay(parentA(), { pupilId: ctx.world.pupilA.id, date: DATE });
const lesson = async (n: number, d?: Domain) => {
  const day = await readDay(d);
  const found = day.lessons?.find((l) => l.lessonNumber === n);
  if (!found) throw new Error(`no lesson ${n} on ${DATE}: ${JSON.stringify(day.lessons)}`);
  return found;
};
const version = async (schoolId: number) =>
  (await ctx.db.prisma.schoolDirectory.findUnique({ where: { schoolId } }))?.version ?? 0;

describe('the diary reads the directory from memory and follows every change', () => {
  it('shows the planned lesson from the timetable, bells, subject and teacher names', async () => {
    const first = await lesson(1);
    expect(first).toMatchObject({
      lessonId: null,
      startsAt: '08:00',
      room: '12',
      subject: { nameKy: 'Кыргыз тили' },
      teacher: { id: ctx.world.users.classTeacher.id },
    });
    expect((await lesson(2)).teacher.id).toBe(ctx.world.users.teacherOfClass.id);
  });

  const changes: [
    string,
    () => Promise<unknown>,
    (d?: Domain) => Promise<unknown>,
    () => unknown,
  ][] = [
    [
      'a subject renamed',
      () =>
        ctx.db.prisma.subject.update({
          where: { id: ctx.world.kyrgyz.id },
          data: { nameKy: 'Эне тили' },
        }),
      async (d) => (await lesson(1, d)).subject.nameKy,
      () => 'Эне тили',
    ],
    [
      'a teacher renamed',
      () =>
        ctx.db.prisma.user.update({
          where: { id: ctx.world.users.classTeacher.id },
          data: { lastName: 'Өмүрзакова' },
        }),
      async (d) => (await lesson(1, d)).teacher.lastName,
      () => 'Өмүрзакова',
    ],
    [
      'a bell moved',
      () =>
        ctx.db.prisma.bellSlot.updateMany({
          where: { schoolId: ctx.world.school.id, number: 1 },
          data: { startsAt: '08:30' },
        }),
      async (d) => (await lesson(1, d)).startsAt,
      () => '08:30',
    ],
    [
      'a timetable slot changed',
      () =>
        ctx.db.prisma.timetableSlot.updateMany({
          where: { classGroupId: ctx.world.classA.id },
          data: { room: '7а' },
        }),
      async (d) => (await lesson(1, d)).room,
      () => '7а',
    ],
    [
      'a timetable slot added',
      () =>
        ctx.db.prisma.timetableSlot.create({
          data: {
            classGroupId: ctx.world.classA.id,
            weekday: 3,
            lessonNumber: 4,
            subjectId: ctx.world.kyrgyz.id,
            teacherId: ctx.world.users.teacherOfClass.id,
            validFrom: dateOnly('2026-09-01'),
          },
        }),
      async (d) => (await lesson(4, d)).teacher.id,
      () => ctx.world.users.teacherOfClass.id,
    ],
    [
      'a term moved so that the day is a holiday',
      () =>
        ctx.db.prisma.term.update({
          where: { id: ctx.world.terms[0]?.id },
          data: { endsOn: dateOnly('2026-10-10') },
        }),
      async (d) => (await readDay(d)).isSchoolDay,
      () => false,
    ],
  ];

  it.each(changes)('%s: the next read shows it', async (_, change, read, expected) => {
    const before = await version(ctx.world.school.id);
    const otherBefore = await version(other.school.id);
    await readDay(); // the copy is warm
    await change();
    expect(await version(ctx.world.school.id)).toBeGreaterThan(before);
    expect(await version(other.school.id)).toBe(otherBefore);
    expect(await read()).toEqual(expected());
  });

  it('names a teacher who has left the staff in the lessons they gave', async () => {
    await ctx.db.prisma.staffRole.deleteMany({
      where: { userId: ctx.world.users.teacherOfClass.id },
    });
    const given = await lesson(2);
    expect(given.teacher).toMatchObject({
      id: ctx.world.users.teacherOfClass.id,
      lastName: ctx.world.users.teacherOfClass.lastName,
    });
  });

  it('uses its copy: a change made past the triggers shows only in a process without one', async () => {
    await readDay();
    await ctx.db.prisma.$executeRawUnsafe('ALTER TABLE subject DISABLE TRIGGER subject_directory');
    try {
      await ctx.db.prisma.subject.update({
        where: { id: ctx.world.math.id },
        data: { nameKy: 'Алгебра' },
      });
    } finally {
      await ctx.db.prisma.$executeRawUnsafe('ALTER TABLE subject ENABLE TRIGGER subject_directory');
    }
    expect((await lesson(2)).subject.nameKy).toBe('Математика');
    const fresh = createDomain({ databaseUrl: ctx.db.url, now: () => TEST_NOW, maxConnections: 1 });
    try {
      expect((await lesson(2, fresh)).subject.nameKy).toBe('Алгебра');
    } finally {
      await fresh.close();
    }
  });
});

describe('the triggers bump the version of the school a row belongs to', () => {
  const tables: [string, () => Promise<unknown>][] = [
    [
      'subject insert',
      () =>
        ctx.db.prisma.subject.create({
          data: { schoolId: ctx.world.school.id, code: 'chem', nameKy: 'Химия', nameRu: 'Химия' },
        }),
    ],
    [
      'subject delete',
      () =>
        ctx.db.prisma.subject.deleteMany({
          where: { schoolId: ctx.world.school.id, nameKy: 'Химия' },
        }),
    ],
    [
      'bell insert',
      () =>
        ctx.db.prisma.bellSlot.create({
          data: {
            schoolId: ctx.world.school.id,
            shift: 2,
            number: 1,
            startsAt: '13:00',
            endsAt: '13:45',
          },
        }),
    ],
    [
      'bell delete',
      () =>
        ctx.db.prisma.bellSlot.deleteMany({ where: { schoolId: ctx.world.school.id, shift: 2 } }),
    ],
    [
      'term update',
      () =>
        ctx.db.prisma.term.update({
          where: { id: ctx.world.yearTerm.id },
          data: { endsOn: dateOnly('2027-05-30') },
        }),
    ],
    [
      'timetable slot delete',
      () =>
        ctx.db.prisma.timetableSlot.deleteMany({
          where: { classGroupId: ctx.world.classA.id, lessonNumber: 4 },
        }),
    ],
    [
      'staff role insert',
      () =>
        ctx.db.prisma.staffRole.create({
          data: {
            userId: ctx.world.users.teacherOfClass.id,
            schoolId: ctx.world.school.id,
            role: 'TEACHER',
          },
        }),
    ],
    [
      'term insert',
      () =>
        ctx.db.prisma.term.create({
          data: {
            yearId: ctx.world.year.id,
            kind: 'HALF',
            number: 7,
            startsOn: dateOnly('2026-09-01'),
            endsOn: dateOnly('2026-12-28'),
          },
        }),
    ],
    [
      'term delete',
      () =>
        ctx.db.prisma.term.deleteMany({
          where: { yearId: ctx.world.year.id, kind: 'HALF', number: 7 },
        }),
    ],
    [
      'staff member renamed',
      () =>
        ctx.db.prisma.user.update({
          where: { id: ctx.world.users.teacherOfClass.id },
          data: { patronymic: 'Асанович' },
        }),
    ],
    [
      'staff role delete',
      () =>
        ctx.db.prisma.staffRole.deleteMany({
          where: { userId: ctx.world.users.teacherOfClass.id, schoolId: ctx.world.school.id },
        }),
    ],
  ];

  it.each(tables)('%s', async (_, change) => {
    const before = await version(ctx.world.school.id);
    const otherBefore = await version(other.school.id);
    await change();
    expect(await version(ctx.world.school.id)).toBeGreaterThan(before);
    expect(await version(other.school.id)).toBe(otherBefore);
  });

  it('bumps every school of a staff member who works at two when they are renamed', async () => {
    await ctx.db.prisma.staffRole.create({
      data: { userId: ctx.world.users.psychologist.id, schoolId: other.school.id, role: 'TEACHER' },
    });
    const [mine, theirs] = [await version(ctx.world.school.id), await version(other.school.id)];
    await ctx.db.prisma.user.update({
      where: { id: ctx.world.users.psychologist.id },
      data: { firstName: 'Айгүл' },
    });
    expect(await version(ctx.world.school.id)).toBeGreaterThan(mine);
    expect(await version(other.school.id)).toBeGreaterThan(theirs);
  });

  it('leaves it alone when a parent is renamed, or a staff member signs in', async () => {
    const before = await version(ctx.world.school.id);
    await ctx.db.prisma.user.update({
      where: { id: ctx.world.users.parentA.id },
      data: { lastName: 'Асанова-Бекова' },
    });
    expect(await version(ctx.world.school.id)).toBe(before);
    await ctx.db.prisma.user.update({
      where: { id: ctx.world.users.admin.id },
      data: { language: 'ru' },
    });
    expect(await version(ctx.world.school.id)).toBe(before);
  });
});

describe('two editors of one school at once', () => {
  it('wait for each other and both land, instead of deadlocking on the school', async () => {
    const [slot] = await ctx.db.prisma.timetableSlot.findMany({
      where: { classGroupId: ctx.world.classA.id, lessonNumber: 1 },
    });
    const added = await ctx.db.prisma.timetableSlot.create({
      data: {
        classGroupId: ctx.world.classA.id,
        weekday: 5,
        lessonNumber: 3,
        subjectId: ctx.world.math.id,
        teacherId: ctx.world.users.classTeacher.id,
        validFrom: dateOnly('2026-09-01'),
      },
    });
    const [a, b] = [slot?.id, added.id];
    const before = await version(ctx.world.school.id);
    const one = new pg.Client({ connectionString: ctx.db.url });
    const two = new pg.Client({ connectionString: ctx.db.url });
    await Promise.all([one.connect(), two.connect()]);
    try {
      await one.query('BEGIN');
      await two.query('BEGIN');
      await one.query(`UPDATE timetable_slot SET room = '1' WHERE id = $1`, [a]);
      await two.query(`UPDATE timetable_slot SET room = '2' WHERE id = $1`, [b]);
      // One waits for two's row b; two then commits (bumping the school) and one goes on.
      const oneOn = one.query(`UPDATE timetable_slot SET room = '1' WHERE id = $1`, [b]);
      await two.query('COMMIT');
      await oneOn;
      await one.query('COMMIT');
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
    expect(await version(ctx.world.school.id)).toBe(before + 3);
    const rooms = await ctx.db.prisma.timetableSlot.findMany({
      where: { id: { in: [a ?? 0, b] } },
    });
    expect(rooms.map((r) => r.room)).toEqual(['1', '1']);
  });

  /** Two transactions on their own connections; both end, whatever happens. */
  const twoConnections = async (run: (one: pg.Client, two: pg.Client) => Promise<void>) => {
    const one = new pg.Client({ connectionString: ctx.db.url });
    const two = new pg.Client({ connectionString: ctx.db.url });
    await Promise.all([one.connect(), two.connect()]);
    try {
      await run(one, two);
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
  };

  it('never waits for the school row an administrator has locked (lockSchool)', async () => {
    const termId = ctx.world.terms[1]?.id;
    const before = await version(ctx.world.school.id);
    await twoConnections(async (one, two) => {
      await two.query('BEGIN');
      await two.query(`UPDATE term SET ends_on = ends_on WHERE id = $1`, [termId]);
      await one.query('BEGIN');
      await one.query('SELECT id FROM school WHERE id = $1 FOR UPDATE', [ctx.world.school.id]);
      const oneOn = one.query(`UPDATE term SET ends_on = ends_on WHERE id = $1`, [termId]);
      await two.query('COMMIT'); // its bump needs no lock on the school's row
      await oneOn;
      await one.query('COMMIT');
    });
    expect(await version(ctx.world.school.id)).toBe(before + 2);
  });

  it('makes a new staff role wait for a rename of that person still in progress', async () => {
    const person = await ctx.db.prisma.user.create({
      data: {
        schoolId: ctx.world.school.id,
        lastName: 'Жаңы',
        firstName: 'Мугалим',
        language: 'ky',
      },
    });
    await twoConnections(async (renaming, hiring) => {
      const { rows } = await hiring.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await renaming.query('BEGIN');
      await renaming.query(`UPDATE app_user SET last_name = 'Жаңыбаева' WHERE id = $1`, [
        person.id,
      ]);
      await hiring.query('BEGIN');
      await hiring.query(
        `INSERT INTO staff_role (user_id, school_id, role) VALUES ($1, $2, 'TEACHER')`,
        [person.id, ctx.world.school.id],
      );
      const hired = hiring.query('COMMIT');
      let waited = false;
      for (let i = 0; i < 100 && !waited; i++) {
        const seen = await ctx.db.prisma.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM pg_stat_activity
          WHERE pid = ${rows[0]?.pid} AND wait_event_type = 'Lock'`;
        waited = Number(seen[0]?.n) > 0;
        if (!waited) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await renaming.query('COMMIT');
      await hired;
      expect(waited).toBe(true);
    });
  });
});
