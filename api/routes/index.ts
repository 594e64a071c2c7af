import { accountsRoutes } from './accounts.routes.ts';
import type { RouteSpec } from './define.ts';
import { diaryRoutes } from './diary.routes.ts';
import { importsRoutes } from './imports.routes.ts';
import { journalRoutes } from './journal.routes.ts';
import { linksRoutes } from './links.routes.ts';
import { messagingRoutes } from './messaging.routes.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { schoolRoutes } from './school.routes.ts';
import { staffAccessRoutes } from './staff-access.routes.ts';
import { timetableRoutes } from './timetable.routes.ts';

/**
 * Every JSON endpoint under /api/v1. The authorization matrix test walks this list. Express tries
 * routes in this order, so the diary — most of the requests, parents' and the bot's — comes first.
 */
export const allRoutes: RouteSpec[] = [
  ...diaryRoutes,
  ...accountsRoutes,
  ...linksRoutes,
  ...journalRoutes,
  ...timetableRoutes,
  ...messagingRoutes,
  ...notificationsRoutes,
  ...importsRoutes,
  ...schoolRoutes,
  ...staffAccessRoutes,
];
