import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { z } from 'zod';

/** Queue names (kebab-case). One delivery queue per bot: a 429 pauses only that bot. */
export const EVENTS_QUEUE = 'notify-events';
export const SCHEDULE_QUEUE = 'notify-schedule';
export const deliverQueueName = (botAccountId: number | null) =>
  `notify-deliver-${botAccountId === null ? 'default' : `bot${botAccountId}`}`;

/** Job payloads: ids only (job data sits in Redis in clear text). */
export const eventJob = z.object({ eventId: z.number().int().positive() });
export const deliverJob = z.object({ messageId: z.number().int().positive() });

/** Job ids may not contain ':' nor be all digits (BullMQ). */
export const eventJobId = (eventId: number) => `event-${eventId}`;
export const deliverJobId = (messageId: number) => `message-${messageId}`;

/** Kept a day, so a re-added id stays a no-op; the database rows are the lasting record. */
const KEEP = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const EVENT_JOB_OPTIONS: DefaultJobOptions = {
  ...KEEP,
  attempts: 12,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
};

export const DELIVER_JOB_OPTIONS: DefaultJobOptions = {
  ...KEEP,
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
};

export interface QueueSet {
  events: Queue;
  schedule: Queue;
  /** The delivery queue of a bot (created on first use). */
  deliver: (botAccountId: number | null) => Queue;
  all: () => Queue[];
}

const ignore = () => undefined;

/** Opens the queues on one Redis connection (options) under `prefix`. */
export const openQueues = (connection: ConnectionOptions, prefix: string): QueueSet => {
  const events = new Queue(EVENTS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: EVENT_JOB_OPTIONS,
  });
  const schedule = new Queue(SCHEDULE_QUEUE, { connection, prefix, defaultJobOptions: KEEP });
  // Connection errors surface where jobs are added (and are logged by the workers).
  events.on('error', ignore);
  schedule.on('error', ignore);
  const deliverQueues = new Map<string, Queue>();
  const deliver = (botAccountId: number | null) => {
    const name = deliverQueueName(botAccountId);
    let queue = deliverQueues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix, defaultJobOptions: DELIVER_JOB_OPTIONS });
      queue.on('error', ignore);
      deliverQueues.set(name, queue);
    }
    return queue;
  };
  return { events, schedule, deliver, all: () => [events, schedule, ...deliverQueues.values()] };
};
