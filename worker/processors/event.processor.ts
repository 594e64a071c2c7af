import type { Job } from 'bullmq';
import { eventJob } from '../queues.ts';
import type { ProcessorDeps } from './deps.ts';
import { scheduleMessages } from './schedule-messages.ts';

/** Fans one outbox event out to its chats (domain) and schedules their messages. */
export const createEventProcessor =
  ({ domain, queues }: ProcessorDeps) =>
  async (job: Job) => {
    const { eventId } = eventJob.parse(job.data);
    const messages = await domain.notifications.fanOutEvent(eventId);
    await scheduleMessages(queues, messages);
    return { messages: messages.length };
  };
