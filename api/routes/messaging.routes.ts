import { defineRoutes } from './define.ts';

export const messagingRoutes = defineRoutes([]);
