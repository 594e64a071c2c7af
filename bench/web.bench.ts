/**
 * `npm run bench:web`: the teachers' web journal on this machine. The page of a class journal
 * (40 pupils × 70 lessons of one quarter, every attendance taken, about a third of the cells with
 * a mark) and the save of one mark through the page's own request (POST with the CSRF token,
 * answered with the pupil's row re-rendered), each beside a static file from the same server
 * measured in the same run (the baseline: Express, helmet and the socket, without the domain).
 * One client on loopback, requests one after another, so each time is the server's time for one
 * request plus loopback — no queueing.
 *
 * Environment: BENCH_WEB_REQUESTS (400 measured requests per row), BENCH_WEB_WARMUP (50),
 * BENCH_WEB_PUPILS (40), BENCH_WEB_LESSONS (70). Real PostgreSQL (TEST_DATABASE_URL's server).
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { dateOnly } from '../domain/dates.ts';
import { applyMigrations } from '../prisma/scripts/schema-engine.ts';
import { createApiHarness } from '../test/api-harness.ts';
import { createTemplate, newTemplateName } from '../test/db.ts';
import { TEST_PASSWORD } from '../test/world.ts';
import { percentile } from './load.ts';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};
const REQUESTS = env('BENCH_WEB_REQUESTS', 400);
const WARMUP = env('BENCH_WEB_WARMUP', 50);
const PUPILS = env('BENCH_WEB_PUPILS', 40);
const LESSONS = env('BENCH_WEB_LESSONS', 70);
/** Targets of issue 8: the journal page p95 ≤ 50 ms, a mark save p95 ≤ 20 ms. */
const TARGET_PAGE_MS = 50;
const TARGET_SAVE_MS = 20;

const log = (message: string) => console.log(`[bench] ${message}`);

/** A browser's cookie jar, enough for one origin. */
const jar = () => {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take: (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
  };
};

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  /** CPU time of this process (server and client together) per request, in ms. */
  cpu: number;
  errors: number;
}

/**
 * Runs `send` WARMUP times, then REQUESTS times, timing each; non-2xx answers are errors. `send`
 * may also return nothing (an in-process call).
 */
const time = async (send: (i: number) => Promise<unknown>): Promise<Timing> => {
  const settle = async (r: unknown) => {
    if (r instanceof Response) {
      await r.arrayBuffer();
      return r.ok;
    }
    return true;
  };
  for (let i = 0; i < WARMUP; i++) await settle(await send(i));
  const times = new Float64Array(REQUESTS);
  let errors = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const ok = await settle(await send(WARMUP + i));
    times[i] = performance.now() - started;
    if (!ok) errors++;
  }
  const used = process.cpuUsage(cpu);
  times.sort();
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    cpu: (used.user + used.system) / 1000 / REQUESTS,
    errors,
  };
};

const fmt = (n: number) => n.toFixed(1);

const main = async () => {
  const dropTemplate = await createTemplate(
    (process.env.SABAK_TEST_TEMPLATE = newTemplateName()),
    applyMigrations,
  );
  const h = await createApiHarness();
  const server = h.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { world } = h;
    const db = h.db.prisma;
    // The class: the world's two pupils and more, up to PUPILS.
    await db.pupil.createMany({
      data: Array.from({ length: PUPILS - 2 }, (_, i) => ({
        schoolId: world.school.id,
        classGroupId: world.classA.id,
        lastName: `Окуучу${String(i).padStart(2, '0')}`,
        firstName: ['Айбек', 'Айпери', 'Бекзат', 'Гүлайым', 'Нурсултан'][i % 5] ?? 'Айбек',
      })),
    });
    const pupils = await db.pupil.findMany({
      where: { classGroupId: world.classA.id },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    // LESSONS math lessons of the first quarter, two a day from 1 September (Sundays off),
    // the last ones in the week before the benchmark's "today" (15 October).
    await db.lesson.deleteMany({ where: { classGroupId: world.classA.id } });
    const slots: { date: string; n: number }[] = [];
    for (let t = Date.parse('2026-09-01T00:00:00Z'); slots.length < LESSONS; t += 86_400_000) {
      const date = new Date(t);
      if (date.getUTCDay() === 0) continue;
      const iso = date.toISOString().slice(0, 10);
      if (iso > '2026-10-15') throw new Error('too many lessons for the first quarter');
      slots.push({ date: iso, n: 1 }, { date: iso, n: 2 });
    }
    await db.lesson.createMany({
      data: slots.slice(0, LESSONS).map((s) => ({
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly(s.date),
        lessonNumber: s.n,
        topic: `Тема ${s.date}`,
      })),
    });
    const lessons = await db.lesson.findMany({
      where: { classGroupId: world.classA.id, subjectId: world.math.id },
      select: { id: true, date: true },
      orderBy: [{ date: 'asc' }, { lessonNumber: 'asc' }],
    });
    let k = 0;
    await db.attendance.createMany({
      data: lessons.flatMap((l) =>
        pupils.map((p) => ({
          lessonId: l.id,
          pupilId: p.id,
          date: l.date,
          status: ++k % 23 === 0 ? ('ABSENT' as const) : ('PRESENT' as const),
        })),
      ),
    });
    await db.mark.createMany({
      data: lessons.flatMap((l, li) =>
        pupils
          .filter((_, pi) => (li + pi) % 3 === 0)
          .map((p, pi) => ({
            lessonId: l.id,
            pupilId: p.id,
            subjectId: world.math.id,
            teacherId: world.users.teacherOfClass.id,
            date: l.date,
            value: 2 + ((li * 7 + pi) % 4),
            kind: 'ORAL' as const,
          })),
      ),
    });
    log(
      `class of ${pupils.length} pupils × ${lessons.length} lessons: ${await db.mark.count()} marks, ${await db.attendance.count()} attendance entries`,
    );

    // Sign in through the sign-in page, as a browser would.
    const cookies = jar();
    const get = async (path: string, accept = 'text/html') => {
      const res = await fetch(origin + path, {
        headers: { cookie: cookies.header(), accept, 'accept-language': 'ky' },
        redirect: 'manual',
      });
      cookies.take(res);
      return res;
    };
    const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const loginPage = await (await get('/login')).text();
    const login = await fetch(`${origin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: cookies.header(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        _csrf: tokenOf(loginPage),
        login: world.users.teacherOfClass.login ?? '',
        password: TEST_PASSWORD,
      }),
    });
    cookies.take(login);
    if (login.status !== 303) throw new Error(`sign-in failed: ${login.status}`);

    const termId = world.terms[0]?.id ?? 0;
    const pageUrl = `/journal/${world.classA.id}/${world.math.id}?termId=${termId}`;
    const first = await get(pageUrl);
    const html = await first.text();
    if (first.status !== 200) throw new Error(`journal page: ${first.status}`);
    const cells = (html.match(/<td class="cell" /g) ?? []).length;
    log(`journal page: ${Math.round(html.length / 1024)} KiB of HTML, ${cells} cells`);
    const token =
      (
        JSON.parse(
          /hx-headers="([^"]+)"/.exec(html)?.[1]?.replace(/&quot;/g, '"') ?? '{}',
        ) as Record<string, string>
      )['x-csrf-token'] ?? '';
    const css = /href="(\/static\/app\.css\?v=[^"]+)"/.exec(html)?.[1] ?? '/static/app.css';

    // Saves go to the lessons of the last week (inside the late-entry window), cycling pupils.
    const recent = lessons.filter((l) => l.date.toISOString().slice(0, 10) >= '2026-10-09');
    const saveUrl = `${origin}/journal/${world.classA.id}/${world.math.id}/marks`;
    const save = (i: number) => {
      const lesson = recent[i % recent.length];
      const pupil = pupils[Math.floor(i / recent.length) % pupils.length];
      return fetch(saveUrl, {
        method: 'POST',
        headers: {
          cookie: cookies.header(),
          'x-csrf-token': token,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
        },
        body: new URLSearchParams({
          termId: String(termId),
          lessonId: String(lesson?.id),
          pupilId: String(pupil?.id),
          value: String(2 + (i % 4)),
          kind: 'WRITTEN',
        }),
      });
    };

    log('baseline: a static file…');
    const staticBefore = await time(() => get(css, 'text/css'));
    log('the grid use case alone (in process, no HTTP)…');
    const { loadActor } = await import('../domain/actor.ts');
    const teacher = await loadActor(db, world.users.teacherOfClass.id);
    const grid = await time(() =>
      h.domain.journal.getClassJournal(teacher, {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        termId,
      }),
    );
    log('the journal page…');
    const page = await time(() => get(pageUrl));
    log('a mark save…');
    const saves = await time(save);
    log('baseline again…');
    const staticAfter = await time(() => get(css, 'text/css'));
    const baseline = staticBefore.p95 <= staticAfter.p95 ? staticBefore : staticAfter;
    const saved = await db.mark.count({ where: { kind: 'WRITTEN' } });

    const rows: [string, Timing, number | null][] = [
      ['domain only: getClassJournal (in process)', grid, null],
      [`journal page (${pupils.length} pupils × ${lessons.length} lessons)`, page, TARGET_PAGE_MS],
      ['mark save round trip (POST, row re-rendered)', saves, TARGET_SAVE_MS],
    ];
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    console.log('');
    console.log(
      `Web journal, ${REQUESTS} sequential requests per row after ${WARMUP} warm-up, one client on loopback`,
    );
    console.log('');
    console.log(
      line([
        'request',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'CPU ms/req',
        'errors',
        'baseline p95 ms',
        'p95 ÷ baseline',
        'target p95',
        'met',
      ]),
    );
    console.log(
      line(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
    );
    console.log(
      line([
        'baseline: static file (app.css)',
        fmt(baseline.p50),
        fmt(baseline.p95),
        fmt(baseline.p99),
        fmt(baseline.cpu),
        String(baseline.errors),
        fmt(baseline.p95),
        '1.0',
        '—',
        '—',
      ]),
    );
    for (const [name, t, target] of rows)
      console.log(
        line([
          name,
          fmt(t.p50),
          fmt(t.p95),
          fmt(t.p99),
          fmt(t.cpu),
          String(t.errors),
          fmt(baseline.p95),
          (t.p95 / Math.max(baseline.p95, 0.001)).toFixed(1),
          target === null ? '—' : `≤ ${target}`,
          target === null ? '—' : t.p95 <= target && t.errors === 0 ? 'yes' : 'no',
        ]),
      );
    console.log('');
    console.log(
      `Load average while measuring: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' / ',
        )} on ${availableParallelism()} cores: other work on the machine slows every row alike; compare the ratios. CPU ms/req counts this process (server and client).`,
    );
    console.log(
      `${saved} distinct WRITTEN marks stored by the saves (upserts per lesson, pupil and kind)`,
    );
    if (page.errors + saves.errors > 0) process.exitCode = 1;
  } finally {
    server.closeAllConnections();
    server.close();
    await h.close();
    await dropTemplate();
  }
};

await main();
