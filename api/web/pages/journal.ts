import type { PageModule } from '../types.ts';

/** The class journal per class and subject (pupils × lesson dates). */
export const journalPages: PageModule = () => {};
