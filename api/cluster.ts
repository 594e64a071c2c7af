import cluster from 'node:cluster';
import type { Logger } from 'pino';

/**
 * The primary of `API_WORKERS` processes sharing the API's port (node:cluster): forks them,
 * replaces one that dies while serving, and on SIGTERM or SIGINT passes the signal on and exits
 * once all have drained (1 if any did not drain cleanly). A worker that dies before it listens (a
 * busy port, bad configuration) stops them all: starting another would only fail the same way.
 */
export const superviseWorkers = (count: number, logger: Logger) => {
  let stopping = false;
  let exitCode = 0;
  const alive = new Set<number>();
  const listening = new Set<number>();
  const fork = () => alive.add(cluster.fork().id);
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    if (alive.size === 0) process.exit(exitCode);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (listening.size === count) logger.info({ workers: count }, 'all API workers listening');
  });
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id);
    const wasListening = listening.delete(worker.id);
    if (code !== 0 || signal) exitCode = 1;
    if (stopping) {
      if (alive.size === 0) process.exit(exitCode);
      return;
    }
    if (!wasListening) {
      logger.fatal({ pid: worker.process.pid, code }, 'an API worker failed to start; stopping');
      stopAll('SIGTERM');
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'an API worker died; starting another');
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      if (!stopping) stopAll('SIGTERM');
    });
  logger.info({ workers: count }, `API: ${count} worker processes`);
};
