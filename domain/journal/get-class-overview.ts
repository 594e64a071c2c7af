import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { dateOnly, localToday, toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { assertCanManageClass } from '../policies/index.ts';
import { calendarDate } from '../timetable/calendar.ts';
import { id, parseInput } from '../validation.ts';
import { membersOf } from './membership.ts';
import { byKyrgyzName, className } from './people.ts';
import { findQuarterAt } from './terms.ts';

export const getClassOverviewInput = z
  .object({
    classGroupId: id,
    /** The day to look at (default: the school's today). */
    date: calendarDate.optional(),
  })
  .strict();
export type GetClassOverviewInput = z.input<typeof getClassOverviewInput>;

/**
 * "At risk", said plainly: an average of current marks below 3.0 over at least 3 marks in the
 * quarter, or at least 10 lessons missed without an excuse in the quarter.
 */
export const AT_RISK = { averageBelow: 3, minMarks: 3, unexcusedAbsences: 10 } as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The class teacher's overview of a class (R3, R22): the day's lessons with how attendance was
 * taken, who is absent or late today, each pupil's marks of the quarter (count, plain average of
 * all subjects, number of 2s), absences of the quarter, who is at risk (see AT_RISK), and which
 * families linked Telegram (the pupil, each guardian). For the class teacher and the
 * administration.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getClassOverview = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getClassOverviewInput, raw);
  const cls = await deps.db.classGroup.findUnique({
    where: { id: input.classGroupId },
    select: {
      id: true,
      schoolId: true,
      yearId: true,
      letter: true,
      gradeLevel: { select: { grade: true } },
      school: { select: { timeZone: true } },
      classTeacher: { select: { id: true, lastName: true, firstName: true, patronymic: true } },
    },
  });
  if (!cls) throw notFound('class');
  assertCanManageClass(actor, cls);
  const day = dateOnly(input.date ?? localToday(deps.now(), cls.school.timeZone));
  const quarter = await findQuarterAt(deps.db, cls.yearId, day);
  const from = quarter?.startsOn ?? day;
  const to = day;

  const active = { where: { isActive: true }, select: { id: true } } as const;
  const pupils = await deps.db.pupil.findMany({
    where: membersOf(cls.id, day, day),
    select: {
      id: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      user: { select: { telegramLinks: active } },
      guardians: {
        select: {
          relation: true,
          grantedAt: true,
          user: {
            select: {
              id: true,
              lastName: true,
              firstName: true,
              patronymic: true,
              telegramLinks: active,
            },
          },
        },
      },
    },
  });
  pupils.sort(byKyrgyzName);
  const pupilIds = pupils.map((p) => p.id);

  const [lessons, marks, twos, absences] = await Promise.all([
    deps.db.lesson.findMany({
      where: { classGroupId: cls.id, date: day },
      orderBy: [{ lessonNumber: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        lessonNumber: true,
        topic: true,
        homework: true,
        subject: { select: { id: true, nameKy: true, nameRu: true } },
        teacher: { select: { id: true, lastName: true, firstName: true } },
        attendance: { select: { pupilId: true, status: true, lateMinutes: true } },
      },
    }),
    deps.db.mark.groupBy({
      by: ['pupilId'],
      where: { pupilId: { in: pupilIds }, date: { gte: from, lte: to }, deletedAt: null },
      _avg: { value: true },
      _count: { _all: true },
    }),
    deps.db.mark.groupBy({
      by: ['pupilId'],
      where: {
        pupilId: { in: pupilIds },
        date: { gte: from, lte: to },
        deletedAt: null,
        value: { lte: 2 },
      },
      _count: { _all: true },
    }),
    deps.db.attendance.groupBy({
      by: ['pupilId', 'status'],
      where: {
        pupilId: { in: pupilIds },
        date: { gte: from, lte: to },
        status: { in: ['ABSENT', 'EXCUSED', 'LATE'] },
      },
      _count: { _all: true },
    }),
  ]);

  const marksOf = new Map(marks.map((m) => [m.pupilId, m]));
  const twosOf = new Map(twos.map((m) => [m.pupilId, m._count._all]));
  const absencesOf = (pupilId: number, status: string) =>
    absences.find((a) => a.pupilId === pupilId && a.status === status)?._count._all ?? 0;
  const todayOf = (pupilId: number) =>
    lessons.flatMap((l) =>
      l.attendance
        .filter((a) => a.pupilId === pupilId && a.status !== 'PRESENT')
        .map((a) => ({
          lessonNumber: l.lessonNumber,
          status: a.status,
          lateMinutes: a.lateMinutes,
        })),
    );

  const rows = pupils.map((p) => {
    const m = marksOf.get(p.id);
    const markCount = m?._count._all ?? 0;
    const average = m?._avg.value == null ? null : round2(m._avg.value);
    const unexcused = absencesOf(p.id, 'ABSENT');
    const reasons: string[] = [];
    if (average !== null && markCount >= AT_RISK.minMarks && average < AT_RISK.averageBelow)
      reasons.push('lowAverage');
    if (unexcused >= AT_RISK.unexcusedAbsences) reasons.push('manyAbsences');
    const guardians = p.guardians
      .map((g) => ({
        userId: g.user.id,
        lastName: g.user.lastName,
        firstName: g.user.firstName,
        patronymic: g.user.patronymic,
        relation: g.relation,
        granted: g.grantedAt !== null,
        telegramLinked: g.user.telegramLinks.length > 0,
      }))
      .sort((a, b) => byKyrgyzName({ ...a, id: a.userId }, { ...b, id: b.userId }));
    const pupilLinked = (p.user?.telegramLinks.length ?? 0) > 0;
    return {
      id: p.id,
      lastName: p.lastName,
      firstName: p.firstName,
      patronymic: p.patronymic,
      today: todayOf(p.id),
      marks: { count: markCount, average, twos: twosOf.get(p.id) ?? 0 },
      absences: {
        unexcused,
        excused: absencesOf(p.id, 'EXCUSED'),
        late: absencesOf(p.id, 'LATE'),
      },
      atRisk: reasons,
      telegram: {
        pupil: pupilLinked,
        guardians,
        familyLinked: pupilLinked || guardians.some((g) => g.telegramLinked && g.granted),
      },
    };
  });

  const allMarks = marks.reduce((n, m) => n + m._count._all, 0);
  const sum = marks.reduce((s, m) => s + (m._avg.value ?? 0) * m._count._all, 0);
  return {
    classGroupId: cls.id,
    className: className(cls),
    classTeacher: cls.classTeacher,
    date: toIsoDate(day),
    period: {
      termId: quarter?.id ?? null,
      termNumber: quarter?.number ?? null,
      from: toIsoDate(from),
      to: toIsoDate(to),
    },
    atRiskRule: AT_RISK,
    today: {
      lessons: lessons.map((l) => {
        const count = (status: string) => l.attendance.filter((a) => a.status === status).length;
        return {
          id: l.id,
          lessonNumber: l.lessonNumber,
          subject: l.subject,
          teacher: l.teacher,
          hasTopic: Boolean(l.topic),
          hasHomework: Boolean(l.homework),
          attendanceTaken: l.attendance.length > 0,
          present: count('PRESENT'),
          late: count('LATE'),
          absent: count('ABSENT'),
          excused: count('EXCUSED'),
        };
      }),
      absentPupils: rows.filter((r) => r.today.some((a) => a.status !== 'LATE')).length,
      latePupils: rows.filter((r) => r.today.some((a) => a.status === 'LATE')).length,
    },
    marks: {
      count: allMarks,
      average: allMarks > 0 ? round2(sum / allMarks) : null,
      twos: [...twosOf.values()].reduce((a, b) => a + b, 0),
    },
    telegram: {
      families: rows.length,
      familiesLinked: rows.filter((r) => r.telegram.familyLinked).length,
      guardians: rows.reduce((n, r) => n + r.telegram.guardians.length, 0),
      guardiansLinked: rows.reduce(
        (n, r) => n + r.telegram.guardians.filter((g) => g.telegramLinked).length,
        0,
      ),
      pupilsLinked: rows.filter((r) => r.telegram.pupil).length,
    },
    atRisk: rows.filter((r) => r.atRisk.length > 0).map((r) => r.id),
    pupils: rows,
  };
};
