import { accountsRoutes } from './accounts.routes.ts';
import type { RouteSpec } from './define.ts';
import { journalRoutes } from './journal.routes.ts';

/** Every JSON endpoint under /api/v1. The authorization matrix test walks this list. */
export const allRoutes: RouteSpec[] = [...accountsRoutes, ...journalRoutes];
