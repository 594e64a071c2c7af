/**
 * The queue dashboard (bull-board) at /admin/queues, for school administrators only (the domain
 * decides: `notifications.openQueueDashboard`). It needs Redis, which the API otherwise does not:
 * the queues are opened at the first administrator's visit, and an API without REDIS_URL simply
 * has no dashboard (404) — it still starts and serves everything else.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DomainError, type Domain } from '../../domain/index.ts';
import { SESSION_COOKIE } from '../routes/accounts.routes.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboardOptions {
  redisUrl: string;
  /** The worker's QUEUE_PREFIX. */
  prefix: string;
}

/** Queue names as the worker names them (worker/queues.ts; the API does not import the worker). */
const queueNames = (botAccountIds: number[]) => [
  'notify-events',
  'notify-schedule',
  'notify-deliver-default',
  ...botAccountIds.map((id) => `notify-deliver-bot${id}`),
];

export const queueDashboardRouter = (domain: Domain, options: QueueDashboardOptions) => {
  const router = express.Router();
  let board: { router: express.Router; names: string } | null = null;
  let queues: Queue[] = [];
  const boardFor = (names: string[]) => {
    const key = names.join(',');
    if (board?.names === key) return board.router;
    const adapter = new ExpressAdapter();
    adapter.setBasePath(QUEUE_DASHBOARD_PATH);
    const old = queues;
    queues = names.map((name) => {
      // Fail fast while Redis is away: the page says so instead of hanging.
      const queue = new Queue(name, {
        connection: { url: options.redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false },
        prefix: options.prefix,
      });
      queue.on('error', () => undefined);
      return queue;
    });
    for (const q of old) void q.close();
    // Read-only: one deployment serves many schools, and every school has administrators.
    createBullBoard({
      queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
      serverAdapter: adapter,
    });
    board = { router: adapter.getRouter() as express.Router, names: key };
    return board.router;
  };
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      // The staff session only: a request with the bot's token acts for nobody here.
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const actor = await domain.auth.actorForSession(token);
      const { botAccountIds } = await domain.notifications.openQueueDashboard(actor);
      boardFor(queueNames(botAccountIds))(req, res, next);
    } catch (error) {
      next(error instanceof Error ? error : new DomainError('UNAVAILABLE', String(error)));
    }
  });
  return {
    router,
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
};
