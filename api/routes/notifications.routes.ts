import { defineRoutes } from './define.ts';

/** Delivery of notifications (R18): how far an announcement got in Telegram. */
export const notificationsRoutes = defineRoutes([
  {
    method: 'get',
    path: '/announcements/:announcementId/delivery',
    summary: 'How many of the families an announcement addresses received it in Telegram',
    tag: 'messaging',
    handle: ({ domain, actor, params }) =>
      domain.notifications.getAnnouncementReach(actor, { announcementId: params.announcementId }),
  },
]);
