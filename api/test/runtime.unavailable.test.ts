/**
 * A database that refuses, hangs or drops connections is a 503 problem with Retry-After (never a
 * 500), and the same app recovers without a restart once the database answers again.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createDomain, type Domain } from '../../domain/index.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, TEST_PASSWORD, type World } from '../../test/world.ts';
import { isConnectionFault } from '../../domain/unavailable.ts';
import { freePort } from '../../test/ports.ts';

const SERVICE_TOKEN = 'unavailable-test-service-token-0123456789';

const listen = (server: Server, port: number) =>
  new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const stop = (server: Server, sockets: Set<Socket>) =>
  new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });

/** A TCP proxy to the test PostgreSQL that the test opens, closes or turns into a black hole. */
const proxyTo = (target: URL) => {
  const sockets = new Set<Socket>();
  let mode: 'forward' | 'hang' = 'forward';
  /** Connections the app opened to the database through the proxy. */
  const opened = { count: 0 };
  const server = createServer((client) => {
    opened.count++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') return;
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  return {
    server,
    sockets,
    opened,
    setMode: (m: typeof mode) => (mode = m),
  };
};

let db: TestDb;
let world: World;
let port: number;
let proxy: ReturnType<typeof proxyTo>;
let domain: Domain;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
  port = await freePort();
  proxy = proxyTo(new URL(db.url));
  const url = new URL(db.url);
  url.host = `127.0.0.1:${port}`;
  domain = createDomain({ databaseUrl: url.toString(), maxConnections: 2, connectTimeoutMs: 800 });
  app = createApp({
    domain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken: SERVICE_TOKEN,
    loginLimit: 1000,
  });
});
afterAll(async () => {
  await domain.close();
  await stop(proxy.server, proxy.sockets).catch(() => undefined);
  await db.drop();
});

const signIn = () =>
  request(app)
    .post('/api/v1/auth/login')
    .set('accept-language', 'ru')
    .send({ login: world.users.teacherOfClass.login, password: TEST_PASSWORD });

const expect503 = (res: request.Response) => {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.headers['retry-after']).toBe('5');
  const body = JSON.parse(res.text) as { code: string; title: string };
  expect(body.code).toBe('UNAVAILABLE');
  expect(body.title).toBe('База данных сейчас недоступна. Повторите через 5 секунд.');
};

describe('when the database is unreachable', () => {
  it('refused connections: 503 with Retry-After on every route kind, then recovers without a restart', async () => {
    // Nothing listens on the port yet: ECONNREFUSED.
    expect503(await signIn());
    expect503(
      await request(app)
        .get('/api/v1/me')
        .set('accept-language', 'ru')
        .set('authorization', `Bearer ${SERVICE_TOKEN}`)
        .set('x-telegram-user-id', '1001'),
    );
    expect503(
      await request(app)
        .get('/api/v1/me')
        .set('accept-language', 'ru')
        .set('cookie', 'sabak_session=x'),
    );
    expect((await request(app).get('/readyz')).status).toBe(503);

    await listen(proxy.server, port);
    expect((await signIn()).status).toBe(200);
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('connections dropped by the server (terminated backends) are a 503, then the next request works', async () => {
    expect((await signIn()).status).toBe(200);
    // Cut every live connection mid-life, as a restart or failover does.
    for (const s of proxy.sockets) s.destroy();
    const res = await signIn();
    expect([200, 503]).toContain(res.status);
    if (res.status === 503) expect503(res);
    expect((await signIn()).status).toBe(200);
  });

  it('a server that accepts but never answers: the pool times out into a 503', async () => {
    proxy.setMode('hang');
    for (const s of proxy.sockets) s.destroy();
    const started = Date.now();
    expect503(await signIn());
    expect(Date.now() - started).toBeLessThan(5000);
    proxy.setMode('forward');
    expect((await signIn()).status).toBe(200);
  });

  it("the bot's diary read (fast path) is a 503 after one wait for the database, not two", async () => {
    proxy.setMode('hang');
    for (const s of proxy.sockets) s.destroy();
    const before = proxy.opened.count;
    expect503(
      await request(app)
        .get(`/api/v1/pupils/${world.pupilA.id}/diary/day`)
        .set('accept-language', 'ru')
        .set('authorization', `Bearer ${SERVICE_TOKEN}`)
        .set('x-telegram-user-id', '1001'),
    );
    expect(proxy.opened.count - before).toBe(1);
    proxy.setMode('forward');
    expect((await signIn()).status).toBe(200);
  });
});

describe('isConnectionFault', () => {
  it.each([
    ['refused socket', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
    ['admin shutdown', Object.assign(new Error('terminating'), { code: '57P01' })],
    ['starting up', Object.assign(new Error('starting'), { code: '57P03' })],
    ['connection exception class', Object.assign(new Error('x'), { code: '08006' })],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['Prisma P1001', Object.assign(new Error('cannot reach'), { code: 'P1001' })],
    ['adapter kind', new Error('wrapped', { cause: { kind: 'DatabaseNotReachable' } })],
    ['adapter postgres kind', new Error('wrapped', { cause: { kind: 'postgres', code: '57P01' } })],
  ])('%s is a connection fault', (_name, error) => {
    expect(isConnectionFault(error)).toBe(true);
  });

  it.each([
    ['unique violation', Object.assign(new Error('dup'), { code: 'P2002' })],
    ['syntax error', Object.assign(new Error('syntax'), { code: '42601' })],
    ['a bug', new TypeError('x is undefined')],
  ])('%s is not', (_name, error) => {
    expect(isConnectionFault(error)).toBe(false);
  });
});
