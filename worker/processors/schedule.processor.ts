import type { Job } from 'bullmq';
import type { ProcessorDeps } from './deps.ts';
import { scheduleMessages } from './schedule-messages.ts';

/**
 * Scheduled jobs: the evening homework reminder (events through the outbox, like any other) and
 * the daily digest (the deliveries held back during the day, one message per chat).
 */
export const createScheduleProcessor =
  ({ domain, logger, queues }: ProcessorDeps) =>
  async (job: Job) => {
    if (job.name === 'homework-reminder') {
      const count = await domain.notifications.emitHomeworkReminders();
      logger.info({ classes: count }, 'homework reminders written');
      return { count };
    }
    if (job.name === 'daily-digest') {
      const messages = await domain.notifications.emitDailyDigests();
      await scheduleMessages(queues, messages);
      logger.info({ chats: messages.length }, 'daily digests scheduled');
      return { chats: messages.length };
    }
    return null;
  };
