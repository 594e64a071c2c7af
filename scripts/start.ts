/**
 * `npm start`: the whole system on embedded defaults. Without DATABASE_URL it starts PostgreSQL
 * in-process (PGlite, data in ./data/pglite) on a loopback port; then it migrates, seeds the demo
 * school if the database has no school, starts the apps as child processes and prints where to go
 * and how to sign in. Ctrl-C stops the apps first, then the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseConfig } from '../api/config.ts';
import { BOTFATHER_HINT } from '../bot/config.ts';
import { openDb } from '../domain/db.ts';
import { seedDemoSchool } from '../prisma/seed/demo-school.ts';
import {
  applyMigrations,
  checkAppliedMigrations,
  checksumWarnings,
} from '../prisma/scripts/schema-engine.ts';
import { formatDemoSheet } from './demo-sheet.ts';
import { childEnvironment } from './child-env.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-db.ts';
import { ensureRedis, type LocalRedis } from './redis.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const startConfigSchema = z.object({
  /** Real PostgreSQL; when unset, the embedded PGlite is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database and the demo sheet live (default ./data). */
  SABAK_DATA_DIR: z.string().min(1).default(path.join(ROOT, 'data')),
  PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Shared secret of the bot and the API; a fresh random one per run when unset. */
  SERVICE_TOKEN: z.string().min(24).optional(),
  /** `false` skips the demo school on an empty database. */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** The queue of the notification worker; a local redis-server is started when none answers. */
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
});

const log = (message: string) => console.log(`[sabak] ${message}`);
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Kyrgyz letters (ң, ө, ү) must come back from the database exactly as sent. */
const KYRGYZ_PROBE = 'Ң ө ү — Кыргызча текст: «Үй тапшырма»';

interface AppProcess {
  name: string;
  child: ChildProcess;
}

/**
 * The apps started as child processes: the API always; the worker and the bot need Redis (the bot
 * also a token).
 */
const appsToStart = (env: NodeJS.ProcessEnv, withRedis: boolean) => {
  const botEnv = { API_URL: `http://127.0.0.1:${env.PORT}`, ...env };
  return [
    { name: 'api', script: 'api/main.ts', env },
    ...(withRedis ? [{ name: 'worker', script: 'worker/main.ts', env }] : []),
    // The bot serves BOT_TOKEN and the stored bot accounts (which need BOT_TOKEN_KEY).
    ...(withRedis && (env.BOT_TOKEN || env.BOT_TOKEN_KEY)
      ? [{ name: 'bot', script: 'bot/main.ts', env: botEnv }]
      : []),
  ];
};

/**
 * Fails loudly when another program already listens on the API's port: without this check the
 * banner and fresh link codes were printed while the other program answered (and exit code 0).
 */
const assertPortFree = (port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Порт ${port} бош эмес / Port ${port} is already in use (address in use): another program listens on it. Stop it, or set PORT to a free port.`,
            )
          : error,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });

const main = async () => {
  const config = parseConfig(startConfigSchema, process.env, 'start');
  const started = Date.now();
  const dataDir = path.resolve(config.SABAK_DATA_DIR);
  const sheetFile = path.join(dataDir, 'demo-credentials.txt');
  const apps: AppProcess[] = [];
  let embedded: EmbeddedPostgres | null = null;
  let redis: LocalRedis | null = null;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(apps.map((app) => stopChild(app)));
    if (redis) await redis.stop();
    if (embedded) await embedded.stop();
    log('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    await assertPortFree(config.PORT, config.HOST);
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const t = Date.now();
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'pglite'),
        port: config.PGLITE_PORT,
      });
      databaseUrl = embedded.url;
      log(
        `embedded PostgreSQL (PGlite) in ${path.join(dataDir, 'pglite')} on 127.0.0.1:${config.PGLITE_PORT} (${elapsed(t)})`,
      );
    }
    let t = Date.now();
    for (const line of checksumWarnings(await checkAppliedMigrations(databaseUrl))) log(line);
    const applied = await applyMigrations(databaseUrl);
    log(
      applied.length
        ? `applied migrations: ${applied.join(', ')} (${elapsed(t)})`
        : 'database schema is up to date',
    );

    const db = openDb({ connectionString: databaseUrl, maxConnections: 2 });
    let sheet: string[] | null = null;
    try {
      const [probe] = await db.$queryRaw<{ text: string }[]>`SELECT ${KYRGYZ_PROBE}::text AS text`;
      if (probe?.text !== KYRGYZ_PROBE)
        throw new Error(
          'the database does not return Kyrgyz text intact (check its encoding: UTF8)',
        );
      if (config.SEED_DEMO === 'true') {
        t = Date.now();
        const demo = await seedDemoSchool(db);
        if (demo) {
          log(`seeded the demo school (${elapsed(t)})`);
          sheet = formatDemoSheet(demo);
          await mkdir(dataDir, { recursive: true });
          await writeFile(sheetFile, `${sheet.join('\n')}\n`);
        }
      }
    } finally {
      await db.$disconnect();
    }

    const env = childEnvironment(process.env, {
      databaseUrl,
      serviceToken: config.SERVICE_TOKEN ?? randomBytes(32).toString('base64url'),
      port: config.PORT,
      embedded: embedded !== null,
    });
    // The API keeps attached files under the same data directory (<data>/files).
    env.SABAK_DATA_DIR = dataDir;
    if (!env.BOT_TOKEN && !env.BOT_TOKEN_KEY) log(BOTFATHER_HINT);
    redis = await ensureRedis(config.REDIS_URL, dataDir, log);
    // One Redis may serve several databases (tests, two checkouts): queue keys are per database.
    env.QUEUE_PREFIX ??= `sabak-${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 8)}`;
    // The API shows those queues to administrators at /admin/queues.
    if (redis) env.REDIS_URL = redis.url;
    const specs = appsToStart(env, redis !== null);
    for (const spec of specs) {
      const child = spawn(process.execPath, ['--import', 'tsx', spec.script], {
        cwd: ROOT,
        env: spec.env,
        stdio: 'inherit',
      });
      const app = { name: spec.name, child };
      apps.push(app);
      child.on('exit', (code, signal) => {
        if (stopping) return;
        log(`${spec.name} exited (${signal ?? `code ${code}`}); stopping everything.`);
        void stop(1);
      });
    }
    const url = `http://localhost:${config.PORT}`;
    await waitForHealth(`http://127.0.0.1:${config.PORT}/healthz`, () => stopping);
    printBanner({
      url,
      databaseUrl,
      apps: specs.map((a) => a.name),
      sheet,
      sheetFile,
      embedded: embedded !== null,
      startedIn: elapsed(started),
      seedSkipped: config.SEED_DEMO === 'false',
    });
  } catch (error) {
    console.error(
      `[sabak] start failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    await stop(1);
  }
};

const stopChild = ({ child }: AppProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });

const waitForHealth = async (url: string, isStopping: () => boolean) => {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !isStopping()) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!isStopping()) throw new Error(`the API did not answer ${url} within two minutes`);
};

const printBanner = (p: {
  url: string;
  databaseUrl: string;
  apps: string[];
  sheet: string[] | null;
  sheetFile: string;
  embedded: boolean;
  startedIn: string;
  seedSkipped: boolean;
}) => {
  const rule = '─'.repeat(78);
  const lines = [
    rule,
    `Sabak иштеп жатат / Sabak is running (${p.startedIn})`,
    `  Web journal + API: ${p.url}    OpenAPI: ${p.url}/api/v1/openapi.json`,
    `  Database: ${p.embedded ? 'embedded PostgreSQL (PGlite)' : 'DATABASE_URL'}`,
    ...(p.embedded
      ? [
          '  Командалар үчүн / For other commands while this runs (npm run import, school:create,',
          '  staff:setup-codes, db:migrate) in another terminal:',
          `    export DATABASE_URL='${p.databaseUrl}'`,
        ]
      : []),
    `  SERVICE_TOKEN ушул скрипт баштаган колдонмолорго берилди / is passed to the apps it starts (${p.apps.join(', ')})`,
    '',
    ...(p.sheet
      ? [...p.sheet, '', `Бул маалымат сакталды / Saved to: ${p.sheetFile}`]
      : p.seedSkipped
        ? ['Demo seed skipped (SEED_DEMO=false).']
        : existsSync(p.sheetFile)
          ? [
              `Демо логиндер жана коддор / Demo logins and link codes: ${p.sheetFile}`,
              '  (written at the first start; link codes are single use)',
            ]
          : ['The database already had a school, so no demo school was seeded.']),
    '',
    'Токтотуу / Stop: Ctrl-C',
    rule,
  ];
  console.log(lines.join('\n'));
};

await main();
