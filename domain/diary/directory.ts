/**
 * What a diary shows of a school that only its administrators change: subject names, the names
 * of its staff, its bells and terms, and each class's timetable. Read afresh, these were about
 * half of the diary statement's work on every request (`npm run bench:api`), so each process
 * keeps them in memory.
 *
 * Never stale: triggers bump `school_directory.version` in the same transaction as any change to
 * those rows (migration `school_directory_version`), and the diary statement reads the version
 * beside the marks, in the same snapshot. A copy is used only when its version is that one;
 * otherwise the directory is read again, whole, in one statement of its own.
 */
import { LRUCache } from 'lru-cache';
import {
  positional,
  statementTemplate,
  togetherSql,
  type DirectReader,
  type Together,
} from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { TermSpan } from '../timetable/calendar.ts';
import { groupBy } from '../timetable/schedule.ts';

export type Names = [last: string, first: string, patronymic: string | null];

export interface SchoolDirectory {
  version: number;
  subjects: ReadonlyMap<number, [ky: string, ru: string]>;
  /** The names of everyone holding a staff role at the school. */
  staff: ReadonlyMap<number, Names>;
  bells: readonly { shift: number; number: number; startsAt: string; endsAt: string }[];
  /** Terms by academic year. */
  terms: ReadonlyMap<number, TermSpan[]>;
}

/**
 * A class's timetable slots of every validity, as positional rows: id, subgroup, weekday, lesson
 * number, subject, teacher, room, valid from, valid to ("YYYY-MM-DD" or null).
 */
export type SlotTuple = [
  number,
  number | null,
  number,
  number,
  number,
  number,
  string | null,
  string,
  string | null,
];

interface ClassSlots {
  version: number;
  slots: readonly SlotTuple[];
}

export interface DirectoryCacheOptions {
  /** Schools kept at most (default 2,000). */
  maxSchools?: number;
  /** Classes' timetables kept at most (default 20,000, about 40 slots each). */
  maxClasses?: number;
}

export const createDirectoryCache = ({
  maxSchools = 2_000,
  maxClasses = 20_000,
}: DirectoryCacheOptions = {}) => ({
  schools: new LRUCache<number, SchoolDirectory>({ max: maxSchools }),
  classes: new LRUCache<number, ClassSlots>({ max: maxClasses }),
});

export type DirectoryCache = ReturnType<typeof createDirectoryCache>;

const directoryQueries = (hole: (name: 'schoolId' | 'classGroupId') => never) => {
  const schoolId = hole('schoolId');
  return {
    version: Prisma.sql`
      SELECT COALESCE((SELECT d.version FROM school_directory d WHERE d.school_id = ${schoolId}), 0) AS v`,
    subjects: positional(Prisma.sql`
      SELECT json_build_array(s.id, s.name_ky, s.name_ru) AS r
      FROM subject s WHERE s.school_id = ${schoolId}`),
    staff: positional(Prisma.sql`
      SELECT json_build_array(u.id, u.last_name, u.first_name, u.patronymic) AS r
      FROM app_user u
      WHERE u.id IN (SELECT sr.user_id FROM staff_role sr WHERE sr.school_id = ${schoolId})`),
    bells: positional(Prisma.sql`
      SELECT json_build_array(b.shift, b.number, b.starts_at, b.ends_at) AS r
      FROM bell_slot b WHERE b.school_id = ${schoolId}`),
    terms: positional(Prisma.sql`
      SELECT json_build_array(t.year_id, t.kind, t.starts_on, t.ends_on) AS r
      FROM term t JOIN academic_year y ON y.id = t.year_id WHERE y.school_id = ${schoolId}`),
    slots: positional(Prisma.sql`
      SELECT json_build_array(ts.id, ts.subgroup_id, ts.weekday, ts.lesson_number, ts.subject_id,
                              ts.teacher_id, ts.room, ts.valid_from, ts.valid_to) AS r
      FROM timetable_slot ts WHERE ts.class_group_id = ${hole('classGroupId')}`),
  };
};

const directoryStatement = statementTemplate<'schoolId' | 'classGroupId'>((hole) =>
  togetherSql(directoryQueries(hole)),
);

const namesStatement = statementTemplate<'ids'>(
  (hole) => Prisma.sql`
    SELECT u.id, u.last_name AS last, u.first_name AS first, u.patronymic
    FROM app_user u WHERE u.id = ANY(${hole('ids')}::int[])`,
);

/**
 * The school's directory and the class's timetable as of `version` (the version the diary
 * statement read): from memory when both are of that version, else read again together — so
 * what one diary shows comes from one snapshot. A newer version than asked is used and kept.
 */
export const schoolDirectory = async (
  deps: { reader: DirectReader; directories?: DirectoryCache },
  schoolId: number,
  classGroupId: number,
  version: number,
): Promise<{ directory: SchoolDirectory; slots: readonly SlotTuple[] }> => {
  const cache = deps.directories;
  const directory = cache?.schools.get(schoolId);
  const cls = cache?.classes.get(classGroupId);
  if (directory?.version === version && cls?.version === version)
    return { directory, slots: cls.slots };
  const [row] = await deps.reader.run<Together<ReturnType<typeof directoryQueries>>>(
    directoryStatement({ schoolId, classGroupId }),
  );
  if (!row) throw new Error('the directory statement returned no row');
  const read: SchoolDirectory = {
    version: (row.version[0]?.v as number | undefined) ?? version,
    subjects: new Map(
      (row.subjects as [number, string, string][]).map(([id, ky, ru]) => [id, [ky, ru]]),
    ),
    staff: new Map(
      (row.staff as [number, ...Names][]).map(([id, last, first, patronymic]) => [
        id,
        [last, first, patronymic],
      ]),
    ),
    bells: (row.bells as [number, number, string, string][]).map(
      ([shift, number, startsAt, endsAt]) => ({ shift, number, startsAt, endsAt }),
    ),
    terms: groupBy(
      (row.terms as [number, TermSpan['kind'], string, string][]).map(
        ([yearId, kind, startsOn, endsOn]) => ({ yearId, kind, startsOn, endsOn }),
      ),
      (term) => term.yearId,
    ),
  };
  const slots = row.slots as SlotTuple[];
  cache?.schools.set(schoolId, read);
  cache?.classes.set(classGroupId, { version: read.version, slots });
  return { directory: read, slots };
};

/**
 * Names of people the directory does not hold (a teacher no longer on the school's staff, in
 * lessons they gave): read each time, never kept, since no trigger follows them.
 */
export const namesOf = async (
  deps: { reader: DirectReader },
  ids: readonly number[],
): Promise<Map<number, Names>> => {
  if (ids.length === 0) return new Map();
  const rows = await deps.reader.run<{
    id: number;
    last: string;
    first: string;
    patronymic: string | null;
  }>(namesStatement({ ids }));
  return new Map(rows.map((r) => [r.id, [r.last, r.first, r.patronymic]]));
};
