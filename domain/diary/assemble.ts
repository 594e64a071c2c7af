/**
 * Assembles diary days in memory from rows fetched once per range: the planned timetable, the
 * lessons actually entered, substitutions, and the pupil's marks and attendance.
 */
import { addDays, isoWeekday, toIsoDate } from '../dates.ts';
import {
  concernsPupil,
  groupBy,
  slotIsOn,
  slotSubject,
  slotTeacher,
  substitutionApplies,
  substitutionView,
  type Person,
  type SlotRow,
  type SubjectName,
  type SubstitutionRow,
} from '../timetable/schedule.ts';
import type { AttachmentView, AttendanceRow, LessonRow, MarkRow } from './queries.ts';
import { kyrgyzCompare } from '../collation.ts';

/**
 * How far ahead the next lesson of a subject is looked for when homework has no due date (the
 * diary's timetable slots are taken this far past the days it shows).
 */
export const DUE_LOOKAHEAD_DAYS = 21;

export interface DiaryLesson {
  lessonNumber: number;
  startsAt: string | null;
  endsAt: string | null;
  /** The journal's lesson, once the teacher has entered it; null for a lesson still only planned. */
  lessonId: number | null;
  subject: SubjectName;
  teacher: Person;
  room: string | null;
  isSubstitution: boolean;
  substitution: { absentTeacher: Person; substituteTeacher: Person } | null;
  topic: string | null;
  material: string | null;
  homework: { text: string | null; individual: string | null; dueOn: string | null } | null;
  attachments?: AttachmentView[];
  marks: { id: number; value: number; kind: MarkRow['kind']; comment: string | null }[];
  attendance: {
    status: AttendanceRow['status'];
    lateMinutes: number | null;
    reason: string | null;
  } | null;
}

export interface DiaryDay {
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  isSchoolDay: boolean;
  lessons: DiaryLesson[];
}

export interface DiaryRows {
  slots: SlotRow[];
  lessons: LessonRow[];
  substitutions: SubstitutionRow[];
  marks: MarkRow[];
  attendance: AttendanceRow[];
}

export interface DiaryFrame {
  shift: number;
  subgroupIds: readonly number[];
  isSchoolDay: (date: Date) => boolean;
  bell: (lessonNumber: number) => { startsAt: string | null; endsAt: string | null };
  withAttachments: boolean;
}

/**
 * The due date of a lesson's homework: the date the teacher set, or else the next school day on
 * which the timetable has this subject for the pupil.
 */
export const dueDateFinder = (
  slots: readonly SlotRow[],
  frame: Pick<DiaryFrame, 'subgroupIds' | 'isSchoolDay'>,
) => {
  const bySubject = groupBy(
    slots.filter((s) => concernsPupil(s.subgroupId, frame.subgroupIds)),
    (s) => s.subjectId,
  );
  return (lesson: Pick<LessonRow, 'date' | 'subjectId' | 'homeworkDueOn'>): string | null => {
    if (lesson.homeworkDueOn) return toIsoDate(lesson.homeworkDueOn);
    const candidates = bySubject.get(lesson.subjectId) ?? [];
    for (let i = 1; i <= DUE_LOOKAHEAD_DAYS; i++) {
      const day = addDays(lesson.date, i);
      if (frame.isSchoolDay(day) && candidates.some((s) => slotIsOn(s, day))) return toIsoDate(day);
    }
    return null;
  };
};

const subjectOfLesson = (l: LessonRow): SubjectName => ({
  id: l.subjectId,
  nameKy: l.subjectKy,
  nameRu: l.subjectRu,
});
const teacherOfLesson = (l: LessonRow): Person => ({
  id: l.teacherId,
  lastName: l.teacherLast,
  firstName: l.teacherFirst,
  patronymic: l.teacherPatronymic,
});

interface Draft {
  entry: DiaryLesson;
  subgroupId: number | null;
}

/**
 * Builds the days of `dates` for one pupil. Per lesson number the lessons the teacher entered win
 * over the planned slot (a swapped lesson shows what was taught); a substitution puts the
 * substitute in place of the absent teacher and is flagged; a substitution where nothing was
 * planned shows as an extra lesson.
 */
export const assembleDays = (
  dates: readonly Date[],
  rows: DiaryRows,
  frame: DiaryFrame,
): DiaryDay[] => {
  const lessonsByDate = groupBy(rows.lessons, (l) => toIsoDate(l.date));
  const subsByDate = groupBy(rows.substitutions, (x) => toIsoDate(x.date));
  const marksByLesson = groupBy(rows.marks, (m) => m.lessonId);
  const attendanceByLesson = new Map(rows.attendance.map((a) => [a.lessonId, a]));
  const dueOf = dueDateFinder(rows.slots, frame);

  const fromLesson = (l: LessonRow, planned: readonly SlotRow[]): Draft => {
    const plan =
      planned.find((s) => s.subjectId === l.subjectId) ??
      (planned.length === 1 ? planned[0] : undefined);
    const attendance = attendanceByLesson.get(l.id);
    const hasHomework = l.homework !== null || l.individualHomework !== null;
    return {
      subgroupId: l.subgroupId,
      entry: {
        lessonNumber: l.lessonNumber,
        ...frame.bell(l.lessonNumber),
        lessonId: l.id,
        subject: subjectOfLesson(l),
        teacher: teacherOfLesson(l),
        room: plan?.room ?? null,
        isSubstitution: false,
        substitution: null,
        topic: l.topic,
        material: l.material,
        homework: hasHomework
          ? { text: l.homework, individual: l.individualHomework, dueOn: dueOf(l) }
          : null,
        ...(frame.withAttachments ? { attachments: l.attachments } : {}),
        marks: (marksByLesson.get(l.id) ?? []).map((m) => ({
          id: m.id,
          value: m.value,
          kind: m.kind,
          comment: m.comment,
        })),
        attendance: attendance
          ? {
              status: attendance.status,
              lateMinutes: attendance.lateMinutes,
              reason: attendance.reason,
            }
          : null,
      },
    };
  };

  const fromSlot = (s: SlotRow): Draft => ({
    subgroupId: s.subgroupId,
    entry: {
      lessonNumber: s.lessonNumber,
      ...frame.bell(s.lessonNumber),
      lessonId: null,
      subject: slotSubject(s),
      teacher: slotTeacher(s),
      room: s.room,
      isSubstitution: false,
      substitution: null,
      topic: null,
      material: null,
      homework: null,
      ...(frame.withAttachments ? { attachments: [] } : {}),
      marks: [],
      attendance: null,
    },
  });

  const withSubstitution = (draft: Draft, x: SubstitutionRow): Draft => {
    const view = substitutionView(x);
    return {
      ...draft,
      entry: {
        ...draft.entry,
        subject: draft.entry.lessonId === null ? view.subject : draft.entry.subject,
        teacher: view.substituteTeacher,
        room: x.room ?? draft.entry.room,
        isSubstitution: true,
        substitution: {
          absentTeacher: view.absentTeacher,
          substituteTeacher: view.substituteTeacher,
        },
      },
    };
  };

  return dates.map((date) => {
    const iso = toIsoDate(date);
    const isSchoolDay = frame.isSchoolDay(date);
    const marked = (id: number) => marksByLesson.has(id) || attendanceByLesson.has(id);
    const actual = (lessonsByDate.get(iso) ?? []).filter(
      (l) => concernsPupil(l.subgroupId, frame.subgroupIds) || marked(l.id),
    );
    const planned = isSchoolDay
      ? rows.slots.filter(
          (s) => slotIsOn(s, date) && concernsPupil(s.subgroupId, frame.subgroupIds),
        )
      : [];
    const subs = subsByDate.get(iso) ?? [];
    const numbers = [
      ...new Set([
        ...actual.map((l) => l.lessonNumber),
        ...planned.map((s) => s.lessonNumber),
        ...subs.map((x) => x.lessonNumber),
      ]),
    ].sort((a, b) => a - b);

    const lessons = numbers.flatMap((n) => {
      const plansAt = planned.filter((s) => s.lessonNumber === n);
      const actsAt = actual.filter((l) => l.lessonNumber === n);
      let drafts =
        actsAt.length > 0 ? actsAt.map((l) => fromLesson(l, plansAt)) : plansAt.map(fromSlot);
      const sub = subs.find((x) => x.lessonNumber === n);
      if (sub) {
        drafts =
          drafts.length === 0
            ? [withSubstitution(fromSlot(substitutionAsSlot(sub)), sub)]
            : drafts.map((d) =>
                substitutionApplies(
                  sub,
                  { teacherId: d.entry.teacher.id, subgroupId: d.subgroupId },
                  drafts.length,
                )
                  ? withSubstitution(d, sub)
                  : d,
              );
      }
      return drafts
        .map((d) => d.entry)
        .sort((a, b) => kyrgyzCompare(a.subject.nameKy, b.subject.nameKy));
    });
    return { date: iso, weekday: isoWeekday(date), isSchoolDay, lessons };
  });
};

/** A substitution with nothing planned at its hour, shaped as a slot so it renders like one. */
const substitutionAsSlot = (x: SubstitutionRow): SlotRow => ({
  id: 0,
  classGroupId: x.classGroupId,
  subgroupId: null,
  subgroupName: null,
  weekday: isoWeekday(x.date),
  lessonNumber: x.lessonNumber,
  subjectId: x.subjectId,
  subjectKy: x.subjectKy,
  subjectRu: x.subjectRu,
  teacherId: x.absentId,
  teacherLast: x.absentLast,
  teacherFirst: x.absentFirst,
  teacherPatronymic: x.absentPatronymic,
  room: x.room,
  validFrom: x.date,
  validTo: x.date,
});
