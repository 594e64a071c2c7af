/**
 * What the diary day and week views need, written as plain SQL over node-postgres: the parent's
 * right to see the pupil (Telegram link → guardian) with the pupil's class, then, side by side,
 * the class's lessons of the range with subject and teacher names, the pupil's marks and the
 * pupil's attendance of the range. The benchmark's yardstick for the API.
 */
import type pg from 'pg';

const AUTH_AND_CLASS = `
  SELECT p.class_group_id AS "classGroupId"
  FROM telegram_link tl
  JOIN guardian g ON g.user_id = tl.user_id
  JOIN pupil p ON p.id = g.pupil_id
  WHERE tl.telegram_user_id = $1 AND tl.is_active AND g.pupil_id = $2 AND g.granted_at IS NOT NULL
  LIMIT 1`;

const LESSONS = `
  SELECT l.id, l.date, l.lesson_number AS "lessonNumber", l.subject_id AS "subjectId",
         s.name_ky AS "subjectKy", s.name_ru AS "subjectRu", l.teacher_id AS "teacherId",
         u.last_name AS "teacherLast", u.first_name AS "teacherFirst", u.patronymic AS "teacherPatronymic",
         l.topic, l.material, l.homework, l.homework_due_on AS "homeworkDueOn"
  FROM lesson l
  JOIN subject s ON s.id = l.subject_id
  JOIN app_user u ON u.id = l.teacher_id
  WHERE l.class_group_id = $1 AND l.date BETWEEN $2::date AND $3::date
  ORDER BY l.date, l.lesson_number`;

const MARKS = `
  SELECT m.id, m.lesson_id AS "lessonId", m.date, m.subject_id AS "subjectId", m.value, m.kind, m.comment
  FROM mark m
  WHERE m.pupil_id = $1 AND m.date BETWEEN $2::date AND $3::date AND m.deleted_at IS NULL`;

const ATTENDANCE = `
  SELECT a.lesson_id AS "lessonId", a.date, a.status, a.late_minutes AS "lateMinutes", a.reason
  FROM attendance a
  WHERE a.pupil_id = $1 AND a.date BETWEEN $2::date AND $3::date`;

export interface RawDiary {
  lessons: number;
  marks: number;
  attendance: number;
}

/** Reads a pupil's diary for [from, to] as a parent (Telegram user `tg`) would; null when refused. */
export const rawDiary = async (
  pool: pg.Pool,
  tg: string,
  pupilId: number,
  from: string,
  to: string,
): Promise<RawDiary | null> => {
  // Named statements: prepared once per connection, as the API's Prisma adapter does (domain/db.ts).
  const auth = await pool.query<{ classGroupId: number }>({
    name: 'auth',
    text: AUTH_AND_CLASS,
    values: [tg, pupilId],
  });
  const classGroupId = auth.rows[0]?.classGroupId;
  if (classGroupId === undefined) return null;
  const [lessons, marks, attendance] = await Promise.all([
    pool.query({ name: 'lessons', text: LESSONS, values: [classGroupId, from, to] }),
    pool.query({ name: 'marks', text: MARKS, values: [pupilId, from, to] }),
    pool.query({ name: 'attendance', text: ATTENDANCE, values: [pupilId, from, to] }),
  ]);
  return {
    lessons: lessons.rowCount ?? 0,
    marks: marks.rowCount ?? 0,
    attendance: attendance.rowCount ?? 0,
  };
};

/** Monday and Saturday of the school week containing `date` ("YYYY-MM-DD"). */
export const weekOf = (date: string): [string, string] => {
  const d = new Date(`${date}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  const saturday = new Date(monday.getTime() + 5 * 86_400_000);
  return [monday.toISOString().slice(0, 10), saturday.toISOString().slice(0, 10)];
};
