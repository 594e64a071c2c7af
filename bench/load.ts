/**
 * A closed-loop load driver: `concurrency` clients each send a request, wait for the answer and
 * send the next, first for a warm-up and then for a measured period. It runs in a worker thread,
 * so the clients do not share an event loop with the API under test; the same driver issues the
 * raw-SQL yardstick, so both sides pay the same client costs.
 */
import { Worker } from 'node:worker_threads';

export interface Sample {
  pupilId: number;
  /** Telegram user id of the pupil's parent. */
  tg: string;
  /** "YYYY-MM-DD" */
  date: string;
}

export interface LoadJob {
  kind: 'http' | 'sql';
  view: 'day' | 'week';
  /** The API origin (http) or the database URL (sql). */
  target: string;
  serviceToken?: string;
  /** Database connections of the raw-SQL side (the API's pool has the same size). */
  poolSize: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  samples: Sample[];
}

export interface LoadResult {
  requests: number;
  /** Requests answered during warm-up and measurement (the work an API process did). */
  allRequests: number;
  errors: number;
  statuses: Record<string, number>;
  firstError: string | null;
  seconds: number;
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Runs one load job in a fresh worker thread and returns its measurements. */
export const runLoad = (job: LoadJob): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    // Workers do not inherit tsx's loader: the worker registers it before importing the TypeScript.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.resolve('./load-worker.ts'))}); })`;
    const worker = new Worker(boot, { eval: true, workerData: job });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`));
    });
  });

/** The p-th percentile (0–100) of ascending `sorted`. */
export const percentile = (sorted: Float64Array | number[], p: number) => {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
};
