/**
 * API_WORKERS: several API processes (node:cluster) serve one port; SIGTERM drains them all and
 * the primary exits 0; a port already taken stops the primary with 1 instead of forking forever.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, TG, type World } from '../../test/world.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICE_TOKEN = 'cluster-test-service-token-0123456789';

const listen = (port = 0) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as { port: number }).port;

const start = (db: TestDb, port: number) => {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      SERVICE_TOKEN,
      PORT: String(port),
      HOST: '127.0.0.1',
      DB_POOL_SIZE: '2',
      API_WORKERS: '2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
};

let db: TestDb;
let world: World;

beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

describe('API_WORKERS', () => {
  it('serves one port from two processes and drains them all on SIGTERM', async () => {
    const probe = await listen();
    const port = portOf(probe);
    await new Promise((r) => probe.close(r));
    const api = start(db, port);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      expect(api.child.exitCode, api.output()).toBeNull();
      const ok = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok && api.output().includes('all API workers listening')) break;
      expect(Date.now() < deadline, `not ready: ${api.output()}`).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
    }
    const children = readFileSync(`/proc/${api.child.pid}/task/${api.child.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    expect(children).toHaveLength(2);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/api/v1/pupils/${world.pupilA.id}/diary/week`, {
        headers: {
          authorization: `Bearer ${SERVICE_TOKEN}`,
          'x-telegram-user-id': TG.parentA.toString(),
        },
      });
      expect(res.status).toBe(200);
    }
    api.child.kill('SIGTERM');
    expect(await api.exited, api.output()).toBe(0);
  }, 90_000);

  it('stops with exit code 1 when the port is taken', async () => {
    const busy = await listen();
    try {
      const api = start(db, portOf(busy));
      expect(await api.exited, api.output()).toBe(1);
      expect(api.output()).toMatch(/already in use/);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  }, 90_000);
});
