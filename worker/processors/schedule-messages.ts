import type { ScheduledMessage } from '../../domain/index.ts';
import { deliverJobId, type QueueSet } from '../queues.ts';

/** Adds (or re-adds, a no-op for a known id) one delivery job per message to its bot's queue. */
export const scheduleMessages = async (queues: QueueSet, messages: ScheduledMessage[]) => {
  const byBot = new Map<number | null, ScheduledMessage[]>();
  for (const m of messages) {
    const list = byBot.get(m.botAccountId);
    if (list) list.push(m);
    else byBot.set(m.botAccountId, [m]);
  }
  const now = Date.now();
  for (const [botAccountId, list] of byBot) {
    await queues.deliver(botAccountId).addBulk(
      list.map((m) => ({
        name: 'deliver',
        data: { messageId: m.messageId },
        opts: { jobId: deliverJobId(m.messageId), delay: Math.max(0, m.dueAt.getTime() - now) },
      })),
    );
  }
};
