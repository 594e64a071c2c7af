/**
 * Redis stops for 30 s while a teacher enters marks, then comes back: every mark reaches each
 * linked chat exactly once. Runs its own redis-server (temporary directory, free port, append-only
 * file as production should) so the shared Redis is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../domain/actor.ts';
import { TG } from '../../test/world.ts';
import type { NotifyWorker } from '../app.ts';
import { createPipelineHarness, waitFor, type PipelineHarness } from './harness.ts';
import { freePort, isListening } from '../../test/ports.ts';

const OUTAGE_MS = 30_000;

let dir: string;
let port: number;
let redis: ChildProcess | null = null;

const startRedis = async () => {
  redis = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(() => isListening('127.0.0.1', port), 10_000);
};

const stopRedis = async () => {
  const child = redis;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
  redis = null;
};

let h: PipelineHarness;
let worker: NotifyWorker;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-redis-'));
  port = await freePort();
  await startRedis();
  h = await createPipelineHarness({ windowMs: 300 });
  const { users } = h.world;
  await h.db.prisma.notificationPreference.createMany({
    data: [users.parentA.id, users.pupilA.id].map((userId) => ({
      userId,
      quietFrom: null,
      quietTo: null,
    })),
  });
  worker = await h.start({ redisUrl: `redis://127.0.0.1:${port}`, sweepIdleMs: 1_000 });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await stopRedis();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('Redis down for 30 s while marks are entered', () => {
  it('every mark reaches the parent and the pupil exactly once after Redis is back', async () => {
    const teacher = await loadActor(h.db.prisma, h.world.users.teacherOfClass.id);
    // One lesson a day (1–13 October, no Sundays): each mark is its own line "(dd.10)".
    const days = [1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 13];
    const lessons: { id: number }[] = [];
    for (const day of days) {
      lessons.push(
        await h.db.prisma.lesson.create({
          data: {
            classGroupId: h.world.classA.id,
            subjectId: h.world.math.id,
            teacherId: h.world.users.teacherOfClass.id,
            date: new Date(Date.UTC(2026, 9, day)),
            lessonNumber: 1,
          },
        }),
      );
    }
    const mark = (i: number) =>
      h.domain.journal.recordMark(teacher, {
        lessonId: lessons[i]?.id ?? 0,
        pupilId: h.world.pupilA.id,
        value: 5,
        kind: 'ORAL',
        reason: 'кечигип коюлду',
      });
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    // Two marks go through normally, the third right before Redis dies.
    await mark(0);
    await waitFor(() => h.fake.sentTo(Number(TG.parentA)).length >= 1);
    await mark(1);
    await mark(2);
    await stopRedis();
    const downAt = Date.now();
    // Marks keep coming while Redis is away; each commits (the database is up).
    for (let i = 3; i < days.length; i++) {
      await mark(i);
      await pause(OUTAGE_MS / (days.length - 3));
    }
    await pause(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    const sentWhileDown = h.fake.sent.length;
    await startRedis();

    const lines = (chat: bigint) =>
      h.fake
        .sentTo(Number(chat))
        .flatMap((m) => m.text.split('\n'))
        .filter((l) => l.includes('Математика'));
    const ddmm = days.map((d) => `${String(d).padStart(2, '0')}.10`);
    await waitFor(
      () =>
        ddmm.every((d) => lines(TG.parentA).some((l) => l.includes(`(${d})`))) &&
        ddmm.every((d) => lines(TG.pupilA).some((l) => l.includes(`(${d})`))),
      90_000,
    );
    // Late duplicates (a stalled job run again) would arrive shortly after.
    await pause(3_000);
    for (const chat of [TG.parentA, TG.pupilA]) {
      for (const d of ddmm) {
        expect(
          lines(chat).filter((l) => l.includes(`(${d})`)),
          `${chat} ${d}`,
        ).toHaveLength(1);
      }
    }
    expect(
      await h.db.prisma.delivery.count({
        where: { chatId: { in: [TG.parentA, TG.pupilA] }, status: { not: 'SENT' } },
      }),
    ).toBe(0);
    expect(sentWhileDown).toBeLessThanOrEqual(h.fake.sent.length);
  }, 180_000);
});
