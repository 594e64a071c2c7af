import type { DbOrTx } from '../db.ts';
import { notFound } from '../errors.ts';
import { classLabel, type TermSpan } from './calendar.ts';
import type { Bell } from './schedule.ts';

interface ClassContextRow {
  id: number;
  schoolId: number;
  yearId: number;
  letter: string;
  shift: number;
  grade: number;
  timeZone: string;
  bells: Bell[];
  terms: TermSpan[];
  yearStartsOn: Date;
  yearEndsOn: Date;
}

/**
 * A class with what timetable views and checks need, in one query: school, year and its dates,
 * grade, shift, the school's time zone, the bells of the class's shift and the year's terms.
 * @throws DomainError NOT_FOUND
 */
export const loadClassContext = async (db: DbOrTx, classGroupId: number) => {
  const rows = await db.$queryRaw<ClassContextRow[]>`
    SELECT cg.id, cg.school_id AS "schoolId", cg.year_id AS "yearId", cg.letter, cg.shift, gl.grade,
           sc.time_zone AS "timeZone", y.starts_on AS "yearStartsOn", y.ends_on AS "yearEndsOn",
           COALESCE((SELECT json_agg(json_build_object('shift', b.shift, 'number', b.number,
                                                       'startsAt', b.starts_at, 'endsAt', b.ends_at))
                     FROM bell_slot b WHERE b.school_id = cg.school_id AND b.shift = cg.shift), '[]'::json) AS bells,
           COALESCE((SELECT json_agg(json_build_object('kind', t.kind, 'startsOn', t.starts_on,
                                                       'endsOn', t.ends_on))
                     FROM term t WHERE t.year_id = cg.year_id), '[]'::json) AS terms
    FROM class_group cg
    JOIN grade_level gl ON gl.id = cg.grade_level_id
    JOIN school sc ON sc.id = cg.school_id
    JOIN academic_year y ON y.id = cg.year_id
    WHERE cg.id = ${classGroupId}`;
  const row = rows[0];
  if (!row) throw notFound('class');
  return { ...row, name: classLabel(row.grade, row.letter) };
};
export type ClassContext = Awaited<ReturnType<typeof loadClassContext>>;
