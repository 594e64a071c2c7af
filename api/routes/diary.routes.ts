import { defineRoutes } from './define.ts';

export const diaryRoutes = defineRoutes([]);
