import { Worker, type ConnectionOptions } from 'bullmq';
import DataLoader from 'dataloader';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Domain } from '../domain/index.ts';
import { createBatcher } from './processors/batch.ts';
import { createDeliverProcessor } from './processors/deliver.processor.ts';
import type { ProcessorDeps } from './processors/deps.ts';
import { createEventProcessor } from './processors/event.processor.ts';
import { createScheduleProcessor } from './processors/schedule.processor.ts';
import {
  deliverQueueName,
  EVENTS_QUEUE,
  openQueues,
  SCHEDULE_QUEUE,
  type QueueSet,
} from './queues.ts';
import { startRelay, startSweeper, type Loop } from './relay.ts';
import type { BotSender } from './telegram/bots.ts';
import { createPacer } from './telegram/pacer.ts';

export interface NotifyWorkerOptions {
  domain: Domain;
  logger: Logger;
  redisUrl: string;
  /** Prefix of every BullMQ key (default `sabak`). */
  prefix?: string;
  /** The bots to send through (the default bot has `botAccountId: null`). */
  bots: BotSender[];
  /** Messages per second per bot (default 25). */
  ratePerBot?: number;
  /** Messages in flight per bot (default 32). */
  concurrency?: number;
  /** Cron (Asia/Bishkek) of the homework reminder; empty string: none (default 18:00). */
  reminderCron?: string;
  /** Cron (Asia/Bishkek) of the daily digest; empty string: none (default none). */
  digestCron?: string;
  /** Outbox poll interval when idle (default 300 ms). */
  relayIdleMs?: number;
  /** Overdue-message sweep interval (default 30 s). */
  sweepIdleMs?: number;
}

export interface NotifyWorker {
  queues: QueueSet;
  /** Stops taking work, waits for jobs in flight, closes queues (the domain stays open). */
  close: () => Promise<void>;
}

/**
 * The notification pipeline (R18): outbox relay → `notify-events` (fan-out) → one delivery queue
 * per bot, each with its own Worker and rate limiter, so a 429 on one bot never slows another.
 */
export const startNotifyWorker = async (options: NotifyWorkerOptions): Promise<NotifyWorker> => {
  const { domain, logger, redisUrl, prefix = 'sabak', ratePerBot = 25, concurrency = 32 } = options;
  // Workers block on Redis: ioredis must retry forever (BullMQ requires it).
  const connection: ConnectionOptions = { url: redisUrl, maxRetriesPerRequest: null };
  // The relay must fail fast while Redis is down: the events stay in the outbox meanwhile.
  const relayConnection: ConnectionOptions = {
    url: redisUrl,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  };
  const queues = openQueues(connection, prefix);
  const relayQueues = openQueues(relayConnection, prefix);
  const deps: ProcessorDeps = { domain, queues, logger };
  const onFailed = (name: string) => (job: { id?: string } | undefined, error: Error) =>
    logger.warn({ queue: name, job: job?.id, err: error.message }, 'job failed');
  const onError = (name: string) => (error: Error) =>
    logger.warn({ queue: name, err: error.message }, 'queue connection problem');

  const workers: Worker[] = [];
  const events = new Worker(EVENTS_QUEUE, createEventProcessor(deps), {
    connection,
    prefix,
    concurrency: 8,
  });
  workers.push(events);
  // The pace of each bot lives in Redis (shared by every worker process).
  const paceRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  paceRedis.on('error', onError('pacer'));
  // SENT is recorded for the sends of a few milliseconds at once (one statement).
  const sent = createBatcher<number>((ids) => domain.notifications.recordMessagesSent(ids));
  // Claims of the same few milliseconds go to the database together (three statements per batch,
  // not three per message). No cache: every job claims afresh. A failed batch fails its jobs,
  // which BullMQ retries — nothing was sent yet.
  const claims = new DataLoader(
    async (ids: readonly number[]) => {
      const claimed = await domain.notifications.claimMessages(ids);
      return ids.map((id) => claimed.get(id) ?? ({ kind: 'done' } as const));
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setTimeout(run, 2) },
  );
  for (const bot of options.bots) {
    const name = deliverQueueName(bot.botAccountId);
    const queue = queues.deliver(bot.botAccountId);
    const pacer = createPacer(paceRedis, {
      prefix,
      bot: bot.botAccountId === null ? 'default' : `bot${bot.botAccountId}`,
      ratePerSecond: bot.ratePerSecond ?? ratePerBot,
    });
    const worker = new Worker(
      name,
      createDeliverProcessor(deps, bot, {
        pacer,
        pauseQueue: (ms) => queue.rateLimit(ms),
        recordSent: sent.add,
        claim: (id) => claims.load(id),
      }),
      // The pacer spaces the sends; BullMQ's limiter is only a coarse guard (and what a 429's
      // queue pause works through).
      {
        connection,
        prefix,
        concurrency,
        limiter: { max: Math.ceil((bot.ratePerSecond ?? ratePerBot) * 1.5), duration: 1_000 },
      },
    );
    workers.push(worker);
  }
  const schedule = new Worker(SCHEDULE_QUEUE, createScheduleProcessor(deps), {
    connection,
    prefix,
  });
  workers.push(schedule);
  for (const w of workers) {
    w.on('failed', onFailed(w.name));
    w.on('error', onError(w.name));
  }
  if (options.reminderCron) {
    await queues.schedule.upsertJobScheduler(
      'homework-reminder',
      { pattern: options.reminderCron, tz: 'Asia/Bishkek' },
      { name: 'homework-reminder' },
    );
  }
  if (options.digestCron) {
    await queues.schedule.upsertJobScheduler(
      'daily-digest',
      { pattern: options.digestCron, tz: 'Asia/Bishkek' },
      { name: 'daily-digest' },
    );
  }
  const loops: Loop[] = [
    startRelay(domain, relayQueues, logger, options.relayIdleMs),
    startSweeper(domain, queues, logger, options.sweepIdleMs),
  ];
  logger.info(
    { bots: options.bots.map((b) => b.botAccountId ?? 'default'), ratePerBot },
    'notification worker started',
  );
  return {
    queues,
    close: async () => {
      await Promise.all(loops.map((l) => l.stop()));
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.all(), ...relayQueues.all()].map((q) => q.close()));
      paceRedis.disconnect();
    },
  };
};
