/**
 * `npm start` end to end: a clean data directory, embedded PGlite, migrations, the demo seed and
 * the API as a child process; then a demo sign-in and a clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_LOGIN, DEMO_PASSWORD } from '../prisma/seed/demo-school.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

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
    expect(children.status).toBe(200);
    const list = (await children.json()) as {
      pupilId: number;
      lastName: string;
      firstName: string;
      patronymic: string;
    }[];
    expect(list.map((c) => `${c.lastName} ${c.firstName} ${c.patronymic}`)).toEqual([pupilName]);
    const first = list[0];
    const day = await fetch(
      `http://127.0.0.1:${apiPort}/api/v1/pupils/${first?.pupilId}/diary/day?date=2026-10-14`,
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
    expect(await isListening(apiPort)).toBe(false);
    expect(await isListening(pglitePort)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pglite.pid'))).toBe(false);
  }, 30_000);
});
