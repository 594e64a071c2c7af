import type { DomainDeps } from '../deps.ts';
import type { ScheduledMessage } from './fan-out-event.ts';

/**
 * Unfinished messages that should have gone at least `graceMs` ago: the worker re-enqueues them
 * (same job ids), so a message survives a Redis that lost its data or a job lost between the
 * fan-out's commit and the enqueue.
 */
export const listDueMessages = async (
  { db, now }: DomainDeps,
  options: { graceMs?: number; limit?: number } = {},
): Promise<ScheduledMessage[]> => {
  const { graceMs = 60_000, limit = 5_000 } = options;
  const rows = await db.notificationMessage.findMany({
    where: { status: 'PENDING', dueAt: { lt: new Date(now().getTime() - graceMs) } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, botAccountId: true, dueAt: true },
  });
  return rows.map((m) => ({ messageId: m.id, botAccountId: m.botAccountId, dueAt: m.dueAt }));
};
