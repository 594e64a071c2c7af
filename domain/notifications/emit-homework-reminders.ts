import type { DomainDeps } from '../deps.ts';
import { addDays, dateOnly, localToday, SCHOOL_TIME_ZONE, toIsoDate } from '../dates.ts';

/**
 * The evening reminder (R18): one `homework.reminder` outbox event per class that has homework
 * due tomorrow (school-local). Each (class, day) is written once (`dedupe_key`), so a scheduler
 * that fires twice or a retried job never reminds twice.
 * @returns how many new events were written
 */
export const emitHomeworkReminders = async ({ db, now }: DomainDeps) => {
  const tomorrow = addDays(dateOnly(localToday(now(), SCHOOL_TIME_ZONE)), 1);
  const lessons = await db.lesson.findMany({
    where: { homeworkDueOn: tomorrow, homework: { not: null } },
    distinct: ['classGroupId'],
    select: { classGroupId: true, classGroup: { select: { schoolId: true } } },
  });
  const date = toIsoDate(tomorrow);
  const result = await db.outboxEvent.createMany({
    data: lessons.map((l) => ({
      type: 'homework.reminder',
      payload: { classGroupId: l.classGroupId, date },
      schoolId: l.classGroup.schoolId,
      dedupeKey: `homework-reminder-${l.classGroupId}-${date}`,
    })),
    skipDuplicates: true,
  });
  return result.count;
};
