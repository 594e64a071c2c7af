// Entry of the import's parse worker. Node 20 cannot load TypeScript in a worker thread through
// `--import tsx` hooks, so the worker starts as plain JavaScript and loads the .ts entry with
// tsx's own API (the apps already run on tsx).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
