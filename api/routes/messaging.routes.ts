import { schemas } from '../../domain/index.ts';
import { defineRoutes } from './define.ts';

/** Conversations between families and school, announcements (R19). */
export const messagingRoutes = defineRoutes([
  {
    method: 'get',
    path: '/threads',
    summary: "The user's conversations with their unread counts",
    tag: 'messaging',
    handle: ({ domain, actor }) => domain.messaging.listThreads(actor),
  },
  {
    method: 'post',
    path: '/threads',
    summary: 'Starts a conversation with its first message',
    tag: 'messaging',
    body: schemas.startThreadInput,
    status: 201,
    handle: ({ domain, actor, body }) => domain.messaging.startThread(actor, body),
  },
  {
    method: 'get',
    path: '/threads/:threadId',
    summary: 'One conversation (participants only); marks it read',
    tag: 'messaging',
    handle: ({ domain, actor, params }) =>
      domain.messaging.getThread(actor, { threadId: params.threadId }),
  },
  {
    method: 'post',
    path: '/threads/:threadId/messages',
    summary: 'Adds a message to a conversation (participants only)',
    tag: 'messaging',
    body: schemas.postMessageInput.omit({ threadId: true }),
    status: 201,
    handle: ({ domain, actor, params, body }) =>
      domain.messaging.postMessage(actor, { ...(body as object), threadId: params.threadId }),
  },
  {
    method: 'get',
    path: '/contacts',
    summary: 'Whom the user may write to about a pupil (names and roles, never phone numbers)',
    tag: 'messaging',
    query: schemas.listContactsInput,
    handle: ({ domain, actor, query }) => domain.messaging.listContacts(actor, query),
  },
  {
    method: 'get',
    path: '/announcements',
    summary: 'Announcements for the user (or for one pupil of a parent), newest first',
    tag: 'messaging',
    query: schemas.listAnnouncementsInput,
    handle: ({ domain, actor, query }) => domain.messaging.listAnnouncements(actor, query),
  },
  {
    method: 'post',
    path: '/announcements',
    summary: 'Broadcasts an announcement to a class, a parallel, the school or a role',
    tag: 'messaging',
    body: schemas.createAnnouncementInput,
    status: 201,
    handle: ({ domain, actor, body }) => domain.messaging.createAnnouncement(actor, body),
  },
]);
