import type { Request, Response } from 'express';
import { DomainError } from '../../../domain/index.ts';
import { errorMessages } from '../../middleware/errors.ts';
import { render } from '../render.ts';
import type { PageModule } from '../types.ts';
import { parseCanonicalId } from '../../middleware/boundary.ts';
import { formField, pathId } from './params.ts';

/** `class:12`, `grade:5` or `school`: one audience of the composer. */
const audienceOf = (value: string) => {
  const [kind, raw] = value.split(':');
  const n = parseCanonicalId(raw ?? '');
  if (kind === 'class' && n !== null) return { audience: 'CLASS', classGroupId: n };
  if (kind === 'grade' && n !== null) return { audience: 'PARALLEL', grade: n };
  if (kind === 'school') return { audience: 'SCHOOL' };
  return { audience: 'CLASS' };
};

/**
 * Messages with families (R19): the inbox, one conversation with a reply form; announcements with
 * a composer (a class the teacher teaches or leads; the administration also a parallel or the
 * school) and, for the author and the administration, how many families each one reached.
 */
export const inboxPages: PageModule = ({ get, post, staff, deps }) => {
  const { domain } = deps;

  get('/inbox', staff, async (req, res) => {
    const threads = await domain.messaging.listThreads(req.actor);
    render(req, res, 'inbox', { threads });
  });

  const showThread = async (
    req: Request,
    res: Response,
    extra: { error?: string; draft?: string } = {},
    status = 200,
  ) => {
    const thread = await domain.messaging.getThread(req.actor, {
      threadId: pathId(req, 'threadId'),
    });
    const me = req.actor.kind === 'user' ? req.actor.userId : 0;
    render(
      req,
      res,
      'thread',
      {
        thread,
        me,
        error: extra.error ?? null,
        draft: extra.draft ?? '',
        sent: req.query.sent === '1',
      },
      status,
    );
  };

  const showNew = async (
    req: Request,
    res: Response,
    pupilId: number,
    extra: { error?: string; draft?: { to: string; subject: string; body: string } } = {},
    status = 200,
  ) => {
    const contacts = await domain.messaging.listContacts(req.actor, { pupilId });
    render(
      req,
      res,
      'thread-new',
      {
        pupilId,
        contacts,
        error: extra.error ?? null,
        draft: extra.draft ?? { to: '', subject: '', body: '' },
      },
      status,
    );
  };

  // A new conversation about a pupil (from the class overview): whom to write is the domain's
  // list of contacts — the pupil's parents, the pupil, colleagues who work with the pupil.
  get('/inbox/new/:pupilId', staff, async (req, res) => {
    await showNew(req, res, pathId(req, 'pupilId'));
  });

  post('/inbox/new/:pupilId', staff, async (req, res) => {
    const pupilId = pathId(req, 'pupilId');
    const draft = {
      to: formField(req, 'to'),
      subject: formField(req, 'subject'),
      body: formField(req, 'body'),
    };
    try {
      const thread = await domain.messaging.startThread(req.actor, {
        pupilId,
        recipientUserId: parseCanonicalId(draft.to) ?? 0,
        subject: draft.subject,
        body: draft.body,
      });
      res.redirect(303, `/inbox/${thread.id}?sent=1`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      await showNew(
        req,
        res,
        pupilId,
        { error: errorMessages(req.t, error).join(' '), draft },
        error.code === 'FORBIDDEN' ? 403 : 400,
      );
    }
  });

  get('/inbox/:threadId', staff, async (req, res) => {
    await showThread(req, res);
  });

  post('/inbox/:threadId', staff, async (req, res) => {
    const threadId = pathId(req, 'threadId');
    try {
      await domain.messaging.postMessage(req.actor, { threadId, body: formField(req, 'body') });
      res.redirect(303, `/inbox/${threadId}?sent=1#reply`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      await showThread(
        req,
        res,
        { error: errorMessages(req.t, error).join(' '), draft: formField(req, 'body') },
        400,
      );
    }
  });

  const showAnnouncements = async (
    req: Request,
    res: Response,
    extra: { error?: string; draft?: { title: string; body: string; target: string } } = {},
    status = 200,
  ) => {
    const [announcements, targets] = await Promise.all([
      domain.messaging.listAnnouncements(req.actor, { limit: 30 }),
      domain.messaging.listAnnouncementTargets(req.actor),
    ]);
    const me = req.actor.kind === 'user' ? req.actor.userId : 0;
    // Delivery is shown to the author and the administration (the use case decides).
    const reach = new Map<number, { families: number; familiesReached: number }>();
    for (const a of announcements) {
      if (a.author.id !== me && !targets.school) continue;
      const r = await domain.notifications.getAnnouncementReach(req.actor, {
        announcementId: a.id,
      });
      reach.set(a.id, r);
    }
    render(
      req,
      res,
      'announcements',
      {
        announcements,
        targets,
        reach,
        error: extra.error ?? null,
        draft: extra.draft ?? { title: '', body: '', target: '' },
        posted: req.query.posted === '1',
      },
      status,
    );
  };

  get('/announcements', staff, async (req, res) => {
    await showAnnouncements(req, res);
  });

  post('/announcements', staff, async (req, res) => {
    const draft = {
      title: formField(req, 'title'),
      body: formField(req, 'body'),
      target: formField(req, 'target'),
    };
    try {
      await domain.messaging.createAnnouncement(req.actor, {
        ...audienceOf(draft.target),
        title: draft.title,
        body: draft.body,
      });
      res.redirect(303, '/announcements?posted=1');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      await showAnnouncements(
        req,
        res,
        { error: errorMessages(req.t, error).join(' '), draft },
        error.code === 'FORBIDDEN' ? 403 : 400,
      );
    }
  });
};
