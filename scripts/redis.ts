/**
 * Redis for `npm start` (DESIGN: "if nothing listens there and a redis-server binary is on PATH,
 * the start script may start one for local use; otherwise it says clearly what to install").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';

export interface LocalRedis {
  url: string;
  /** Stops the redis-server this script started (nothing when it found one running). */
  stop: () => Promise<void>;
}

/** Does something accept TCP connections at host:port (answers within a second)? */
export const isListening = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, host);
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const hasRedisServer = () =>
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Returns a Redis to use: the one at `url` when something listens there; else, for a loopback
 * url with `redis-server` on PATH, one started with its files under `dataDir/redis` (no eviction,
 * as BullMQ needs; append-only, so queued jobs survive a restart). Null when neither, after
 * printing what to install.
 */
export const ensureRedis = async (
  url: string,
  dataDir: string,
  log: (message: string) => void,
): Promise<LocalRedis | null> => {
  const { hostname, port: rawPort } = new URL(url);
  const port = Number(rawPort || 6379);
  if (await isListening(hostname, port)) return { url, stop: async () => undefined };
  const isLocal = ['127.0.0.1', 'localhost', '::1'].includes(hostname);
  if (!isLocal || !hasRedisServer()) {
    log(
      `no Redis at ${url}: notifications will not be sent. Install Redis (Debian/Ubuntu: ` +
        '`sudo apt install redis-server`; macOS: `brew install redis`) or set REDIS_URL.',
    );
    return null;
  }
  const dir = path.join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (!(await isListening('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      log(`redis-server did not start on port ${port}; notifications will not be sent.`);
      child.kill('SIGKILL');
      return null;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`started redis-server on 127.0.0.1:${port} (data in ${dir})`);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};
