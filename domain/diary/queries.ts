/**
 * The diary's row types, and the lessons read of the homework list (one indexed query for a whole
 * date range, with the names it shows joined in). The day and week views read the same rows in
 * one positional statement (diary-days.ts) and assemble days in memory (no query per lesson).
 */
import type { SqlReader } from '../db.ts';
import { toIsoDate } from '../dates.ts';
import type { AttachmentTarget, AttendanceStatus, MarkKind } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';

export interface AttachmentView {
  id: number;
  target: AttachmentTarget;
  fileName: string;
  mimeType: string;
  size: number;
}

export interface LessonRow {
  id: number;
  date: Date;
  lessonNumber: number;
  subgroupId: number | null;
  subjectId: number;
  subjectKy: string;
  subjectRu: string;
  teacherId: number;
  teacherLast: string;
  teacherFirst: string;
  teacherPatronymic: string | null;
  topic: string | null;
  material: string | null;
  homework: string | null;
  homeworkDueOn: Date | null;
  individualHomework: string | null;
  attachments: AttachmentView[];
}

export interface MarkRow {
  id: number;
  lessonId: number;
  date: Date;
  subjectId: number;
  value: number;
  kind: MarkKind;
  comment: string | null;
}

export interface AttendanceRow {
  lessonId: number;
  date: Date;
  status: AttendanceStatus;
  lateMinutes: number | null;
  reason: string | null;
}

const ATTACHMENTS = (targets: 'all' | 'homework' | 'none') =>
  targets === 'none'
    ? Prisma.sql`'[]'::json`
    : Prisma.sql`COALESCE((
        SELECT json_agg(json_build_object('id', a.id, 'target', a.target, 'fileName', a.file_name,
                                          'mimeType', a.mime_type, 'size', a.size) ORDER BY a.id)
        FROM attachment a
        WHERE a.lesson_id = l.id ${targets === 'homework' ? Prisma.sql`AND a.target = 'HOMEWORK'` : Prisma.empty}
      ), '[]'::json)`;

/**
 * Lessons of a class on [from, to] with subject, teacher, the pupil's individual homework and
 * (optionally) attachments. Uses lesson(class_group_id, date).
 */
export const lessonsSql = (args: {
  classGroupId: number;
  pupilId: number;
  from: Date;
  to: Date;
  attachments: 'all' | 'homework' | 'none';
  /** Only lessons that carry homework (general or the pupil's own). */
  withHomeworkOnly?: boolean;
}) =>
  Prisma.sql`
    SELECT l.id, l.date, l.lesson_number AS "lessonNumber", l.subgroup_id AS "subgroupId",
           l.subject_id AS "subjectId", s.name_ky AS "subjectKy", s.name_ru AS "subjectRu",
           l.teacher_id AS "teacherId", u.last_name AS "teacherLast", u.first_name AS "teacherFirst",
           u.patronymic AS "teacherPatronymic", l.topic, l.material, l.homework,
           l.homework_due_on AS "homeworkDueOn", ih.text AS "individualHomework",
           ${ATTACHMENTS(args.attachments)} AS attachments
    FROM lesson l
    JOIN subject s ON s.id = l.subject_id
    JOIN app_user u ON u.id = l.teacher_id
    LEFT JOIN individual_homework ih ON ih.lesson_id = l.id AND ih.pupil_id = ${args.pupilId}
    WHERE l.class_group_id = ${args.classGroupId}
      AND l.date BETWEEN ${toIsoDate(args.from)}::date AND ${toIsoDate(args.to)}::date
      ${args.withHomeworkOnly ? Prisma.sql`AND (l.homework IS NOT NULL OR ih.id IS NOT NULL)` : Prisma.empty}`;

export const loadLessons = (db: SqlReader, args: Parameters<typeof lessonsSql>[0]) =>
  db.$queryRaw<LessonRow[]>(lessonsSql(args));
