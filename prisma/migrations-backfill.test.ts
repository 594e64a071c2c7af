import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../domain/dates.ts';
import { createTestDb, type TestDb } from '../test/db.ts';
import { buildWorld, type World } from '../test/world.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const folder = readdirSync(path.join(here, 'migrations')).find((f) =>
  f.endsWith('_grading_finals_membership'),
);
const migration = readFileSync(
  path.join(here, 'migrations', folder ?? '', 'migration.sql'),
  'utf8',
);

/** The data statements of the grading migration (after its schema changes), one by one. */
const dataStatements = migration
  .slice(migration.indexOf('-- Half-year finals'))
  .split(';')
  .map((s) => s.replace(/--.*$/gm, '').trim())
  .filter((s) => s.length > 0 && !s.startsWith('ALTER TABLE'));

let db: TestDb;
let world: World;
beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
});
afterAll(() => db.drop());

describe('migration grading_finals_membership: data backfill', () => {
  it('gives every existing pupil a membership from the year start and moves half-year finals to HALF_YEAR', async () => {
    const half = await db.prisma.term.findFirstOrThrow({
      where: { yearId: world.year.id, kind: 'HALF', number: 1 },
    });
    const teacherId = world.users.teacherOfClass.id;
    // As the old writer saved them: a half-year final under TERM, and a quarter final.
    const legacy = await db.prisma.finalMark.create({
      data: {
        pupilId: world.pupilA.id,
        subjectId: world.math.id,
        termId: half.id,
        kind: 'TERM',
        value: 4,
        teacherId,
      },
    });
    const quarter = await db.prisma.finalMark.create({
      data: {
        pupilId: world.pupilA.id,
        subjectId: world.math.id,
        termId: world.terms[0]!.id,
        kind: 'TERM',
        value: 5,
        teacherId,
      },
    });
    expect(dataStatements).toHaveLength(2);
    for (const sql of dataStatements) await db.prisma.$executeRawUnsafe(sql);

    expect((await db.prisma.finalMark.findUniqueOrThrow({ where: { id: legacy.id } })).kind).toBe(
      'HALF_YEAR',
    );
    expect((await db.prisma.finalMark.findUniqueOrThrow({ where: { id: quarter.id } })).kind).toBe(
      'TERM',
    );
    const memberships = await db.prisma.classMembership.findMany({
      orderBy: { pupilId: 'asc' },
      select: { pupilId: true, classGroupId: true, fromDate: true, toDate: true },
    });
    expect(memberships).toEqual(
      [world.pupilA, world.pupilA2, world.pupilB]
        .sort((a, b) => a.id - b.id)
        .map((p) => ({
          pupilId: p.id,
          classGroupId: p.classGroupId,
          fromDate: dateOnly('2026-09-01'),
          toDate: null,
        })),
    );
  });
});
