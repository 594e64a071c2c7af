import type { Job } from 'bullmq';
import type { ProcessorDeps } from './deps.ts';

/** Scheduled jobs: the evening homework reminder (events through the outbox, like any other). */
export const createScheduleProcessor =
  ({ domain, logger }: ProcessorDeps) =>
  async (job: Job) => {
    if (job.name === 'homework-reminder') {
      const count = await domain.notifications.emitHomeworkReminders();
      logger.info({ classes: count }, 'homework reminders written');
      return { count };
    }
    return null;
  };
