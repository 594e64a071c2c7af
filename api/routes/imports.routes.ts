import { defineRoutes } from './define.ts';

export const importsRoutes = defineRoutes([]);
