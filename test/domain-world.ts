/**
 * A test file's database with the world built in it and a domain over it: made before the file's
 * tests, closed and dropped after. Its parts are read inside tests and hooks, once made.
 */
import { afterAll, beforeAll } from 'vitest';
import { createDomain, type Domain, type DomainOptions } from '../domain/index.ts';
import { createTestDb, type TestDb } from './db.ts';
import { buildWorld, TEST_NOW, type World } from './world.ts';

export const useWorldDomain = (options: Omit<Partial<DomainOptions>, 'databaseUrl'> = {}) => {
  const made = {} as { db: TestDb; world: World; domain: Domain };
  beforeAll(async () => {
    made.db = await createTestDb();
    made.world = await buildWorld(made.db.prisma);
    made.domain = createDomain({
      databaseUrl: made.db.url,
      now: () => TEST_NOW,
      maxConnections: 2,
      ...options,
    });
  });
  afterAll(async () => {
    await made.domain?.close();
    await made.db?.drop();
  });
  return made;
};
