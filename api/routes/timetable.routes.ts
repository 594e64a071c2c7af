import { defineRoutes } from './define.ts';

export const timetableRoutes = defineRoutes([]);
