/**
 * `npm start` end to end: a clean data directory, embedded PGlite, migrations, the demo seed and
 * the API as a child process; then a demo sign-in and a clean stop.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoWeekday, localToday, toIsoDate } from '../domain/dates.ts';
import { DEMO_ADMIN_LOGIN, DEMO_PASSWORD } from '../prisma/seed/demo-school.ts';
import { freePort, isListening } from './ports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const waitFor = async (url: string, child: ChildProcess, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer in time`);
};

const SERVICE_TOKEN = 'start-test-service-token-0123456789';
const TG_PARENT = '777000111';

let dataDir: string;
let child: ChildProcess;
let output = '';
let apiPort: number;
let pglitePort: number;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sabak-start-'));
  apiPort = await freePort();
  pglitePort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SABAK_DATA_DIR: dataDir,
    PORT: String(apiPort),
    PGLITE_PORT: String(pglitePort),
    LOG_LEVEL: 'warn',
    SERVICE_TOKEN,
  };
  delete env.DATABASE_URL;
  child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    cwd: ROOT,
    env,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
}, 10_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on embedded defaults', () => {
  it('answers /healthz and /readyz once migrated and seeded', async () => {
    await waitFor(`http://127.0.0.1:${apiPort}/healthz`, child, 170_000);
    const ready = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  }, 180_000);

  it('prints a banner with the URL, the demo password and parent link codes, and saves the sheet', async () => {
    const deadline = Date.now() + 10_000;
    while (!output.includes('Ctrl-C') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain(`http://localhost:${apiPort}`);
    expect(output).toContain(DEMO_PASSWORD);
    expect(output).toContain(DEMO_ADMIN_LOGIN);
    const codes = output.match(/^\s+([A-Z2-9]{8})\s/gm) ?? [];
    expect(codes.length).toBeGreaterThanOrEqual(3);
    const sheet = await readFile(path.join(dataDir, 'demo-credentials.txt'), 'utf8');
    expect(sheet).toContain(DEMO_ADMIN_LOGIN);
    expect(sheet).toContain(codes[0]?.trim());
  });

  it('signs the demo director in and returns her Kyrgyz name intact', async () => {
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: DEMO_ADMIN_LOGIN, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(`http://127.0.0.1:${apiPort}/api/v1/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as {
      lastName: string;
      firstName: string;
      patronymic: string;
      roles: string[];
    };
    expect(`${body.lastName} ${body.firstName} ${body.patronymic}`).toBe(
      'Жумабаева Гүлнара Өмүрбековна',
    );
    expect(body.roles).toContain('ADMIN');
  });

  it("opens the demo mathematics teacher's day and class journal in the web journal", async () => {
    const base = `http://127.0.0.1:${apiPort}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'orozbekov.n', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const day = await fetch(`${base}/day`, { headers: { cookie, 'accept-language': 'ky' } });
    expect(day.status).toBe(200);
    const html = await day.text();
    const journal = /href="(\/journal\/\d+\/\d+)"/.exec(html)?.[1];
    expect(journal, html.slice(0, 500)).toBeDefined();
    const page = await fetch(`${base}${journal}`, { headers: { cookie, 'accept-language': 'ky' } });
    expect(page.status).toBe(200);
    const grid = await page.text();
    expect(grid).toContain('id="journal"');
    // The seeded quarter has lessons and marks: cells with marks are on the page.
    expect(grid).toMatch(/<span class="m"[^>]*>[2-5]<\/span>/);
  });

  it('lets a parent link Telegram with a printed code and read the child’s diary', async () => {
    const [, code = '', pupilName = ''] = output.match(/^\s+([A-Z2-9]{8})\s+([^,]+),/m) ?? [];
    const bot = { authorization: `Bearer ${SERVICE_TOKEN}`, 'x-telegram-user-id': TG_PARENT };
    const redeem = await fetch(`http://127.0.0.1:${apiPort}/api/v1/link-codes/redeem`, {
      method: 'POST',
      headers: { ...bot, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(redeem.status).toBeLessThan(300);
    const children = await fetch(`http://127.0.0.1:${apiPort}/api/v1/me/children`, {
      headers: bot,
    });
    // The body says why if it fails (it did once under a full parallel run: 401 after a redeem).
    expect(children.status, `${redeem.status} ${await children.clone().text()}`).toBe(200);
    const list = (await children.json()) as {
      pupilId: number;
      lastName: string;
      firstName: string;
      patronymic: string;
    }[];
    expect(list.map((c) => `${c.lastName} ${c.firstName} ${c.patronymic}`)).toEqual([pupilName]);
    const first = list[0];
    // The demo journal runs up to today: the last school day (Monday–Saturday) up to today.
    let date = new Date(`${localToday(new Date())}T00:00:00Z`);
    while (isoWeekday(date) === 7) date = addDays(date, -1);
    const day = await fetch(
      `http://127.0.0.1:${apiPort}/api/v1/pupils/${first?.pupilId}/diary/day?date=${toIsoDate(date)}`,
      {
        headers: bot,
      },
    );
    expect(day.status).toBe(200);
    const body = (await day.json()) as {
      lessons: {
        lessonId: number | null;
        topic: string | null;
        attendance: { status: string } | null;
      }[];
    };
    expect(body.lessons.length).toBeGreaterThan(2);
    for (const lesson of body.lessons) {
      expect(lesson.lessonId).not.toBeNull();
      expect(lesson.topic).toBeTruthy();
      expect(lesson.attendance?.status).toMatch(/^(PRESENT|LATE|ABSENT|EXCUSED)$/);
    }
  });

  describe('while it runs, the other commands work against the embedded database', () => {
    const npmRun = (script: string, args: string[], databaseUrl: string) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          'npm',
          ['run', '--silent', script, '--', ...args],
          {
            cwd: ROOT,
            env: { ...process.env, DATABASE_URL: databaseUrl, LANG: 'C.UTF-8' },
            timeout: 120_000,
          },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, output: `${stdout}${stderr}` });
          },
        );
      });
    let databaseUrl = '';

    it('prints the DATABASE_URL to use and says the apps got the SERVICE_TOKEN', () => {
      databaseUrl = /export DATABASE_URL='([^']+)'/.exec(output)?.[1] ?? '';
      expect(databaseUrl).toContain(`:${pglitePort}/`);
      expect(output).toContain('SERVICE_TOKEN');
      expect(output).toContain('is passed to the apps it starts (api, worker');
    });

    it('npm run db:migrate finds the schema up to date', async () => {
      const result = await npmRun('db:migrate', [], databaseUrl);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain('Database is up to date.');
    }, 120_000);

    it('npm run school:create, staff:setup-codes and import run without statement-name clashes', async () => {
      const created = await npmRun(
        'school:create',
        [
          '--code',
          'talas-3',
          '--name-ky',
          'Талас №3 мектеби',
          '--name-ru',
          'Школа №3 Талас',
          '--admin-login',
          'talas.admin',
          '--lang',
          'en',
        ],
        databaseUrl,
      );
      expect(created.code, created.output).toBe(0);
      expect(created.output).toContain('School created');
      const dir = await mkdtemp(path.join(tmpdir(), 'sabak-start-cli-'));
      try {
        const csv = path.join(dir, 'staff.csv');
        await writeFile(
          csv,
          'Внешний ID,Фамилия,Имя,Логин,Роли\nT-1,Осмонов,Азамат,osmonov.talas,TEACHER\n',
        );
        const imported = await npmRun(
          'import',
          [csv, '--school', 'talas-3', '--lang', 'en'],
          databaseUrl,
        );
        expect(imported.code, imported.output).toBe(0);
        expect(imported.output).not.toContain('already exists');
        const codes = await npmRun(
          'staff:setup-codes',
          ['--school', 'talas-3', '--lang', 'en'],
          databaseUrl,
        );
        expect(codes.code, codes.output).toBe(0);
        expect(codes.output).toContain('Login: osmonov.talas');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 240_000);
  });

  it('stops the API and the database on SIGTERM and exits', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000)),
    ]);
    expect(code).toBe(0);
    expect(await isListening('127.0.0.1', apiPort)).toBe(false);
    expect(await isListening('127.0.0.1', pglitePort)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pglite.pid'))).toBe(false);
  }, 30_000);
});
