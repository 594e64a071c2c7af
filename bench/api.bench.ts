/**
 * `npm run bench:api`: the parent's "today" and "week" diary endpoints under 64 concurrent clients,
 * beside the same reads issued directly through node-postgres in the same run.
 *
 * Environment: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/sabak_bench; the
 * database is created, migrated and filled once, then reused), BENCH_CONCURRENCY (64),
 * BENCH_DURATION_S (15), BENCH_WARMUP_S (3), BENCH_POOL (10: database connections of each side).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../api/app.ts';
import { createDomain } from '../domain/index.ts';
import { createI18n } from '../locales/i18n.ts';
import { QUARTERS } from '../prisma/seed/plan.ts';
import { ensureDistrict, TG_BASE, type DistrictStats } from './district.ts';
import { runLoad, type LoadResult, type Sample } from './load.ts';
import { rawDiary } from './raw-diary.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/sabak_bench';
const CONCURRENCY = env('BENCH_CONCURRENCY', 64);
const DURATION_MS = env('BENCH_DURATION_S', 15) * 1000;
const WARMUP_MS = env('BENCH_WARMUP_S', 3) * 1000;
const POOL = env('BENCH_POOL', 10);
const TARGET_P99_MS = 25;
const TARGET_SHARE = 0.4;

const log = (message: string) => console.log(`[bench] ${message}`);

/** Deterministic pseudo-random picks, so runs compare like with like. */
const lcg = (seed: number) => () =>
  (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;

const schoolDays = () =>
  QUARTERS.flatMap(([from, to]) => {
    const out: string[] = [];
    for (
      let t = Date.parse(`${from}T00:00:00Z`);
      t <= Date.parse(`${to}T00:00:00Z`);
      t += 86_400_000
    ) {
      if (new Date(t).getUTCDay() !== 0) out.push(new Date(t).toISOString().slice(0, 10));
    }
    return out;
  });

const loadSamples = async (url: string, count: number): Promise<Sample[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number }>(
      'SELECT id FROM pupil ORDER BY hashint4(id) LIMIT $1',
      [count],
    );
    const days = schoolDays();
    const random = lcg(42);
    return rows.map((r) => ({
      pupilId: r.id,
      tg: (TG_BASE + BigInt(r.id)).toString(),
      date: days[Math.floor(random() * days.length)] as string,
    }));
  } finally {
    await client.end();
  }
};

interface Row {
  view: 'day' | 'week';
  api: LoadResult | null;
  raw: LoadResult;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const pad = (text: string, width: number) => text.padStart(width);

const printTable = (stats: DistrictStats, rows: Row[], apiNote: string | null) => {
  console.log('');
  console.log(
    `District: ${stats.schools} schools, ${stats.classes} classes, ${stats.pupils} pupils, ${stats.lessons} lessons, ` +
      `${stats.marks} marks, ${stats.attendance} attendance entries`,
  );
  console.log(
    `Load: ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s measured after ${WARMUP_MS / 1000} s warm-up, ${POOL} DB connections per side`,
  );
  console.log('');
  const header = `${'endpoint'.padEnd(42)}${pad('API req/s', 10)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)} │${pad('raw req/s', 10)}${pad('p50 ms', 8)}${pad('p99 ms', 8)} │${pad('API/raw', 8)}`;
  console.log(header);
  console.log('─'.repeat(header.length));
  for (const row of rows) {
    const name = `GET /api/v1/pupils/:pupilId/diary/${row.view}`;
    const api = row.api;
    console.log(
      name.padEnd(42) +
        (api
          ? pad(fmt(api.rps, 0), 10) +
            pad(fmt(api.p50), 8) +
            pad(fmt(api.p99), 8) +
            pad(String(api.errors), 8)
          : pad('—', 34)) +
        ' │' +
        pad(fmt(row.raw.rps, 0), 10) +
        pad(fmt(row.raw.p50), 8) +
        pad(fmt(row.raw.p99), 8) +
        ' │' +
        pad(api ? `${fmt((api.rps / row.raw.rps) * 100, 0)}%` : '—', 8),
    );
  }
  console.log('');
  if (apiNote) console.log(apiNote);
  for (const row of rows) {
    if (!row.api) continue;
    const p99 = row.api.p99 <= TARGET_P99_MS;
    const share = row.api.rps >= TARGET_SHARE * row.raw.rps;
    const clean = row.api.errors === 0;
    console.log(
      `${row.view.padEnd(5)} p99 ${fmt(row.api.p99)} ms ≤ ${TARGET_P99_MS} ms: ${p99 ? 'PASS' : 'FAIL'}   ` +
        `throughput ${fmt((row.api.rps / row.raw.rps) * 100, 0)}% of raw ≥ ${TARGET_SHARE * 100}%: ${share ? 'PASS' : 'FAIL'}` +
        (clean
          ? ''
          : `   errors: ${JSON.stringify(row.api.statuses)} first: ${row.api.firstError}`),
    );
  }
};

const main = async () => {
  const stats = await ensureDistrict(URL_);
  const samples = await loadSamples(URL_, 4000);
  log(`${samples.length} parent/pupil/date samples`);

  const serviceToken = randomBytes(24).toString('base64url');
  const domain = createDomain({ databaseUrl: URL_, maxConnections: POOL });
  const app = createApp({
    domain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The API side runs only when the diary routes exist and answer like the raw reads.
  let apiNote: string | null = null;
  const probe = samples[0] as Sample;
  const headers = { authorization: `Bearer ${serviceToken}`, 'x-telegram-user-id': probe.tg };
  const res = await fetch(`${origin}/api/v1/pupils/${probe.pupilId}/diary/day?date=${probe.date}`, {
    headers,
  });
  if (res.status === 404) {
    apiNote =
      'API side skipped: GET /api/v1/pupils/:pupilId/diary/day answers 404 (the diary routes are not there yet).';
  } else if (res.status !== 200) {
    apiNote = `API side skipped: the probe answered ${res.status}: ${(await res.text()).slice(0, 300)}`;
  } else {
    const body = (await res.json()) as { lessons?: { lessonId?: number | null }[] };
    const pool = new pg.Pool({ connectionString: URL_, max: 1 });
    const raw = await rawDiary(pool, probe.tg, probe.pupilId, probe.date, probe.date);
    await pool.end();
    const apiLessons = (body.lessons ?? []).filter((l) => l.lessonId !== null).length;
    log(
      `probe ${probe.date}: API shows ${apiLessons} lessons held, raw SQL reads ${raw?.lessons ?? 'none'}`,
    );
  }

  const rows: Row[] = [];
  for (const view of ['day', 'week'] as const) {
    const common = {
      view,
      poolSize: POOL,
      concurrency: CONCURRENCY,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      samples,
    };
    log(`${view}: raw SQL…`);
    const raw = await runLoad({ ...common, kind: 'sql', target: URL_ });
    let api: LoadResult | null = null;
    if (!apiNote) {
      log(`${view}: API…`);
      api = await runLoad({ ...common, kind: 'http', target: origin, serviceToken });
    }
    rows.push({ view, api, raw });
  }
  await new Promise((resolve) => server.close(resolve));
  await domain.close();
  printTable(stats, rows, apiNote);
};

await main();
