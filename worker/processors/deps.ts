import type { Logger } from 'pino';
import type { Domain } from '../../domain/index.ts';
import type { QueueSet } from '../queues.ts';

/** What every processor receives from the composition root. */
export interface ProcessorDeps {
  domain: Domain;
  queues: QueueSet;
  logger: Logger;
}
