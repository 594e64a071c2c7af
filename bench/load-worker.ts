/** The body of a load worker thread (see load.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { Pool as HttpPool } from 'undici';
import { summarize, type LoadJob, type LoadResult, type Sample } from './load.ts';
import { rawDiary, weekOf } from './raw-diary.ts';

const job = workerData as LoadJob;

type Call = (sample: Sample) => Promise<string | null>;

const httpCall = (): { call: Call; close: () => Promise<void> } => {
  const pool = new HttpPool(job.target, { connections: job.concurrency, pipelining: 1 });
  const headers = { authorization: `Bearer ${job.serviceToken ?? ''}`, 'x-telegram-user-id': '' };
  return {
    call: async (s) => {
      const res = await pool.request({
        method: 'GET',
        path: `/api/v1/pupils/${s.pupilId}/diary/${job.view}?date=${s.date}`,
        headers: { ...headers, 'x-telegram-user-id': s.tg },
      });
      const body = await res.body.text();
      return res.statusCode === 200 ? null : `${res.statusCode} ${body.slice(0, 200)}`;
    },
    close: () => pool.close(),
  };
};

const sqlCall = (): { call: Call; close: () => Promise<void> } => {
  // Kept open between slices (the API keeps its pool too).
  const pool = new pg.Pool({
    connectionString: job.target,
    max: job.poolSize,
    idleTimeoutMillis: 0,
  });
  return {
    call: async (s) => {
      const [from, to] = job.view === 'day' ? [s.date, s.date] : weekOf(s.date);
      const diary = await rawDiary(pool, s.tg, s.pupilId, from, to);
      return diary ? null : 'refused';
    },
    close: () => pool.end(),
  };
};

const { call, close } = job.kind === 'http' ? httpCall() : sqlCall();
/** Where the clients are in the samples: it carries on from slice to slice. */
let cursor = 0;

/** Runs the clients for a warm-up and a measured period, then stops them. */
const slice = async (warmupMs: number, durationMs: number): Promise<LoadResult> => {
  let latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const statuses: Record<string, number> = {};
  let measuring = false;
  let stop = false;
  let all = 0;
  const client = async () => {
    while (!stop) {
      const sample = job.samples[cursor++ % job.samples.length] as Sample;
      const start = performance.now();
      let error: string | null;
      try {
        error = await call(sample);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const ms = performance.now() - start;
      all++;
      if (!measuring) continue;
      latencies.push(ms);
      const status = error ? (error.split(' ')[0] ?? 'error') : 'ok';
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  const clients = Array.from({ length: job.concurrency }, () => client());
  await new Promise((r) => setTimeout(r, warmupMs));
  latencies = [];
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, durationMs));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const measured = Float64Array.from(latencies).sort();
  stop = true;
  await Promise.all(clients);
  return summarize(measured, { allRequests: all, errors, statuses, firstError, seconds });
};

parentPort?.on(
  'message',
  (message: { type: 'slice'; warmupMs: number; durationMs: number } | { type: 'close' }) => {
    if (message.type === 'slice') {
      void slice(message.warmupMs, message.durationMs).then((result) =>
        parentPort?.postMessage(result),
      );
      return;
    }
    void close().then(() => parentPort?.close());
  },
);
parentPort?.postMessage('ready');
