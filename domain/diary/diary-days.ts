import {
  actorSql,
  requireUser,
  toActor,
  type Actor,
  type ActorCredential,
  type ActorRow,
  type UserActor,
} from '../actor.ts';
import { positional, statementTemplate, togetherSql, type Together } from '../db.ts';
import { addDays, dateOnly, SCHOOL_TIME_ZONE, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { schoolDays } from '../timetable/calendar.ts';
import type { AttachmentTarget, AttendanceStatus, MarkKind } from '../generated/prisma/enums.ts';
import type { SlotRow, SubstitutionRow } from '../timetable/schedule.ts';
import { assembleDays, DUE_LOOKAHEAD_DAYS, type DiaryDay, type DiaryRows } from './assemble.ts';
import { checkPupilForRead, pupilCoreSql, type PupilContext, type PupilCoreRow } from './policy.ts';
import {
  namesOf,
  schoolDirectory,
  type Names,
  type SchoolDirectory,
  type SlotTuple,
} from './directory.ts';
import type { AttendanceRow, LessonRow, MarkRow } from './queries.ts';

/**
 * The rows of a pupil's diary over [from, to] that change every day, as one statement's columns:
 * lessons, the pupil's own homework, files, substitutions, marks and attendance. The rows carry
 * subject and teacher ids and travel positionally (see `positional`); the names, the timetable,
 * bells and terms come from the school's directory (directory.ts).
 */
const diaryRowsSql = (
  pupilId: number,
  classGroupId: Prisma.Sql,
  range: { first: string; last: string },
  withAttachments: boolean,
) => {
  const first = Prisma.sql`${range.first}::date`;
  const last = Prisma.sql`${range.last}::date`;
  return {
    lessons: positional(Prisma.sql`
      SELECT json_build_array(l.id, l.date, l.lesson_number, l.subgroup_id, l.subject_id,
                              l.teacher_id, l.topic, l.material, l.homework, l.homework_due_on) AS r
      FROM lesson l WHERE l.class_group_id = ${classGroupId} AND l.date BETWEEN ${first} AND ${last}`),
    // The pupil's own homework and the lessons' files each come as one scan of their own: joined
    // to every lesson row they were one probe per lesson, most of the week's lesson cost.
    individual: positional(Prisma.sql`
      SELECT json_build_array(ih.lesson_id, ih.text) AS r
      FROM individual_homework ih JOIN lesson l ON l.id = ih.lesson_id
      WHERE ih.pupil_id = ${pupilId} AND l.class_group_id = ${classGroupId}
        AND l.date BETWEEN ${first} AND ${last}`),
    attachments: withAttachments
      ? positional(Prisma.sql`
          SELECT json_build_array(a.lesson_id, a.id, a.target, a.file_name, a.mime_type, a.size) AS r
          FROM attachment a JOIN lesson l ON l.id = a.lesson_id
          WHERE l.class_group_id = ${classGroupId} AND l.date BETWEEN ${first} AND ${last}
          ORDER BY a.id`)
      : undefined,
    substitutions: positional(Prisma.sql`
      SELECT json_build_array(x.id, x.date, x.lesson_number, x.subject_id, x.absent_teacher_id,
                              x.substitute_teacher_id, x.room, x.reason) AS r
      FROM substitution x
      WHERE x.class_group_id = ${classGroupId} AND x.date BETWEEN ${first} AND ${last}`),
    marks: positional(Prisma.sql`
      SELECT json_build_array(m.id, m.lesson_id, m.date, m.subject_id, m.value, m.kind, m.comment) AS r
      FROM mark m
      WHERE m.pupil_id = ${pupilId} AND m.date BETWEEN ${first} AND ${last} AND m.deleted_at IS NULL
      ORDER BY m.id`),
    attendance: positional(Prisma.sql`
      SELECT json_build_array(a.lesson_id, a.date, a.status, a.late_minutes, a.reason) AS r
      FROM attendance a
      WHERE a.pupil_id = ${pupilId} AND a.date BETWEEN ${first} AND ${last}`),
  };
};

type Positionals = Together<ReturnType<typeof diaryRowsSql>>;

/** What a diary statement leaves open for each run (see `statementTemplate`). */
type DiaryHole = 'pupilId' | 'first' | 'last' | 'now' | 'userId' | 'telegramUserId' | 'sessionId';

/**
 * The diary's statement: the actor read afresh, the pupil's context with the version of their
 * school's directory, and the day's rows.
 */
const diaryQueries = (
  hole: (name: DiaryHole) => never,
  credential: ActorCredential | undefined,
  withAttachments: boolean,
) => {
  const pupilId = hole('pupilId');
  // The credential's shape, with its values left open.
  const claim: ActorCredential | undefined = !credential
    ? undefined
    : credential.kind === 'session'
      ? { kind: 'session', sessionId: hole('sessionId') }
      : {
          kind: 'telegram',
          telegramUserId: hole('telegramUserId'),
          ...(credential.userId === undefined ? {} : { userId: hole('userId') }),
        };
  return {
    actor: actorSql(claim, hole('userId'), hole('now')),
    pupil: pupilCoreSql(pupilId),
    ...diaryRowsSql(
      pupilId,
      Prisma.sql`(SELECT p.class_group_id FROM pupil p WHERE p.id = ${pupilId})`,
      { first: hole('first'), last: hole('last') },
      withAttachments,
    ),
  };
};

/** The diary statement of each shape (credential kind, a chosen link, files or not), built once. */
const diaryStatements = new Map<string, ReturnType<typeof statementTemplate<DiaryHole>>>();
const diaryStatement = (credential: ActorCredential | undefined, withAttachments: boolean) => {
  const shape = `${credential?.kind ?? 'user'}:${credential?.kind === 'telegram' && credential.userId !== undefined}:${withAttachments}`;
  let statement = diaryStatements.get(shape);
  if (!statement) {
    statement = statementTemplate<DiaryHole>((hole) =>
      togetherSql(diaryQueries(hole, credential, withAttachments)),
    );
    diaryStatements.set(shape, statement);
  }
  return statement;
};

/** A "YYYY-MM-DD" of a JSON row as a Date at UTC midnight, as Prisma returns DATE columns. */
const day = (value: unknown) => dateOnly(value as string);
const dayOrNull = (value: unknown) => (value === null ? null : day(value));

/**
 * Turns the statement's positional rows and the class's timetable back into the rows
 * `assembleDays` reads, with the names of the subjects and teachers put in from the directory
 * (the same strings, not copies) or, for people no longer on the staff, from `others`.
 */
const decodeRows = (
  rows: Positionals,
  classGroupId: number,
  directory: SchoolDirectory,
  slots: readonly SlotTuple[],
  others: ReadonlyMap<number, Names>,
): DiaryRows => {
  const individual = new Map(rows.individual as [number, string][]);
  const attachments = new Map<number, LessonRow['attachments']>();
  for (const [lessonId, id, target, fileName, mimeType, size] of (rows.attachments ?? []) as [
    number,
    number,
    AttachmentTarget,
    string,
    string,
    number,
  ][]) {
    const list = attachments.get(lessonId) ?? [];
    if (list.length === 0) attachments.set(lessonId, list);
    list.push({ id, target, fileName, mimeType, size });
  }
  const subject = (id: unknown) => directory.subjects.get(id as number) ?? ['', ''];
  const teacher = (id: unknown) =>
    directory.staff.get(id as number) ?? others.get(id as number) ?? ['', '', null];
  /** The subject and teacher columns a slot and a lesson row both carry. */
  const named = (subjectId: unknown, teacherId: unknown) => {
    const [subjectKy, subjectRu] = subject(subjectId);
    const [teacherLast, teacherFirst, teacherPatronymic] = teacher(teacherId);
    return {
      subjectId: subjectId as number,
      subjectKy,
      subjectRu,
      teacherId: teacherId as number,
      teacherLast,
      teacherFirst,
      teacherPatronymic,
    };
  };
  return {
    slots: slots.map((r): SlotRow => ({
      id: r[0],
      classGroupId,
      subgroupId: r[1],
      subgroupName: null,
      weekday: r[2],
      lessonNumber: r[3],
      ...named(r[4], r[5]),
      room: r[6],
      validFrom: day(r[7]),
      validTo: dayOrNull(r[8]),
    })),
    lessons: rows.lessons.map((r): LessonRow => {
      const id = r[0] as number;
      return {
        id,
        date: day(r[1]),
        lessonNumber: r[2] as number,
        subgroupId: r[3] as number | null,
        ...named(r[4], r[5]),
        topic: r[6] as string | null,
        material: r[7] as string | null,
        homework: r[8] as string | null,
        homeworkDueOn: dayOrNull(r[9]),
        individualHomework: individual.get(id) ?? null,
        attachments: attachments.get(id) ?? [],
      };
    }),
    substitutions: rows.substitutions.map((r): SubstitutionRow => {
      const [ky, ru] = subject(r[3]);
      const [absentLast, absentFirst, absentPatronymic] = teacher(r[4]);
      const [substituteLast, substituteFirst, substitutePatronymic] = teacher(r[5]);
      return {
        id: r[0] as number,
        classGroupId,
        date: day(r[1]),
        lessonNumber: r[2] as number,
        subjectId: r[3] as number,
        subjectKy: ky,
        subjectRu: ru,
        absentId: r[4] as number,
        absentLast,
        absentFirst,
        absentPatronymic,
        substituteId: r[5] as number,
        substituteLast,
        substituteFirst,
        substitutePatronymic,
        room: r[6] as string | null,
        reason: r[7] as string | null,
      };
    }),
    marks: rows.marks.map((r): MarkRow => ({
      id: r[0] as number,
      lessonId: r[1] as number,
      date: day(r[2]),
      subjectId: r[3] as number,
      value: r[4] as number,
      kind: r[5] as MarkKind,
      comment: r[6] as string | null,
    })),
    attendance: rows.attendance.map((r): AttendanceRow => ({
      lessonId: r[0] as number,
      date: day(r[1]),
      status: r[2] as AttendanceStatus,
      lateMinutes: r[3] as number | null,
      reason: r[4] as string | null,
    })),
  };
};

const assemble = (
  pupil: PupilContext,
  dates: readonly Date[],
  rows: DiaryRows,
  withAttachments: boolean,
): DiaryDay[] => {
  const bells = new Map(pupil.bells.map((b) => [b.number, b]));
  return assembleDays(dates, rows, {
    shift: pupil.shift,
    subgroupIds: pupil.subgroupIds,
    isSchoolDay: schoolDays(pupil.terms),
    bell: (n) => ({
      startsAt: bells.get(n)?.startsAt ?? null,
      endsAt: bells.get(n)?.endsAt ?? null,
    }),
    withAttachments,
  });
};

/** Teachers the rows name whom the directory does not know (no longer on the school's staff). */
const unknownTeachers = (
  rows: Positionals,
  slots: readonly SlotTuple[],
  directory: SchoolDirectory,
) => {
  const ids = new Set<number>();
  const want = (id: unknown) => {
    if (!directory.staff.has(id as number)) ids.add(id as number);
  };
  for (const s of slots) want(s[5]);
  for (const l of rows.lessons) want(l[5]);
  for (const x of rows.substitutions) {
    want(x[4]);
    want(x[5]);
  }
  return [...ids];
};

const sameAccess = (a: UserActor, b: UserActor) =>
  JSON.stringify([a.userId, a.schoolId, a.language, a.roles, a.childIds, a.pupilId]) ===
    JSON.stringify([b.userId, b.schoolId, b.language, b.roles, b.childIds, b.pupilId]) &&
  JSON.stringify([a.classTeacherOf, a.teaches]) === JSON.stringify([b.classTeacherOf, b.teaches]);

/**
 * A pupil's diary days in ONE database round trip: the actor read afresh from what it presented
 * (its Telegram link or session, see `actorSql`), the pupil's context and the diary rows come
 * back from a single statement, and access is decided on that fresh actor before anything is
 * used. So neither an actor the API remembered (actor-cache.ts) nor a bare claim
 * (`claimedActor`, the fast path's when nothing is remembered) is trusted: an unlink, a closed
 * session or a deactivation refuses the very next request, in any process.
 *
 * The school's subjects, staff names, bells, terms and the class's timetable come from the
 * process's copy of the directory of the version that statement read (directory.ts); a second
 * statement reads them only when that copy is missing or older.
 *
 * `datesFor` gives the wanted days from the school's time zone (for "today"); the first try
 * assumes the usual time zone and a pupil of a school elsewhere costs a second statement.
 * @throws DomainError UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const readPupilDiary = async (
  deps: DomainDeps,
  actor: Actor,
  pupilId: number,
  datesFor: (timeZone: string) => Date[],
  options: { withAttachments: boolean },
): Promise<{ pupil: PupilContext; days: DiaryDay[] }> => {
  const claimed = requireUser(actor);
  const credential = claimed.credential;
  const statement = diaryStatement(credential, options.withAttachments);
  let dates = datesFor(SCHOOL_TIME_ZONE);
  for (;;) {
    const from = dates[0];
    const to = dates[dates.length - 1];
    if (!from || !to) throw new Error('no dates to read');
    const [rows] = await deps.reader.run<Together<ReturnType<typeof diaryQueries>>>(
      statement({
        pupilId,
        first: toIsoDate(from),
        last: toIsoDate(to),
        now: deps.now(),
        userId: credential?.kind === 'telegram' ? credential.userId : claimed.userId,
        telegramUserId: credential?.kind === 'telegram' ? credential.telegramUserId : undefined,
        sessionId: credential?.kind === 'session' ? credential.sessionId : undefined,
      }),
    );
    if (!rows) throw new Error('the diary statement returned no row');
    const row = rows.actor[0] as ActorRow | undefined;
    const fresh = row ? toActor(row, claimed.credential) : null;
    // What the statement read is what this credential acts as now: remembered in place of a claim
    // or of a remembered actor that changed, forgotten when it no longer acts as anyone.
    if (claimed.credential && !fresh) deps.actors?.drop(claimed.credential);
    else if (fresh && claimed.credential && !sameAccess(fresh, claimed)) deps.actors?.set(fresh);
    if (!fresh) throw new DomainError('UNAUTHENTICATED', 'sign-in required');
    const core = checkPupilForRead(fresh, (rows.pupil[0] as PupilCoreRow | undefined) ?? null);
    const wanted = datesFor(core.timeZone);
    if (toIsoDate(wanted[0] as Date) !== toIsoDate(from)) {
      dates = wanted;
      continue;
    }
    const { directory, slots } = await schoolDirectory(
      deps,
      core.schoolId,
      core.classGroupId,
      core.directoryVersion,
    );
    const first = toIsoDate(from);
    const dueUntil = toIsoDate(addDays(to, DUE_LOOKAHEAD_DAYS));
    // Slots valid at some point from the first day to the last a homework may fall due on.
    const current = slots.filter((s) => s[7] <= dueUntil && (s[8] === null || s[8] >= first));
    const pupil: PupilContext = {
      ...core,
      bells: directory.bells.filter((b) => b.shift === core.shift),
      terms: directory.terms.get(core.yearId) ?? [],
    };
    const diary = decodeRows(
      rows,
      core.classGroupId,
      directory,
      current,
      await namesOf(deps, unknownTeachers(rows, current, directory)),
    );
    return { pupil, days: assemble(pupil, dates, diary, options.withAttachments) };
  }
};
