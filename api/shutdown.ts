import type { Server } from 'node:http';
import type { Logger } from 'pino';

export interface DrainOptions {
  /** How long in-flight requests may run after the signal before they are cut off. */
  graceMs: number;
  logger: Logger;
  /** Closes what the server used (the domain's pool), after the last response. */
  close: () => Promise<void>;
  /** Signals that start the drain (default SIGTERM and SIGINT). */
  signals?: NodeJS.Signals[];
}

/**
 * On SIGTERM: stop accepting connections, close idle keep-alive sockets at once (and each busy
 * one as soon as its response is written), let in-flight requests finish within the grace period,
 * then close the domain and exit 0. Past the grace period the remaining sockets are cut and the
 * process exits 1, so an orchestrator sees that answers were lost.
 */
export const drainOnSignal = (server: Server, options: DrainOptions) => {
  let stopping = false;
  const drain = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal, graceMs: options.graceMs }, 'stopping: draining requests');
    // A kept-alive socket whose response was just sent must not take another request.
    server.on('request', (_req, res) => {
      res.shouldKeepAlive = false;
    });
    server.close(() => {
      clearInterval(sweeper);
      options
        .close()
        .catch((error: unknown) => options.logger.error({ err: error }, 'close failed'))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    // A busy keep-alive socket turns idle when its response ends; close it then.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    setTimeout(() => {
      options.logger.error('grace period over: cutting remaining connections');
      server.closeAllConnections();
      process.exit(1);
    }, options.graceMs).unref();
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, drain);
};
