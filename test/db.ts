/**
 * Test databases: global setup migrates one template database; each test file clones it
 * (CREATE DATABASE … TEMPLATE, tens of milliseconds), so files run in parallel in isolation.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../domain/db.ts';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'sabak_test_template';

export const urlFor = (database: string) => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

const withAdmin = async <T>(run: (client: pg.Client) => Promise<T>) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};

export interface TestDb {
  url: string;
  name: string;
  /** A Prisma client for factories and assertions (tests may touch the database; apps may not). */
  prisma: Db;
  drop: () => Promise<void>;
}

/** Clones the migrated template into a fresh database for one test file. */
export const createTestDb = async (): Promise<TestDb> => {
  const name = `sabak_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    // Two files cloning the template at the same instant collide ("being accessed by other users").
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
        return;
      } catch (error) {
        if (attempt >= 50 || !String(error).includes('being accessed')) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      }
    }
  });
  const url = urlFor(name);
  const prisma = openDb({ connectionString: url, maxConnections: 3 });
  return {
    url,
    name,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};

export const recreateTemplate = async (migrate: (url: string) => Promise<unknown>) => {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await migrate(urlFor(TEMPLATE_DB));
};

/** Drops databases of earlier runs that crashed before cleaning up. */
export const dropStaleTestDbs = () =>
  withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'sabak\\_t\\_%'",
    );
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  });
