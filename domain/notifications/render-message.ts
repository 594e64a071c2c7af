import type { i18n } from 'i18next';
import { createI18n } from '../../locales/i18n.ts';
import type { DbOrTx } from '../db.ts';
import { toIsoDate } from '../dates.ts';
import { parseEventPayload } from '../events.ts';
import { notifyCallbackData, type NotifyTarget } from './callback-data.ts';
import type { NotifiableEvent } from './recipients.ts';

/** Telegram's text limit is 4096; a lock screen shows far less, so lines and bodies are cut. */
const MAX_TEXT = 3_500;
const MAX_BODY = 300;
const MAX_LINES = 12;

let i18nInstance: i18n | null = null;
const translator = (language: string) => {
  i18nInstance ??= createI18n();
  return i18nInstance.getFixedT(language, 'notify');
};

const cut = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
const ddmm = (d: Date) => `${toIsoDate(d).slice(8, 10)}.${toIsoDate(d).slice(5, 7)}`;
const hhmm = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
const shortName = (u: { lastName: string; firstName: string }) => `${u.firstName} ${u.lastName}`;

export interface RenderedMessage {
  text: string;
  button: { text: string; callbackData: string } | null;
}

interface Item {
  pupilId: number | null;
  line: string;
  target: NotifyTarget | null;
}

type Stored = { event: NotifiableEvent; createdAt: Date };

/**
 * Renders the events of one message in the recipient's language: one line per fact (a mark
 * changed twice shows once, with its final value; a mark posted and deleted in the window shows
 * nothing), the pupil's name first when the recipient has several children, and one button to
 * the diary page (or announcement, conversation). Null when nothing is left to say.
 */
export const renderMessage = async (
  db: DbOrTx,
  recipient: { userId: number; language: string; timeZone: string },
  stored: { type: string; payload: unknown; createdAt: Date }[],
): Promise<RenderedMessage | null> => {
  const t = translator(recipient.language);
  const isRu = recipient.language !== 'ky';
  const events: Stored[] = [];
  for (const s of stored) {
    const event = parseEventPayload(s.type, s.payload);
    if (event) events.push({ event, createdAt: s.createdAt });
  }
  // Whose child a line is about; announcements and conversation replies name no pupil.
  const needsOwn = events.some(
    (e) => e.event.type !== 'announcement.posted' && e.event.type !== 'message.posted',
  );
  const own = needsOwn
    ? await db.pupil.findMany({
        where: {
          OR: [{ userId: recipient.userId }, { guardians: { some: { userId: recipient.userId } } }],
        },
        select: { id: true, firstName: true, classGroupId: true, userId: true },
      })
    : [];
  const subjectName = (s: { nameKy: string; nameRu: string }) => (isRu ? s.nameRu : s.nameKy);
  const items: Item[] = [];
  const of = <T extends NotifiableEvent['type']>(type: T | T[]) => {
    const types: string[] = Array.isArray(type) ? type : [type];
    return events.filter((e) => types.includes(e.event.type)) as {
      event: Extract<NotifiableEvent, { type: T }>;
      createdAt: Date;
    }[];
  };

  // Marks: every event of one mark folds into one line with the mark's value now.
  const markEvents = of(['mark.posted', 'mark.changed', 'mark.deleted']);
  if (markEvents.length) {
    const marks = await db.mark.findMany({
      where: { id: { in: markEvents.map((e) => e.event.payload.markId) } },
      select: {
        id: true,
        pupilId: true,
        value: true,
        date: true,
        deletedAt: true,
        subject: { select: { nameKy: true, nameRu: true } },
        teacher: { select: { firstName: true, lastName: true } },
      },
    });
    const byId = new Map(marks.map((m) => [m.id, m]));
    const seen = new Set<number>();
    for (const first of markEvents) {
      const id = first.event.payload.markId;
      if (seen.has(id)) continue;
      seen.add(id);
      const last = markEvents.filter((e) => e.event.payload.markId === id).at(-1) ?? first;
      const mark = byId.get(id);
      if (!mark) continue;
      const wasNew = first.event.type === 'mark.posted';
      const old = 'previousValue' in first.event.payload ? first.event.payload.previousValue : null;
      const vars = {
        subject: subjectName(mark.subject),
        date: ddmm(mark.date),
        teacher: shortName(mark.teacher),
        at: hhmm(last.createdAt, recipient.timeZone),
      };
      const target: NotifyTarget = {
        kind: 'diary',
        pupilId: mark.pupilId,
        date: toIsoDate(mark.date),
      };
      let line: string | null = null;
      if (mark.deletedAt !== null) {
        if (!wasNew && old !== null) line = t('markDeleted', { ...vars, old });
      } else if (wasNew) line = t('markPosted', { ...vars, value: mark.value });
      else if (old !== null && old !== mark.value)
        line = t('markChanged', { ...vars, old, new: mark.value });
      if (line) items.push({ pupilId: mark.pupilId, line, target });
    }
  }

  const attendanceEvents = of('attendance.recorded');
  if (attendanceEvents.length) {
    const rows = await db.attendance.findMany({
      where: { id: { in: attendanceEvents.map((e) => e.event.payload.attendanceId) } },
      select: {
        id: true,
        pupilId: true,
        date: true,
        status: true,
        lateMinutes: true,
        lesson: { select: { subject: { select: { nameKy: true, nameRu: true } } } },
      },
    });
    for (const a of rows) {
      if (a.status === 'PRESENT') continue;
      const key = a.status === 'LATE' && a.lateMinutes ? 'LATE_minutes' : a.status;
      items.push({
        pupilId: a.pupilId,
        line: t(`attendance.${key}`, {
          subject: subjectName(a.lesson.subject),
          date: ddmm(a.date),
          minutes: a.lateMinutes,
        }),
        target: { kind: 'diary', pupilId: a.pupilId, date: toIsoDate(a.date) },
      });
    }
  }

  const homeworkEvents = of('homework.posted');
  if (homeworkEvents.length) {
    const lessons = await db.lesson.findMany({
      where: { id: { in: homeworkEvents.map((e) => e.event.payload.lessonId) } },
      select: {
        id: true,
        classGroupId: true,
        date: true,
        homework: true,
        homeworkDueOn: true,
        subject: { select: { nameKy: true, nameRu: true } },
      },
    });
    for (const l of lessons) {
      if (!l.homework) continue;
      const pupil = own.find((p) => p.classGroupId === l.classGroupId) ?? null;
      items.push({
        pupilId: pupil?.id ?? null,
        line: t('homework', {
          subject: subjectName(l.subject),
          due: ddmm(l.homeworkDueOn ?? l.date),
          text: cut(l.homework, MAX_BODY),
        }),
        target: pupil
          ? { kind: 'diary', pupilId: pupil.id, date: toIsoDate(l.homeworkDueOn ?? l.date) }
          : null,
      });
    }
  }

  for (const { event } of of('individual-homework.posted')) {
    const hw = await db.individualHomework.findUnique({
      where: {
        lessonId_pupilId: { lessonId: event.payload.lessonId, pupilId: event.payload.pupilId },
      },
      select: {
        text: true,
        lesson: { select: { date: true, subject: { select: { nameKy: true, nameRu: true } } } },
      },
    });
    if (!hw) continue;
    items.push({
      pupilId: event.payload.pupilId,
      line: t('individualHomework', {
        subject: subjectName(hw.lesson.subject),
        text: cut(hw.text, MAX_BODY),
      }),
      target: { kind: 'diary', pupilId: event.payload.pupilId, date: toIsoDate(hw.lesson.date) },
    });
  }

  for (const { event } of of('homework.reminder')) {
    const date = new Date(`${event.payload.date}T00:00:00Z`);
    const lessons = await db.lesson.findMany({
      where: {
        classGroupId: event.payload.classGroupId,
        homeworkDueOn: date,
        homework: { not: null },
      },
      select: { subject: { select: { nameKy: true, nameRu: true } }, homeworkDueOn: true },
    });
    const due = lessons;
    if (!due.length) continue;
    const pupil = own.find((p) => p.classGroupId === event.payload.classGroupId) ?? null;
    items.push({
      pupilId: pupil?.id ?? null,
      line: t('reminder', {
        date: ddmm(date),
        subjects: [...new Set(due.map((l) => subjectName(l.subject)))].join(', '),
      }),
      target: pupil ? { kind: 'diary', pupilId: pupil.id, date: event.payload.date } : null,
    });
  }

  const finals = of(['final-mark.posted', 'final-mark.changed', 'final-mark.withdrawn']);
  if (finals.length) {
    const rows = await db.finalMark.findMany({
      where: { id: { in: [...new Set(finals.map((e) => e.event.payload.finalMarkId))] } },
      select: {
        id: true,
        pupilId: true,
        value: true,
        result: true,
        withdrawnAt: true,
        kind: true,
        subject: { select: { nameKy: true, nameRu: true } },
        term: { select: { number: true, startsOn: true } },
      },
    });
    const shown = (value: number | null, result: string) =>
      result === 'MARK' ? String(value) : t(`result.${result}`);
    for (const f of rows) {
      // Several events of one final inside the window: one line, from the first previous value
      // to the value it has now.
      const first = finals.find((e) => e.event.payload.finalMarkId === f.id)?.event;
      const previous =
        first && first.type !== 'final-mark.posted'
          ? shown(first.payload.previousValue, first.payload.previousResult)
          : null;
      const period = t(`period.${f.kind}`, { number: f.term.number });
      const subject = subjectName(f.subject);
      const line =
        f.withdrawnAt !== null
          ? previous === null
            ? null
            : t('finalMarkWithdrawn', { subject, period, old: previous })
          : previous === null
            ? t('finalMark', { subject, period, value: shown(f.value, f.result) })
            : t('finalMarkChanged', {
                subject,
                period,
                old: previous,
                new: shown(f.value, f.result),
              });
      if (line === null) continue;
      items.push({
        pupilId: f.pupilId,
        line,
        target: { kind: 'diary', pupilId: f.pupilId, date: toIsoDate(f.term.startsOn) },
      });
    }
  }

  const subs = of('substitution.recorded');
  if (subs.length) {
    const rows = await db.substitution.findMany({
      where: { id: { in: subs.map((e) => e.event.payload.substitutionId) } },
      select: {
        classGroupId: true,
        date: true,
        lessonNumber: true,
        subject: { select: { nameKy: true, nameRu: true } },
        substituteTeacher: { select: { firstName: true, lastName: true } },
      },
    });
    for (const s of rows) {
      const pupil = own.find((p) => p.classGroupId === s.classGroupId) ?? null;
      items.push({
        pupilId: pupil?.id ?? null,
        line: t('substitution', {
          date: ddmm(s.date),
          lesson: s.lessonNumber,
          subject: subjectName(s.subject),
          teacher: shortName(s.substituteTeacher),
        }),
        target: pupil ? { kind: 'diary', pupilId: pupil.id, date: toIsoDate(s.date) } : null,
      });
    }
  }

  const changedClasses = [
    ...new Set(of('timetable.changed').map((e) => e.event.payload.classGroupId)),
  ];
  if (changedClasses.length) {
    const classes = await db.classGroup.findMany({
      where: { id: { in: changedClasses } },
      select: { id: true, letter: true, gradeLevel: { select: { grade: true } } },
    });
    for (const c of classes) {
      const pupil = own.find((p) => p.classGroupId === c.id) ?? null;
      items.push({
        pupilId: pupil?.id ?? null,
        line: t('timetable', { class: `${c.gradeLevel.grade}-${c.letter}` }),
        target: null,
      });
    }
  }

  const announcements = of('announcement.posted');
  if (announcements.length) {
    const rows = await db.announcement.findMany({
      where: { id: { in: announcements.map((e) => e.event.payload.announcementId) } },
      select: { id: true, title: true, body: true },
    });
    for (const a of rows) {
      items.push({
        pupilId: null,
        line: t('announcement', { title: cut(a.title, 120), body: cut(a.body, MAX_BODY) }),
        target: { kind: 'announcement', announcementId: a.id },
      });
    }
  }

  const messages = of('message.posted');
  if (messages.length) {
    const rows = await db.message.findMany({
      where: { id: { in: messages.map((e) => e.event.payload.messageId) } },
      select: {
        threadId: true,
        body: true,
        author: { select: { firstName: true, lastName: true } },
      },
    });
    for (const m of rows) {
      items.push({
        pupilId: null,
        line: t('message', { author: shortName(m.author), text: cut(m.body, MAX_BODY) }),
        target: { kind: 'thread', threadId: m.threadId },
      });
    }
  }

  if (items.length === 0) return null;
  // A parent of several children needs to know whose mark it is; a pupil or a one-child parent does not.
  const children = own.filter((p) => p.userId !== recipient.userId);
  const named = children.length > 1;
  const lines = items.map((item) => {
    const pupil =
      named && item.pupilId !== null ? own.find((p) => p.id === item.pupilId) : undefined;
    return pupil ? `${pupil.firstName}. ${item.line}` : item.line;
  });
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > shown.length) shown.push(t('more', { count: lines.length - shown.length }));
  const target = items.find((i) => i.target !== null)?.target ?? null;
  const buttonKey = target
    ? (
        {
          diary: 'button.diary',
          announcement: 'button.announcement',
          thread: 'button.thread',
        } as const
      )[target.kind]
    : null;
  return {
    text: cut(shown.join('\n'), MAX_TEXT),
    button:
      target && buttonKey ? { text: t(buttonKey), callbackData: notifyCallbackData(target) } : null,
  };
};
