/**
 * `npm run bench:api`: the parent's "today" and "week" diary endpoints under 64 concurrent clients,
 * beside the same reads issued directly through node-postgres in the same run. The API runs as its
 * own process (`api/main.ts`, as in production, `API_WORKERS` honoured), so its peak memory and
 * CPU profile are its own.
 *
 * Rows: "parent" samples 4,000 parent/pupil/date picks that repeat during the run (a parent
 * coming back to the diary); "bot-shaped" walks through every Telegram-linked parent of the
 * district in turn (the bot, many different users, each seen once per round).
 *
 * Environment: BENCH_SCHOOLS (20: the district's size; smaller for quick iterations),
 * BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/sabak_bench, or sabak_bench_<n>s
 * for another size; the database is created, migrated and filled once, then reused while its
 * generator version and size match), BENCH_CONCURRENCY (64), BENCH_DURATION_S (15: measured per
 * side and row), BENCH_SLICES (3: each row alternates raw SQL and API slices of DURATION/SLICES, so
 * a drift of the machine weighs on both sides alike), BENCH_WARMUP_S (3: before a side's first
 * slice; 1 s before its later ones), BENCH_POOL (10: database connections of each side),
 * BENCH_CPU_PROF (a folder: the API process writes a V8 CPU profile there), BENCH_API_WARMUP_S (6:
 * load on the API before the first row), BENCH_API_NODE_FLAGS (extra node flags of the API
 * process), BENCH_SEED_ONLY=1 (only make the district), BENCH_ROWS (day,week,bot-day,bot-week),
 * API_WORKERS (passed to the API process).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { QUARTERS } from '../prisma/seed/plan.ts';
import { DISTRICT, ensureDistrict, TG_BASE, type DistrictStats } from './district.ts';
import { mergeLoads, runLoad, startLoad, type LoadResult, type Sample } from './load.ts';
import { rawDiary, weekOf, type RawDiary } from './raw-diary.ts';
import { freePort } from '../test/ports.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const SCHOOLS = env('BENCH_SCHOOLS', DISTRICT.schools);
const URL_ =
  process.env.BENCH_DATABASE_URL ??
  `postgresql://postgres@127.0.0.1:5432/sabak_bench${SCHOOLS === DISTRICT.schools ? '' : `_${SCHOOLS}s`}`;
const CONCURRENCY = env('BENCH_CONCURRENCY', 64);
const DURATION_MS = env('BENCH_DURATION_S', 15) * 1000;
const WARMUP_MS = env('BENCH_WARMUP_S', 3) * 1000;
const SLICES = Math.round(env('BENCH_SLICES', 3));
/** Warm-up of a later slice: the side's worker is warm, its clients only ramp back up. */
const RESUME_MS = 1000;
const POOL = env('BENCH_POOL', 10);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
/** Load on the API before the first measured row (V8's optimising compiler needs a while). */
const API_WARMUP_MS = env('BENCH_API_WARMUP_S', 6) * 1000;
/** API processes (api/main.ts's API_WORKERS); together they hold POOL connections, like raw SQL. */
const API_WORKERS =
  process.env.API_WORKERS === 'auto' ? availableParallelism() : env('API_WORKERS', 1);
const ROWS = (process.env.BENCH_ROWS ?? 'day,week,bot-day,bot-week').split(',');
/** Targets of issue 9: API throughput at least half of raw SQL's, API p99 at most twice raw's. */
const TARGET_SHARE = 0.5;
const TARGET_P99_RATIO = 2;

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

/** `count` pupils (every pupil when null) in a fixed pseudo-random order, each with a school day. */
const loadSamples = async (
  url: string,
  count: number | null,
  salt: number,
  seed: number,
): Promise<Sample[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number }>(
      'SELECT id FROM pupil ORDER BY hashint4(id + $2), id LIMIT $1',
      [count, salt],
    );
    const days = schoolDays();
    const random = lcg(seed);
    return rows.map((r) => ({
      pupilId: r.id,
      tg: (TG_BASE + BigInt(r.id)).toString(),
      date: days[Math.floor(random() * days.length)] as string,
    }));
  } finally {
    await client.end();
  }
};

/** The pids of a process and all its descendants (cluster workers), from /proc. */
const processTree = (pid: number): number[] => {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // gone or not Linux
  }
  return [pid, ...children.flatMap(processTree)];
};

/** Peak resident memory (VmHWM) of a process, in MiB; 0 when unknown. */
const peakRssMiB = (pid: number) => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc, 100 ticks/s). */
const cpuMs = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
};

/** CPU time the whole machine has spent so far (all cores; not idle, I/O wait or steal), in ms. */
const machineBusyMs = () => {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const ticks = fields.slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  // user, nice, system, irq, softirq: not steal (the hypervisor running someone else); guest time
  // is already counted in user.
  const busy = ticks.slice(0, 7).reduce((a, b) => a + b, 0) - idle;
  return busy * 10;
};

/** Starts `api/main.ts` as its own process on a free port and waits until it is ready. */
const startApi = async (serviceToken: string) => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []),
      ...(process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      'api/main.ts',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: URL_,
        SERVICE_TOKEN: serviceToken,
        PORT: String(port),
        HOST: '127.0.0.1',
        API_WORKERS: String(API_WORKERS),
        DB_POOL_SIZE: String(Math.ceil(POOL / API_WORKERS)),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('the API did not become ready in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    origin,
    pids: () => processTree(child.pid as number),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};

interface Row {
  name: string;
  api: LoadResult | null;
  raw: LoadResult;
  /** CPU the API process(es) spent per request (ms), from /proc. */
  apiCpuMs: number | null;
  /** The whole machine's busy CPU per request (ms) during each side's slices: what the ratio is made of. */
  machineMs: { raw: number; api: number | null };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const pad = (text: string, width: number) => text.padStart(width);
const pct = (n: number) => `${fmt(n * 100, 0)}%`;

const printTable = (stats: DistrictStats, rows: Row[], apiNote: string | null, extra: string[]) => {
  console.log('');
  console.log(
    `District: ${stats.schools} schools, ${stats.classes} classes, ${stats.pupils} pupils, ${stats.lessons} lessons, ` +
      `${stats.marks} marks, ${stats.attendance} attendance entries`,
  );
  console.log(
    `Load: ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s measured per side in ${SLICES} alternating slices (raw, API, raw, …) after ${WARMUP_MS / 1000} s warm-up (${Math.min(WARMUP_MS, RESUME_MS) / 1000} s before later slices), ${POOL} DB connections per side` +
      `, ${API_WORKERS} API process${API_WORKERS > 1 ? 'es' : ''}`,
  );
  console.log('');
  const header = `${'endpoint'.padEnd(46)}${pad('API req/s', 10)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)} │${pad('raw req/s', 10)}${pad('p50 ms', 8)}${pad('p99 ms', 8)} │${pad('API/raw', 8)}${pad('p99 ×', 7)}`;
  console.log(header);
  console.log('─'.repeat(header.length));
  for (const row of rows) {
    const api = row.api;
    console.log(
      row.name.padEnd(46) +
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
        pad(api ? pct(api.rps / row.raw.rps) : '—', 8) +
        pad(api ? fmt(api.p99 / row.raw.p99) : '—', 7),
    );
  }
  console.log('');
  if (apiNote) console.log(apiNote);
  for (const row of rows)
    if (row.apiCpuMs !== null)
      console.log(
        `${row.name.padEnd(46)} API process CPU per request: ${fmt(row.apiCpuMs, 2)} ms; ` +
          `whole machine per request: API ${fmt(row.machineMs.api ?? 0, 2)} ms, raw SQL ${fmt(row.machineMs.raw, 2)} ms`,
      );
  for (const line of extra) console.log(line);
  for (const row of rows) {
    if (!row.api) continue;
    const share = row.api.rps / row.raw.rps;
    const ratio = row.api.p99 / row.raw.p99;
    const clean = row.api.errors === 0;
    console.log(
      `${row.name.padEnd(46)} throughput ${pct(share)} of raw ≥ ${pct(TARGET_SHARE)}: ${share >= TARGET_SHARE ? 'PASS' : 'FAIL'}   ` +
        `p99 ${fmt(ratio)}× raw ≤ ${TARGET_P99_RATIO}×: ${ratio <= TARGET_P99_RATIO ? 'PASS' : 'FAIL'}` +
        (clean
          ? ''
          : `   errors: ${JSON.stringify(row.api.statuses)} first: ${row.api.firstError}`),
    );
  }
};

interface ApiDiaryBody {
  lessons?: { lessonId?: number | null; marks?: unknown[]; attendance?: unknown }[];
  days?: ApiDiaryBody[];
}

/** What the API's diary shows, counted the way the raw reads count: lessons held, marks, attendance. */
const countApi = (body: ApiDiaryBody): RawDiary => {
  const lessons = (body.days ?? [body]).flatMap((d) => d.lessons ?? []);
  return {
    lessons: lessons.filter((l) => l.lessonId != null).length,
    marks: lessons.reduce((n, l) => n + (l.marks?.length ?? 0), 0),
    attendance: lessons.filter((l) => l.attendance != null).length,
  };
};

/**
 * The API and raw SQL must read the same diary: for the first `n` samples, day and week, the
 * lessons held, marks and attendance entries agree. Returns the disagreements.
 */
const probeAgreement = async (origin: string, serviceToken: string, samples: Sample[]) => {
  const pool = new pg.Pool({ connectionString: URL_, max: 1 });
  const problems: string[] = [];
  try {
    for (const s of samples) {
      for (const view of ['day', 'week'] as const) {
        const res = await fetch(
          `${origin}/api/v1/pupils/${s.pupilId}/diary/${view}?date=${s.date}`,
          {
            headers: { authorization: `Bearer ${serviceToken}`, 'x-telegram-user-id': s.tg },
          },
        );
        if (res.status === 404 && problems.length === 0 && s === samples[0])
          return 'API side skipped: GET /api/v1/pupils/:pupilId/diary/day answers 404 (the diary routes are not there yet).';
        if (res.status !== 200) {
          problems.push(
            `${view} ${s.pupilId} ${s.date}: ${res.status} ${(await res.text()).slice(0, 200)}`,
          );
          continue;
        }
        const api = countApi((await res.json()) as ApiDiaryBody);
        const [from, to] = view === 'day' ? [s.date, s.date] : weekOf(s.date);
        const raw = await rawDiary(pool, s.tg, s.pupilId, from, to);
        if (JSON.stringify(api) !== JSON.stringify(raw))
          problems.push(
            `${view} ${s.pupilId} ${s.date}: API ${JSON.stringify(api)}, raw ${JSON.stringify(raw)}`,
          );
      }
    }
  } finally {
    await pool.end();
  }
  return problems.length === 0
    ? null
    : `API side skipped: the API and raw SQL disagree (${problems.length}):\n  ${problems.slice(0, 5).join('\n  ')}`;
};

const main = async () => {
  const stats = await ensureDistrict(URL_, SCHOOLS);
  if (process.env.BENCH_SEED_ONLY === '1') return;
  const parents = await loadSamples(URL_, 4000, 0, 42);
  const bot = await loadSamples(URL_, null, 7919, 7);
  log(
    `${parents.length} parent/pupil/date samples; ${bot.length} Telegram users for the bot-shaped rows`,
  );

  const serviceToken = randomBytes(24).toString('base64url');
  const api = await startApi(serviceToken);
  const probes = 20;
  const apiNote = await probeAgreement(api.origin, serviceToken, parents.slice(0, probes));
  if (!apiNote)
    log(
      `probe: API and raw SQL read the same lessons, marks and attendance (${probes} pupils, day and week)`,
    );
  if (!apiNote) {
    // A serving API is warm: let V8 optimise the request path before anything is measured.
    log(`warming the API up (${API_WARMUP_MS / 1000} s)…`);
    for (const view of ['day', 'week'] as const)
      await runLoad({
        view,
        poolSize: POOL,
        concurrency: CONCURRENCY,
        warmupMs: API_WARMUP_MS / 2,
        durationMs: 1,
        samples: parents,
        kind: 'http',
        target: api.origin,
        serviceToken,
      });
  }

  const rows: Row[] = [];
  const plan = [
    { key: 'day', view: 'day', samples: parents, label: 'parent' },
    { key: 'week', view: 'week', samples: parents, label: 'parent' },
    { key: 'bot-day', view: 'day', samples: bot, label: 'bot-shaped' },
    { key: 'bot-week', view: 'week', samples: bot, label: 'bot-shaped' },
  ] as const;
  for (const item of plan.filter((p) => ROWS.includes(p.key))) {
    const common = {
      view: item.view,
      poolSize: POOL,
      concurrency: CONCURRENCY,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS / SLICES,
      samples: item.samples,
    };
    // Each side keeps its worker (clients, connections, JIT) from slice to slice, as the API
    // process keeps its own; a later slice only ramps back up from the other side's turn.
    const rawLoad = startLoad({ ...common, kind: 'sql', target: URL_ });
    const apiLoad = apiNote
      ? null
      : startLoad({ ...common, kind: 'http', target: api.origin, serviceToken });
    await Promise.all([rawLoad.ready, apiLoad?.ready]);
    const rawSlices: LoadResult[] = [];
    const apiSlices: LoadResult[] = [];
    let apiCpu = 0;
    let rawMachine = 0;
    let apiMachine = 0;
    for (let slice = 1; slice <= SLICES; slice++) {
      const warmup = slice === 1 ? WARMUP_MS : Math.min(WARMUP_MS, RESUME_MS);
      log(`${item.key}: raw SQL (${slice}/${SLICES})…`);
      let machineBefore = machineBusyMs();
      rawSlices.push(await rawLoad.slice(warmup, common.durationMs));
      rawMachine += machineBusyMs() - machineBefore;
      if (!apiLoad) continue;
      log(`${item.key}: API (${slice}/${SLICES})…`);
      const cpuBefore = api.pids().reduce((n, pid) => n + cpuMs(pid), 0);
      machineBefore = machineBusyMs();
      apiSlices.push(await apiLoad.slice(warmup, common.durationMs));
      apiCpu += api.pids().reduce((n, pid) => n + cpuMs(pid), 0) - cpuBefore;
      apiMachine += machineBusyMs() - machineBefore;
    }
    await rawLoad.close();
    await apiLoad?.close();
    const raw = mergeLoads(rawSlices);
    const apiResult = apiNote ? null : mergeLoads(apiSlices);
    const apiCpuMs = apiResult ? apiCpu / Math.max(1, apiResult.allRequests) : null;
    const machineMs = {
      raw: rawMachine / Math.max(1, raw.allRequests),
      api: apiResult ? apiMachine / Math.max(1, apiResult.allRequests) : null,
    };
    rows.push({
      name: `${item.label.padEnd(11)}GET …/pupils/:id/diary/${item.view}`,
      api: apiResult,
      raw,
      apiCpuMs,
      machineMs,
    });
  }
  const pids = api.pids();
  const peaks = pids.map(peakRssMiB);
  await api.stop();
  const total = peaks.reduce((a, b) => a + b, 0);
  printTable(stats, rows, apiNote, [
    `API peak memory (RSS): ${fmt(total, 0)} MiB` +
      (pids.length > 1
        ? ` over ${pids.length} processes (${peaks.map((p) => fmt(p, 0)).join(' + ')})`
        : ' (one process)'),
    ...(CPU_PROF_DIR ? [`CPU profile of the API process: ${CPU_PROF_DIR}`] : []),
    '',
  ]);
  if (apiNote) process.exitCode = 1;
};

await main();
