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
  /** The measured latencies (ms), ascending: slices of one row are merged from these. */
  latencies: Float64Array;
}

/** A load job's worker thread, kept between the slices of a row (its connections and JIT stay warm). */
export interface Load {
  /** Resolves once the worker has loaded (its start-up is not part of any slice). */
  ready: Promise<void>;
  /** Runs the clients for `warmupMs` unmeasured, then `durationMs` measured, and stops them. */
  slice: (warmupMs: number, durationMs: number) => Promise<LoadResult>;
  close: () => Promise<void>;
}

/** Starts a load job in a worker thread; nothing runs until `slice`. */
export const startLoad = (job: LoadJob): Load => {
  // Workers do not inherit tsx's loader: the worker registers it before importing the TypeScript.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.resolve('./load-worker.ts'))}); })`;
  const worker = new Worker(boot, { eval: true, workerData: job });
  let pending: { resolve: (r: LoadResult) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    pending?.reject(error);
    pending = null;
  };
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('message', (message: LoadResult | 'ready') => {
    if (message === 'ready') return markReady();
    pending?.resolve(message);
    pending = null;
  });
  worker.on('error', fail);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fail(new Error(`load worker exited with code ${code}`));
      resolve();
    }),
  );
  return {
    ready,
    slice: (warmupMs, durationMs) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        pending = { resolve, reject };
        worker.postMessage({ type: 'slice', warmupMs, durationMs });
      }),
    close: async () => {
      worker.postMessage({ type: 'close' });
      await exited;
    },
  };
};

/** Runs one load job in a fresh worker thread, one slice, and returns its measurements. */
export const runLoad = async (job: LoadJob): Promise<LoadResult> => {
  const load = startLoad(job);
  try {
    return await load.slice(job.warmupMs, job.durationMs);
  } finally {
    await load.close();
  }
};

/** The p-th percentile (0–100) of ascending `sorted`. */
export const percentile = (sorted: Float64Array | number[], p: number) => {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
};

/** A result from the measured latencies (ascending) and the counts that go with them. */
export const summarize = (
  latencies: Float64Array,
  counts: Pick<LoadResult, 'allRequests' | 'errors' | 'statuses' | 'firstError' | 'seconds'>,
): LoadResult => ({
  ...counts,
  requests: latencies.length,
  rps: latencies.length / counts.seconds,
  p50: percentile(latencies, 50),
  p90: percentile(latencies, 90),
  p99: percentile(latencies, 99),
  max: latencies[latencies.length - 1] ?? 0,
  latencies,
});

/**
 * One result from several slices of the same load (the rows alternate raw SQL and API slices, so
 * a drift of the machine during a row weighs on both sides alike): counts and seconds add up,
 * percentiles come from all the slices' latencies together.
 */
export const mergeLoads = (slices: LoadResult[]): LoadResult => {
  const latencies = new Float64Array(slices.reduce((n, s) => n + s.latencies.length, 0));
  let at = 0;
  for (const s of slices) {
    latencies.set(s.latencies, at);
    at += s.latencies.length;
  }
  latencies.sort();
  const statuses: Record<string, number> = {};
  for (const s of slices)
    for (const [status, n] of Object.entries(s.statuses))
      statuses[status] = (statuses[status] ?? 0) + n;
  return summarize(latencies, {
    allRequests: slices.reduce((n, s) => n + s.allRequests, 0),
    errors: slices.reduce((n, s) => n + s.errors, 0),
    statuses,
    firstError: slices.find((s) => s.firstError)?.firstError ?? null,
    seconds: slices.reduce((n, s) => n + s.seconds, 0),
  });
};
