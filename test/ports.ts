import { createServer } from 'node:net';

/** Does something accept TCP connections at host:port (the start script's own probe)? */
export { isListening } from '../scripts/redis.ts';

/** A TCP port free on loopback right now (for a child process or a server that needs a number). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
