import type { NextFunction, Request, Response } from 'express';
import { render, renderToString } from '../render.ts';
import type { PageModule } from '../types.ts';
import { parseCanonicalId } from '../../middleware/boundary.ts';
import { formId } from './params.ts';

const MARK_KINDS = ['ORAL', 'WRITTEN', 'CONTROL', 'HOMEWORK', 'OTHER'] as const;
const ATTENDANCE = ['PRESENT', 'LATE', 'ABSENT', 'EXCUSED'] as const;

/**
 * The grid's labels in the reader's language, looked up once per language (a page has thousands
 * of cells; one i18next call per cell was a large share of its time).
 */
const labelCache = new Map<string, ReturnType<typeof buildLabels>>();
const buildLabels = (t: Request['t']) => ({
  letter: Object.fromEntries(ATTENDANCE.map((s) => [s, t(`common:attendanceLetter.${s}`)])),
  status: Object.fromEntries(ATTENDANCE.map((s) => [s, t(`common:attendance.${s}`)])),
  kind: Object.fromEntries(MARK_KINDS.map((k) => [k, t(`common:markKind.${k}`)])),
  result: {
    NOT_ASSESSED: t('labels:labels.finalMarkValue.NOT_ASSESSED', { context: 'short' }),
    EXEMPT: t('labels:labels.finalMarkValue.EXEMPT', { context: 'short' }),
  } as Record<string, string>,
});
const labelsFor = (req: Request) => {
  let labels = labelCache.get(req.lang);
  if (!labels) labelCache.set(req.lang, (labels = buildLabels(req.t)));
  return labels;
};

const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
/** A form field: digits become a number (the domain validates it), empty becomes undefined. */
const num = (value: unknown) =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())
    ? Number(value)
    : value || undefined;
const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** The page's period as the grid use case takes it: a term, or a date range, or neither. */
const periodOf = (source: Record<string, unknown>) => ({
  ...(text(source.termId) ? { termId: formId(source.termId) } : {}),
  ...(text(source.from) ? { from: source.from } : {}),
  ...(text(source.to) ? { to: source.to } : {}),
});

/** `/journal/lessons/…` and other words belong to other pages: only numeric ids are ours. */
const numericIds = (req: Request, _res: Response, next: NextFunction) => {
  const { classGroupId, subjectId } = req.params as Record<string, string>;
  if (parseCanonicalId(classGroupId ?? '') === null || parseCanonicalId(subjectId ?? '') === null)
    return next('route');
  next();
};

/**
 * The class journal (R5–R8, R13, R22): a class's page of one subject, pupils × lesson dates, with
 * marks and attendance entered in place (static/journal.js), averages, suggested and final marks.
 */
export const journalPages: PageModule = ({ get, post, staff, deps }) => {
  const { domain } = deps;

  get('/journal', staff, async (req, res) => {
    const journals = await domain.journal.listMyJournals(req.actor);
    render(req, res, 'journal-index', { journals });
  });

  const ids = (req: Request) => {
    const { classGroupId, subjectId } = req.params as Record<string, string>;
    return { classGroupId: Number(classGroupId), subjectId: Number(subjectId) };
  };

  get('/journal/:classGroupId/:subjectId', numericIds, staff, async (req, res) => {
    const page = await domain.journal.getClassJournal(req.actor, {
      ...ids(req),
      ...periodOf(req.query),
    });
    render(req, res, 'journal', {
      page,
      labels: labelsFor(req),
      markKinds: MARK_KINDS,
      attendanceKinds: ATTENDANCE,
      wide: true,
    });
  });

  /** The pupil's row again after a change: cells, average, suggested and final mark. */
  const sendRow = async (req: Request, res: Response, pupilId: unknown) => {
    const page = await domain.journal.getClassJournal(req.actor, {
      ...ids(req),
      ...periodOf(body(req)),
      pupilId: formId(pupilId),
    });
    const pupil = page.pupils[0];
    res.json({
      row: pupil
        ? renderToString(req, res, 'partials/journal-row', { page, pupil, labels: labelsFor(req) })
        : null,
      message: req.t('web:journal.saved'),
    });
  };

  get('/journal/:classGroupId/:subjectId/cell', numericIds, staff, async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const cell = await domain.journal.getJournalCell(req.actor, {
      lessonId: formId(query.lessonId),
      pupilId: formId(query.pupilId),
    });
    res.type('html').send(
      renderToString(req, res, 'partials/journal-cell', {
        cell,
        markKinds: MARK_KINDS,
        attendanceKinds: ATTENDANCE,
        defaultKind: text(query.kind) ?? 'OTHER',
      }),
    );
  });

  post('/journal/:classGroupId/:subjectId/marks', numericIds, staff, async (req, res) => {
    const b = body(req);
    const markId = formId(b.markId);
    if (markId !== undefined)
      await domain.journal.changeMark(req.actor, {
        markId,
        value: num(b.value),
        comment: typeof b.comment === 'string' ? b.comment : undefined,
        reason: text(b.reason),
      });
    else
      await domain.journal.recordMark(req.actor, {
        lessonId: formId(b.lessonId),
        pupilId: formId(b.pupilId),
        value: num(b.value),
        kind: text(b.kind),
        comment: text(b.comment),
        reason: text(b.reason),
      });
    await sendRow(req, res, b.pupilId);
  });

  post(
    '/journal/:classGroupId/:subjectId/marks/:markId/delete',
    numericIds,
    staff,
    async (req, res) => {
      const b = body(req);
      await domain.journal.deleteMark(req.actor, {
        markId: formId((req.params as Record<string, string>).markId),
        reason: b.reason,
      });
      await sendRow(req, res, b.pupilId);
    },
  );

  post('/journal/:classGroupId/:subjectId/attendance', numericIds, staff, async (req, res) => {
    const b = body(req);
    await domain.journal.recordAttendance(req.actor, {
      lessonId: formId(b.lessonId),
      entries: [
        {
          pupilId: formId(b.pupilId),
          status: b.status,
          ...(text(b.lateMinutes) ? { lateMinutes: num(b.lateMinutes) } : {}),
          ...(text(b.excuse) ? { reason: b.excuse } : {}),
        },
      ],
      reason: text(b.reason),
    });
    await sendRow(req, res, b.pupilId);
  });

  post('/journal/:classGroupId/:subjectId/finals', numericIds, staff, async (req, res) => {
    const b = body(req);
    const result = text(b.result) ?? 'MARK';
    await domain.journal.recordFinalMarks(req.actor, {
      ...ids(req),
      termId: formId(b.termId),
      marks: [
        {
          pupilId: formId(b.pupilId),
          ...(result === 'MARK' ? { value: num(b.value) } : { result }),
        },
      ],
      reason: text(b.reason),
    });
    await sendRow(req, res, b.pupilId);
  });

  // A lesson of a date not in the journal yet (a column): recorded by the domain's rules.
  post('/journal/:classGroupId/:subjectId/lessons', numericIds, staff, async (req, res) => {
    const b = body(req);
    await domain.journal.recordLesson(req.actor, {
      ...ids(req),
      date: b.date,
      lessonNumber: num(b.lessonNumber),
    });
    const back = new URLSearchParams();
    if (text(b.termId)) back.set('termId', String(b.termId));
    const { classGroupId, subjectId } = ids(req);
    res.redirect(
      303,
      `/journal/${classGroupId}/${subjectId}${back.size ? `?${back.toString()}` : ''}`,
    );
  });
};
