/**
 * Test databases: global setup migrates one template database; each test file clones it
 * (CREATE DATABASE … TEMPLATE, tens of milliseconds), so files run in parallel in isolation.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../domain/db.ts';

export const ADMIN_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/**
 * Each test run migrates its own template (several runs may share one server), named with its
 * start time so a later run can drop what a crashed run left behind.
 */
const STALE_AFTER_S = 3 * 3600;
const nowS = () => Math.floor(Date.now() / 1000);
export const templateName = () => process.env.SABAK_TEST_TEMPLATE ?? 'sabak_tpl_0_default';
export const newTemplateName = () => `sabak_tpl_${nowS()}_${randomBytes(3).toString('hex')}`;

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
  const name = `sabak_t_${nowS()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    // Two files cloning the template at the same instant collide ("being accessed by other users").
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`);
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

/** Creates and migrates a template database; returns a function that drops it. */
export const createTemplate = async (name: string, migrate: (url: string) => Promise<unknown>) => {
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  await migrate(urlFor(name));
  return () =>
    withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
};

/** Drops test databases and templates that runs older than a few hours left behind. */
export const dropStaleTestDbs = () =>
  withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^sabak_(t|tpl)_[0-9]+_'",
    );
    for (const { datname } of rows) {
      const started = Number(datname.split('_')[2]);
      if (nowS() - started > STALE_AFTER_S) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });
