import { requireUser, type Actor, type UserActor } from '../actor.ts';
import type { SqlReader } from '../db.ts';
import { notFound } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { assertCanReadPupilDiary } from '../policies/index.ts';
import type { TermSpan } from '../timetable/calendar.ts';
import { classLabel } from '../timetable/calendar.ts';

export interface PupilContextRow {
  id: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  schoolId: number;
  classGroupId: number;
  letter: string;
  shift: number;
  yearId: number;
  grade: number;
  timeZone: string;
  subgroupIds: number[];
  bells: { number: number; startsAt: string; endsAt: string }[];
  terms: TermSpan[];
}

const PUPIL_FROM = Prisma.sql`
    FROM pupil p
    JOIN class_group cg ON cg.id = p.class_group_id
    JOIN grade_level gl ON gl.id = cg.grade_level_id
    JOIN school sc ON sc.id = p.school_id`;

const PUPIL_COLUMNS = Prisma.sql`
           p.id, p.last_name AS "lastName", p.first_name AS "firstName", p.patronymic,
           p.school_id AS "schoolId", p.class_group_id AS "classGroupId", cg.letter, cg.shift,
           cg.year_id AS "yearId", gl.grade, sc.time_zone AS "timeZone",
           ARRAY(SELECT sm.subgroup_id FROM subgroup sg
                 JOIN subgroup_member sm ON sm.subgroup_id = sg.id AND sm.pupil_id = p.id
                 WHERE sg.class_group_id = p.class_group_id) AS "subgroupIds"`;

/**
 * Everything a diary view needs to know about a pupil before it reads their diary, in one query:
 * their class, shift and grade, the school's time zone, their subgroups, the bell schedule of
 * their shift and the terms of their school year.
 */
export const pupilContextSql = (pupilId: number) => Prisma.sql`
    SELECT ${PUPIL_COLUMNS},
           COALESCE((SELECT json_agg(json_build_object('number', b.number, 'startsAt', b.starts_at,
                                                       'endsAt', b.ends_at))
                     FROM bell_slot b WHERE b.school_id = p.school_id AND b.shift = cg.shift), '[]'::json) AS bells,
           COALESCE((SELECT json_agg(json_build_object('kind', t.kind, 'startsOn', t.starts_on,
                                                       'endsOn', t.ends_on))
                     FROM term t WHERE t.year_id = cg.year_id), '[]'::json) AS terms
    ${PUPIL_FROM}
    WHERE p.id = ${pupilId}`;

/** The pupil's context without bells and terms, with the version of the school's directory. */
export type PupilCoreRow = Omit<PupilContextRow, 'bells' | 'terms'> & { directoryVersion: number };

/** `pupilContextSql` for a reader that takes bells and terms from the directory (directory.ts). */
export const pupilCoreSql = (pupilId: number) => Prisma.sql`
    SELECT ${PUPIL_COLUMNS},
           COALESCE((SELECT d.version FROM school_directory d WHERE d.school_id = p.school_id), 0)
             AS "directoryVersion"
    ${PUPIL_FROM}
    WHERE p.id = ${pupilId}`;

const loadPupilContext = async (db: SqlReader, pupilId: number) => {
  const rows = await db.$queryRaw<PupilContextRow[]>(pupilContextSql(pupilId));
  return rows[0] ?? null;
};

export type PupilContext = PupilContextRow & { className: string; user: UserActor };

/**
 * Loads a pupil's diary context and checks the actor may read this pupil's diary: a parent their
 * children, a pupil themself, the class teacher and school-wide staff — not a subject teacher,
 * who sees their own subject in the class journal (R2, R5).
 * @throws DomainError UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const getPupilForRead = async (
  db: SqlReader,
  actor: Actor,
  pupilId: number,
): Promise<PupilContext> => {
  requireUser(actor);
  return checkPupilForRead(actor, await loadPupilContext(db, pupilId));
};

/**
 * The access decision of `getPupilForRead` on a context already read (null: no such pupil).
 * @throws DomainError UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const checkPupilForRead = <R extends Omit<PupilContextRow, 'bells' | 'terms'>>(
  actor: Actor,
  pupil: R | null,
): R & { className: string; user: UserActor } => {
  if (!pupil) throw notFound('pupil');
  const user = assertCanReadPupilDiary(actor, {
    id: pupil.id,
    schoolId: pupil.schoolId,
    classGroupId: pupil.classGroupId,
  });
  return { ...pupil, className: classLabel(pupil.grade, pupil.letter), user };
};

/** The pupil as a diary view names them. */
export const pupilSummary = (p: PupilContext) => ({
  id: p.id,
  lastName: p.lastName,
  firstName: p.firstName,
  patronymic: p.patronymic,
  classGroupId: p.classGroupId,
  className: p.className,
});
