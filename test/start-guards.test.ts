/**
 * Operator guards around `npm start` and the migrations (ISSUE 5 §4): a busy PORT fails loudly,
 * the apps it starts get the SERVICE_TOKEN, and an applied migration whose file was edited is
 * reported (checksum mismatch) by `npm run db:migrate`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAppliedMigrations } from '../prisma/scripts/schema-engine.ts';
import { childEnvironment } from '../scripts/child-env.ts';
import { createTestDb, type TestDb } from './db.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const run = (args: string[], env: NodeJS.ProcessEnv, timeout = 120_000) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(tsx, args, { cwd: ROOT, env, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });

const listen = (port = 0) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
const portOf = (server: Server) => {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
};

describe('npm start with PORT already taken', () => {
  let busy: Server;
  let dataDir: string;
  beforeAll(async () => {
    busy = await listen();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sabak-busy-'));
  });
  afterAll(async () => {
    await new Promise((r) => busy.close(r));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says the address is in use, prints no banner or codes and exits non-zero', async () => {
    const pglite = await listen();
    const pglitePort = portOf(pglite);
    await new Promise((r) => pglite.close(r));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(portOf(busy)),
      PGLITE_PORT: String(pglitePort),
      SABAK_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    const result = await run(['scripts/start.ts'], env);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(-1);
    expect(result.output).toContain(`Port ${portOf(busy)} is already in use (address in use)`);
    expect(result.output).toContain(`Порт ${portOf(busy)} бош эмес`);
    expect(result.output).not.toContain('Sabak is running');
    expect(result.output).not.toMatch(/^\s+[A-Z2-9]{8}\s/m);
  }, 120_000);
});

describe('the API on a taken PORT', () => {
  it('logs that the address is in use and exits 1 (instead of living on without serving)', async () => {
    const busy = await listen();
    try {
      const result = await run(['api/main.ts'], {
        ...process.env,
        PORT: String(portOf(busy)),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
        SERVICE_TOKEN: 'x'.repeat(32),
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain('already in use (address in use)');
    } finally {
      await new Promise((r) => busy.close(r));
    }
  }, 60_000);
});

describe('the environment npm start gives its apps', () => {
  it('carries the SERVICE_TOKEN and the database, with statement names off for PGlite', () => {
    const env = childEnvironment(
      { PATH: '/bin' },
      {
        databaseUrl: 'postgresql://x@127.0.0.1:1/db',
        serviceToken: 't'.repeat(32),
        port: 4000,
        embedded: true,
      },
    );
    expect(env).toMatchObject({
      SERVICE_TOKEN: 't'.repeat(32),
      DATABASE_URL: 'postgresql://x@127.0.0.1:1/db',
      PORT: '4000',
      DB_PREPARED_STATEMENTS: 'false',
      PATH: '/bin',
    });
    const real = childEnvironment(
      {},
      {
        databaseUrl: 'postgresql://x@db/db',
        serviceToken: 's'.repeat(32),
        port: 1,
        embedded: false,
      },
    );
    expect(real.SERVICE_TOKEN).toBe('s'.repeat(32));
    expect(real.DB_PREPARED_STATEMENTS).toBeUndefined();
  });
});

describe('applied migrations whose file changed', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  it('are reported by checkAppliedMigrations and warned about by npm run db:migrate', async () => {
    expect(await checkAppliedMigrations(db.url)).toEqual({ edited: [], missing: [] });
    const [first] = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations ORDER BY migration_name LIMIT 1`;
    const name = first!.migration_name;
    // As if the file had been edited after it was applied: the recorded checksum no longer matches.
    await db.prisma.$executeRaw`
      UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = ${name}`;
    await db.prisma.$executeRaw`
      INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
      VALUES ('gone', repeat('1', 64), '20200101000000_gone', now(), 1)`;
    expect(await checkAppliedMigrations(db.url)).toEqual({
      edited: [name],
      missing: ['20200101000000_gone'],
    });
    const result = await run(['prisma/scripts/migrate.ts'], {
      ...process.env,
      DATABASE_URL: db.url,
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`WARNING: migration ${name} was modified after it was applied`);
    expect(result.output).toContain(
      '20200101000000_gone is applied to this database but its folder is missing',
    );
    expect(result.output).toContain('Database is up to date.');
  }, 120_000);
});
