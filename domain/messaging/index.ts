import { createAnnouncement, createAnnouncementInput } from './create-announcement.ts';
import { getThread, getThreadInput } from './get-thread.ts';
import { listAnnouncementTargets } from './list-announcement-targets.ts';
import { listAnnouncements, listAnnouncementsInput } from './list-announcements.ts';
import { listContacts, listContactsInput } from './list-contacts.ts';
import { listThreads } from './list-threads.ts';
import { postMessage, postMessageInput } from './post-message.ts';
import { startThread, startThreadInput } from './start-thread.ts';

/** Messages between families and school, and announcements (R19). */
export const messagingUseCases = {
  startThread,
  listThreads,
  getThread,
  postMessage,
  listContacts,
  createAnnouncement,
  listAnnouncements,
  listAnnouncementTargets,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const messagingSchemas = {
  startThreadInput,
  getThreadInput,
  postMessageInput,
  listContactsInput,
  createAnnouncementInput,
  listAnnouncementsInput,
};
