import { addBotAccount, listBotAccountsOverview, setBotAccountActive } from './bot-accounts.ts';
import { claimMessage, claimMessages } from './claim-message.ts';
import { emitDailyDigests } from './emit-daily-digests.ts';
import { emitHomeworkReminders } from './emit-homework-reminders.ts';
import { fanOutEvent } from './fan-out-event.ts';
import { getAnnouncementReach, getAnnouncementReachInput } from './get-announcement-reach.ts';
import { listBotAccounts } from './list-bot-accounts.ts';
import { listDueMessages } from './list-due-messages.ts';
import {
  recordMessageBlocked,
  recordMessageFailure,
  recordMessageSent,
  recordMessagesSent,
} from './record-send-result.ts';
import { openQueueDashboard } from './queue-dashboard-access.ts';
import { relayOutbox } from './relay-outbox.ts';

/** Use cases of the notifications area (R18): the worker's side and the delivery report. */
export const notificationsUseCases = {
  relayOutbox,
  fanOutEvent,
  claimMessage,
  claimMessages,
  recordMessageSent,
  recordMessagesSent,
  recordMessageBlocked,
  recordMessageFailure,
  listDueMessages,
  listBotAccounts,
  openQueueDashboard,
  addBotAccount,
  listBotAccountsOverview,
  setBotAccountActive,
  emitHomeworkReminders,
  emitDailyDigests,
  getAnnouncementReach,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const notificationsSchemas = { getAnnouncementReachInput };
