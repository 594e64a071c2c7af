import type { Logger } from 'pino';
import type { Domain } from '../domain/index.ts';
import { eventJobId, type QueueSet } from './queues.ts';
import { scheduleMessages } from './processors/schedule-messages.ts';

export interface Loop {
  stop: () => Promise<void>;
}

/**
 * Runs `tick` again and again: immediately while it reports work, after `idleMs` when idle, with
 * a growing pause (to 5 s) while it fails — Redis or the database being down is expected, the
 * outbox keeps the events meanwhile.
 */
export const startLoop = (
  name: string,
  tick: () => Promise<number>,
  { idleMs, logger }: { idleMs: number; logger: Logger },
): Loop => {
  let stopped = false;
  let wake: (() => void) | null = null;
  let failures = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const done = (async () => {
    while (!stopped) {
      try {
        const count = await tick();
        failures = 0;
        if (count === 0) await sleep(idleMs);
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 20 === 0)
          logger.warn({ err: error, loop: name }, `${name} failed; retrying`);
        await sleep(Math.min(5_000, 100 * 2 ** failures));
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
    },
  };
};

/** Rejects when `promise` takes longer than `ms` (a queue waiting for an unreachable Redis). */
const within = <T>(promise: Promise<T>, ms: number) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/** The outbox relay: committed events → the events queue, job id from the event id. */
export const startRelay = (domain: Domain, queues: QueueSet, logger: Logger, idleMs = 300) =>
  startLoop(
    'outbox relay',
    () =>
      domain.notifications.relayOutbox(async (ids) => {
        await within(
          queues.events.addBulk(
            ids.map((eventId) => ({
              name: 'event',
              data: { eventId },
              opts: { jobId: eventJobId(eventId) },
            })),
          ),
          5_000,
        );
      }),
    { idleMs, logger },
  );

/** Re-enqueues overdue messages (a job lost with Redis's data, or between commit and enqueue). */
export const startSweeper = (domain: Domain, queues: QueueSet, logger: Logger, idleMs = 30_000) =>
  startLoop(
    'message sweeper',
    async () => {
      const due = await domain.notifications.listDueMessages();
      await scheduleMessages(queues, due);
      return 0;
    },
    { idleMs, logger },
  );
