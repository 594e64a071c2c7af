/**
 * The API as a real process (api/main.ts): a lost database connection never ends it, and SIGTERM
 * drains — idle keep-alive sockets close, the in-flight request is answered, exit code 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, TEST_PASSWORD, TG, type World } from '../../test/world.ts';
import { freePort } from '../../test/ports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICE_TOKEN = 'process-test-service-token-0123456789';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Api {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

const startApi = async (db: TestDb): Promise<Api> => {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      SERVICE_TOKEN,
      PORT: String(port),
      HOST: '127.0.0.1',
      DB_POOL_SIZE: '3',
      SHUTDOWN_GRACE_MS: '15000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited early: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`api did not start: ${output}`);
    await sleep(200);
  }
  return { child, port, output: () => output, exited };
};

const terminateAppConnections = async (db: TestDb) => {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [db.name],
    );
    return rows.filter((r) => r.killed).length;
  } finally {
    await admin.end();
  }
};

/** Sends one raw HTTP/1.1 request on a kept-alive socket and resolves with the status line. */
const rawRequest = (socket: Socket, port: number, pathname: string) =>
  new Promise<string>((resolve) => {
    socket.once('data', (d: Buffer) => resolve(d.toString().split('\r\n')[0] ?? ''));
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`,
    );
  });

let db: TestDb;
let world: World;
beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
});
afterAll(() => db.drop());

describe('api/main.ts as a process', () => {
  it('survives the database terminating its idle connections before any Prisma query', async () => {
    const api = await startApi(db);
    try {
      const base = `http://127.0.0.1:${api.port}`;
      // An unlinked Telegram user: the actor is read through the direct pool only.
      const bot = {
        authorization: `Bearer ${SERVICE_TOKEN}`,
        'x-telegram-user-id': `${TG.stranger}`,
      };
      expect((await fetch(`${base}/api/v1/me`, { headers: bot })).status).toBe(401);

      expect(await terminateAppConnections(db)).toBeGreaterThan(0);
      await sleep(500);
      expect(api.child.exitCode).toBeNull();

      const login = world.users.teacherOfClass.login ?? '';
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(200);
      expect(api.output()).toContain('database connection lost');

      // Again after Prisma's own connections exist: killed while idle, then used again.
      await terminateAppConnections(db);
      await sleep(300);
      expect(api.child.exitCode).toBeNull();
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      api.child.kill('SIGKILL');
      await api.exited;
    }
  });

  it('on SIGTERM closes idle keep-alive sockets, stops accepting, answers the in-flight request and exits 0', async () => {
    const api = await startApi(db);
    const base = `http://127.0.0.1:${api.port}`;
    const idle = connect(api.port, '127.0.0.1');
    await new Promise((r) => idle.once('connect', r));
    expect(await rawRequest(idle, api.port, '/healthz')).toBe('HTTP/1.1 200 OK');
    const idleClosed = new Promise<number>((resolve) =>
      idle.once('close', () => resolve(Date.now())),
    );

    // Hold the users table so a sign-in (a read and a session write) waits mid-request.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE app_user IN ACCESS EXCLUSIVE MODE');
    const login = world.users.teacherOfClass.login ?? '';
    const inFlight = fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: TEST_PASSWORD }),
    });
    await sleep(500);

    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    expect(await idleClosed).toBeLessThan(signalledAt + 2000);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    await sleep(300);
    expect(api.child.exitCode).toBeNull();
    await locker.query('COMMIT');
    await locker.end();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('sabak_session');
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
  });
});
