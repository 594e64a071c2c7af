/**
 * Third pass of an import: writes a validated plan inside the caller's transaction. Writes are
 * batched — ids of new rows are drawn from their sequences in one query, rows are inserted with
 * `createMany` and changed rows updated with one `UPDATE … FROM unnest(…)` per table — so a
 * 3,000-pupil school takes a few dozen round trips, not one per cell.
 */
import { addDays, dateOnly } from '../dates.ts';
import type { Tx } from '../db.ts';
import { emitEvent } from '../events.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { SheetKind } from './format.ts';
import type { ImportPlan, Ref } from './plan.ts';

export interface SheetCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportCounts {
  classes: SheetCounts;
  staff: SheetCounts;
  subjects: SheetCounts;
  pupils: SheetCounts;
  parents: SheetCounts;
  /** Parent–child links. */
  guardians: { created: number; unchanged: number };
  load: SheetCounts;
  /** Slots: written, and ended or removed because the file replaced their class's timetable. */
  timetable: SheetCounts & { removed: number };
}

const CHUNK = 1000;
const chunked = <T>(items: T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const createInChunks = async <T>(items: T[], create: (batch: T[]) => Promise<unknown>) => {
  for (const batch of chunked(items)) await create(batch);
};

/** Draws `n` ids from a table's sequence in one query, so new rows can refer to each other before insert. */
const allocateIds = async (tx: Tx, table: string, n: number): Promise<number[]> => {
  if (n === 0) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>(
    Prisma.sql`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id FROM generate_series(1, ${n}::int)`,
  );
  return rows.map((r) => r.id);
};

const assignIds = async <T extends Ref>(tx: Tx, table: string, refs: T[]): Promise<T[]> => {
  const fresh = refs.filter((r) => r.id === null);
  const ids = await allocateIds(tx, table, fresh.length);
  fresh.forEach((r, i) => {
    r.id = ids[i] ?? null;
  });
  return fresh;
};

const idOf = (ref: Ref): number => {
  if (ref.id === null) throw new Error('import plan: reference without id');
  return ref.id;
};

type ColumnType = 'text' | 'int' | 'date' | 'language';
const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text',
  int: 'int',
  date: 'date',
  language: 'text',
};

/**
 * Updates many rows of one table with different values in one statement. Table and column names
 * come from this file, never from the upload.
 */
const bulkUpdate = async (
  tx: Tx,
  table: string,
  columns: [name: string, type: ColumnType][],
  rows: { id: number; values: (string | number | null)[] }[],
) => {
  for (const batch of chunked(rows, 5000)) {
    const ids = batch.map((r) => r.id);
    const arrays = columns.map(
      ([, type], i) =>
        Prisma.sql`${batch.map((r) => r.values[i] ?? null)}::${Prisma.raw(SQL_TYPE[type])}[]`,
    );
    const sets = columns
      .map(([name, type]) => `"${name}" = v."${name}"${type === 'language' ? '::"Language"' : ''}`)
      .join(', ');
    const names = columns.map(([name]) => `"${name}"`).join(', ');
    await tx.$executeRaw(
      Prisma.sql`UPDATE ${Prisma.raw(`"${table}"`)} AS t SET ${Prisma.raw(sets)}
        FROM unnest(${Prisma.join([Prisma.sql`${ids}::int[]`, ...arrays])}) AS v(id, ${Prisma.raw(names)})
        WHERE t.id = v.id`,
    );
  }
};

const counts = (created: number, updated: number, total: number): SheetCounts => ({
  created,
  updated,
  unchanged: total - created - updated,
});

/**
 * Class memberships over dates (R13), so journal pages keep the pupils who were in the class:
 * a new pupil is a member of their class from the import's effective day (today, or the first day
 * of the year if later); a pupil moved to another class has the open membership of the old class
 * closed the day before and a new one opened. A moved pupil with no membership rows yet (written
 * before memberships existed) first gets the old one, from the old class's year start.
 */
const writeMemberships = async (tx: Tx, plan: ImportPlan, newPupils: ImportPlan['pupils']) => {
  const from = plan.effectiveFrom;
  const moved = plan.pupils.flatMap((p) =>
    p.existing && p.existing.classGroupId !== idOf(p.final.classRef)
      ? [
          {
            pupilId: p.existing.id,
            oldClassId: p.existing.classGroupId,
            classRef: p.final.classRef,
          },
        ]
      : [],
  );
  for (const batch of chunked(moved)) {
    const ids = batch.map((m) => m.pupilId);
    const withRows = new Set(
      (
        await tx.classMembership.findMany({
          where: { pupilId: { in: ids } },
          select: { pupilId: true },
          distinct: ['pupilId'],
        })
      ).map((r) => r.pupilId),
    );
    const legacy = batch.filter((m) => !withRows.has(m.pupilId));
    if (legacy.length) {
      const starts = new Map(
        (
          await tx.classGroup.findMany({
            where: { id: { in: [...new Set(legacy.map((m) => m.oldClassId))] } },
            select: { id: true, year: { select: { startsOn: true } } },
          })
        ).map((c) => [c.id, c.year.startsOn]),
      );
      await tx.classMembership.createMany({
        data: legacy.map((m) => ({
          pupilId: m.pupilId,
          classGroupId: m.oldClassId,
          fromDate: starts.get(m.oldClassId) ?? from,
          toDate: addDays(from, -1),
        })),
      });
    }
    await tx.classMembership.updateMany({
      where: { pupilId: { in: ids }, toDate: null },
      data: { toDate: addDays(from, -1) },
    });
  }
  const opened = [
    ...newPupils.map((p) => ({ pupilId: idOf(p), classRef: p.final.classRef })),
    ...moved,
  ];
  await createInChunks(opened, (batch) =>
    tx.classMembership.createMany({
      data: batch.map((m) => ({
        pupilId: m.pupilId,
        classGroupId: idOf(m.classRef),
        fromDate: from,
      })),
    }),
  );
};

/**
 * Writes the plan. Call inside the import's transaction; `progress(sheet, rows)` is called after
 * each sheet's writes.
 */
export const applyPlan = async (
  tx: Tx,
  plan: ImportPlan,
  progress: (sheet: SheetKind, rows: number) => void,
): Promise<ImportCounts> => {
  const { schoolId, yearId } = plan;

  // Staff first: classes, load and timetable point at them.
  const newStaff = await assignIds(tx, 'app_user', plan.staff);
  await createInChunks(newStaff, (batch) =>
    tx.user.createMany({
      data: batch.map((s) => ({ id: idOf(s), schoolId, passwordHash: null, ...s.final })),
    }),
  );
  const changedStaff = plan.staff.filter((s) => s.existing && s.changed);
  await bulkUpdate(
    tx,
    'app_user',
    [
      ['login', 'text'],
      ['external_id', 'text'],
      ['last_name', 'text'],
      ['first_name', 'text'],
      ['patronymic', 'text'],
      ['phone', 'text'],
      ['language', 'language'],
    ],
    changedStaff.map((s) => ({
      id: idOf(s),
      values: [
        s.final.login,
        s.final.externalId,
        s.final.lastName,
        s.final.firstName,
        s.final.patronymic,
        s.final.phone,
        s.final.language,
      ],
    })),
  );
  const removals = plan.staff.filter((s) => s.rolesToRemove.length > 0);
  if (removals.length) {
    await tx.staffRole.deleteMany({
      where: {
        schoolId,
        OR: removals.map((s) => ({ userId: idOf(s), role: { in: s.rolesToRemove } })),
      },
    });
  }
  const additions = plan.staff.flatMap((s) =>
    s.rolesToAdd.map((role) => ({ userId: idOf(s), schoolId, role })),
  );
  await createInChunks(additions, (batch) =>
    tx.staffRole.createMany({ data: batch, skipDuplicates: true }),
  );
  const staffUpdated = plan.staff.filter(
    (s) => s.existing && (s.changed || s.rolesToAdd.length || s.rolesToRemove.length),
  ).length;
  progress('staff', plan.staff.length);

  const newSubjects = await assignIds(tx, 'subject', plan.subjects);
  await createInChunks(newSubjects, (batch) =>
    tx.subject.createMany({ data: batch.map((s) => ({ id: idOf(s), schoolId, ...s.final })) }),
  );
  const changedSubjects = plan.subjects.filter((s) => s.existing && s.changed);
  await bulkUpdate(
    tx,
    'subject',
    [
      ['name_ky', 'text'],
      ['name_ru', 'text'],
    ],
    changedSubjects.map((s) => ({ id: idOf(s), values: [s.final.nameKy, s.final.nameRu] })),
  );
  progress('subjects', plan.subjects.length);

  const newClasses = plan.classes.filter((c) => c.id === null);
  const grades = [...new Set(newClasses.map((c) => c.grade))];
  if (grades.length) {
    await tx.gradeLevel.createMany({
      data: grades.map((grade) => ({ schoolId, grade })),
      skipDuplicates: true,
    });
  }
  const gradeLevels = new Map(
    (
      await tx.gradeLevel.findMany({
        where: { schoolId, grade: { in: grades } },
        select: { id: true, grade: true },
      })
    ).map((g) => [g.grade, g.id]),
  );
  await assignIds(tx, 'class_group', newClasses);
  await createInChunks(newClasses, (batch) =>
    tx.classGroup.createMany({
      data: batch.map((c) => ({
        id: idOf(c),
        schoolId,
        yearId,
        gradeLevelId: gradeLevels.get(c.grade) ?? 0,
        letter: c.letter,
        shift: c.final.shift,
        classTeacherId: c.final.classTeacher ? idOf(c.final.classTeacher) : null,
      })),
    }),
  );
  const changedClasses = plan.classes.filter((c) => c.existing && c.changed);
  await bulkUpdate(
    tx,
    'class_group',
    [
      ['shift', 'int'],
      ['class_teacher_id', 'int'],
    ],
    changedClasses.map((c) => ({
      id: idOf(c),
      values: [c.final.shift, c.final.classTeacher ? idOf(c.final.classTeacher) : null],
    })),
  );
  progress('classes', plan.classes.length);

  const newPupils = await assignIds(tx, 'pupil', plan.pupils);
  await createInChunks(newPupils, (batch) =>
    tx.pupil.createMany({
      data: batch.map((p) => ({
        id: idOf(p),
        schoolId,
        classGroupId: idOf(p.final.classRef),
        lastName: p.final.lastName,
        firstName: p.final.firstName,
        patronymic: p.final.patronymic,
        birthDate: p.final.birthDate ? dateOnly(p.final.birthDate) : null,
        externalId: p.final.externalId,
      })),
    }),
  );
  const changedPupils = plan.pupils.filter((p) => p.existing && p.changed);
  await bulkUpdate(
    tx,
    'pupil',
    [
      ['last_name', 'text'],
      ['first_name', 'text'],
      ['patronymic', 'text'],
      ['birth_date', 'date'],
      ['external_id', 'text'],
      ['class_group_id', 'int'],
    ],
    changedPupils.map((p) => ({
      id: idOf(p),
      values: [
        p.final.lastName,
        p.final.firstName,
        p.final.patronymic,
        p.final.birthDate,
        p.final.externalId,
        idOf(p.final.classRef),
      ],
    })),
  );

  await writeMemberships(tx, plan, newPupils);

  const newParents = await assignIds(tx, 'app_user', plan.parents);
  await createInChunks(newParents, (batch) =>
    tx.user.createMany({ data: batch.map((p) => ({ id: idOf(p), schoolId, ...p.final })) }),
  );
  const changedParents = plan.parents.filter((p) => p.existing && p.changed);
  await bulkUpdate(
    tx,
    'app_user',
    [
      ['last_name', 'text'],
      ['first_name', 'text'],
      ['patronymic', 'text'],
      ['phone', 'text'],
      ['language', 'language'],
    ],
    changedParents.map((p) => ({
      id: idOf(p),
      values: [
        p.final.lastName,
        p.final.firstName,
        p.final.patronymic,
        p.final.phone,
        p.final.language,
      ],
    })),
  );
  const links = plan.guardians.filter((g) => !g.exists);
  await createInChunks(links, (batch) =>
    tx.guardian.createMany({
      // Not granted: the adult sees this child only once the code of the child's class teacher,
      // issued for this guardian, is redeemed (a sibling in another class is not reached).
      data: batch.map((g) => ({ userId: idOf(g.parent), pupilId: idOf(g.pupil), grantedAt: null })),
      skipDuplicates: true,
    }),
  );
  progress('pupils', plan.pupils.length);

  const newLoad = plan.load.filter((l) => l.id === null);
  await createInChunks(newLoad, (batch) =>
    tx.teachingAssignment.createMany({
      data: batch.map((l) => ({
        yearId,
        teacherId: idOf(l.teacher),
        subjectId: idOf(l.subject),
        classGroupId: idOf(l.classRef),
        hoursPerWeek: l.hours,
      })),
    }),
  );
  const changedLoad = plan.load.filter((l) => l.id !== null && l.existingHours !== l.hours);
  await bulkUpdate(
    tx,
    'teaching_assignment',
    [['hours_per_week', 'int']],
    changedLoad.map((l) => ({ id: idOf(l), values: [l.hours] })),
  );
  progress('load', plan.load.length);

  const timetable = { created: 0, updated: 0, unchanged: 0, removed: 0 };
  const replaced = plan.timetable.filter((t) => !t.unchanged);
  const neverInForce = replaced.flatMap((t) =>
    t.existing.filter((s) => s.validFrom >= plan.effectiveFrom).map((s) => s.id),
  );
  const toEnd = replaced.flatMap((t) =>
    t.existing.filter((s) => s.validFrom < plan.effectiveFrom).map((s) => s.id),
  );
  if (neverInForce.length)
    await tx.timetableSlot.deleteMany({ where: { id: { in: neverInForce } } });
  if (toEnd.length) {
    await tx.timetableSlot.updateMany({
      where: { id: { in: toEnd } },
      data: { validTo: addDays(plan.effectiveFrom, -1) },
    });
  }
  const slots = replaced.flatMap((t) =>
    t.slots.map((s) => ({
      classGroupId: idOf(t.classRef),
      weekday: s.weekday,
      lessonNumber: s.lessonNumber,
      subjectId: idOf(s.subject),
      teacherId: idOf(s.teacher),
      room: s.room,
      validFrom: plan.effectiveFrom,
    })),
  );
  await createInChunks(slots, (batch) => tx.timetableSlot.createMany({ data: batch }));
  for (const t of replaced) {
    if (t.existing.length > 0)
      await emitEvent(tx, 'timetable.changed', { classGroupId: idOf(t.classRef) }, schoolId);
  }
  timetable.created = slots.length;
  timetable.removed = neverInForce.length + toEnd.length;
  timetable.unchanged = plan.timetable
    .filter((t) => t.unchanged)
    .reduce((n, t) => n + t.slots.length, 0);
  progress(
    'timetable',
    plan.timetable.reduce((n, t) => n + t.slots.length, 0),
  );

  return {
    classes: counts(newClasses.length, changedClasses.length, plan.classes.length),
    staff: counts(newStaff.length, staffUpdated, plan.staff.length),
    subjects: counts(newSubjects.length, changedSubjects.length, plan.subjects.length),
    pupils: counts(newPupils.length, changedPupils.length, plan.pupils.length),
    parents: counts(newParents.length, changedParents.length, plan.parents.length),
    guardians: { created: links.length, unchanged: plan.guardians.length - links.length },
    load: counts(newLoad.length, changedLoad.length, plan.load.length),
    timetable,
  };
};
